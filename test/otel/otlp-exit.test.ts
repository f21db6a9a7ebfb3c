// A finished application exits, whatever the OTLP collector does: the push
// never holds the process open, and the last push at exit keeps it alive for
// at most OTEL_METRIC_EXPORT_TIMEOUT. Each case runs a real application under
// `--import hpy-node/register` against a collector on loopback that refuses
// connections, or accepts them and never answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { hpyMetricProducer, startOtlpExporter } from '../../src/otel';
import { TEST_RESOURCE, close, mod, snap } from './helpers';

const ROOT = join(__dirname, '..', '..');
/** How long after the application is done its process may take to exit.
 * What these tests tell apart is exiting once done (at most a push's
 * timeout, 0.1-1.5 s here) from waiting out the OTLP exporter's retries of
 * the last push (8-10 s, the bug they guard against) or being held open
 * until KILL_AFTER_MS. The bound sits between, generous on purpose: on a
 * loaded 2-core machine, or under ASan in CI, a process's exit alone has
 * taken over a second. Whether a push waited for its timeout is read from
 * the exporter's own message, not from the clock. */
const EXIT_BOUND_MS = 6000;
const KILL_AFTER_MS = 15000;

/** A port nothing listens on: connections are refused at once. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A collector that accepts every push and never answers it. Its own
 * sockets do not hold this process, so the in-process test sees the client's. */
async function hangingCollector(): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer(() => requests++);
  server.on('connection', (socket) => socket.unref());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  /** ms from the application's last output to the process's exit. */
  exitDelayMs: number;
}

/** Runs the application `script` under hpy-node/register with the given
 * OTLP settings; `running(child)` is called once it started. */
function runApp(script: string, env: Record<string, string>, running?: (child: ChildProcess) => void): Promise<Exit> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'HPY'));
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './src/register.ts', '-e', script], {
    cwd: ROOT,
    env: { ...base, HPY: 'trace', OTEL_METRICS_EXPORTER: 'otlp', ...env },
  });
  let stdout = '';
  let stderr = '';
  let doneAt = NaN;
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  child.stdout.on('data', (d) => {
    stdout += d;
    if (stdout.includes('app done')) doneAt = Date.now();
  });
  child.stderr.on('data', (d) => (stderr += d));
  running?.(child);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, exitDelayMs: Date.now() - doneAt });
    }),
  );
}

const APP = "setTimeout(() => console.log('app done'), 1000)";
/** Done when its stdin ends: the test ends it once periodic pushes reached
 * the collector (hpy-node/register starts its own exporters up to 2 s after
 * start-up, later on a loaded machine, so no fixed time is long enough). */
const APP_UNTIL_STDIN_ENDS = "process.stdin.resume(); process.stdin.on('end', () => console.log('app done'))";

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

test('a collector that is down: with a 500 ms interval the application exits once it is done', async () => {
  const port = await deadPort();
  const r = await runApp(APP, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_METRIC_EXPORT_INTERVAL: '500' });
  assert.equal(r.code, 0, `exit code (null: still running after ${KILL_AFTER_MS} ms and killed)\n${r.stderr}`);
  assert.equal(r.stdout, 'app done\n');
  assert.ok(r.exitDelayMs < EXIT_BOUND_MS, `exited ${r.exitDelayMs} ms after the application was done`);
  assert.match(r.stderr, /OTLP metrics push to .* failed: connect ECONNREFUSED/);
});

test('a collector that is down: at the default interval, exit does not wait for retries', async () => {
  const port = await deadPort();
  const r = await runApp(APP, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
  assert.equal(r.code, 0, r.stderr);
  // Before: 8-10 s of retries of the last push.
  assert.ok(r.exitDelayMs < EXIT_BOUND_MS, `exited ${r.exitDelayMs} ms after the application was done`);
  // The only push was the last one: the message promises no retry.
  assert.match(r.stderr, /the last OTLP metrics push to \S+, at shutdown, failed: connect ECONNREFUSED .*\(not retried/);
  assert.doesNotMatch(r.stderr, /retried every interval/);
});

test('a collector that hangs: with a 500 ms interval the application exits once it is done', async () => {
  const collector = await hangingCollector();
  try {
    let periodic = 0;
    const r = await runApp(APP_UNTIL_STDIN_ENDS, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_METRIC_EXPORT_INTERVAL: '500' }, (child) => {
      void until(() => collector.requests() >= 2, KILL_AFTER_MS / 2).then(() => {
        periodic = collector.requests();
        child.stdin!.end();
      });
    });
    assert.equal(r.code, 0, `exit code (null: still running after ${KILL_AFTER_MS} ms and killed)\n${r.stderr}`);
    assert.ok(periodic >= 2, `periodic pushes reached the collector before the application was done: ${periodic}`);
    // The last push may wait for the timeout, which is clamped to the interval.
    assert.ok(r.exitDelayMs < EXIT_BOUND_MS, `exited ${r.exitDelayMs} ms after the application was done`);
  } finally {
    await close(collector.server);
  }
});

test('a collector that hangs: the last push keeps the process for OTEL_METRIC_EXPORT_TIMEOUT at most, and says so', async () => {
  const collector = await hangingCollector();
  try {
    const r = await runApp("setTimeout(() => console.log('app done'), 200)", { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_METRIC_EXPORT_TIMEOUT: '1500' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(collector.requests(), 1, 'the last numbers were sent once');
    assert.ok(r.exitDelayMs < EXIT_BOUND_MS, `exited ${r.exitDelayMs} ms after the application was done`);
    // That it waited for the timeout, the exporter says (the clock of this
    // process, which saw 'app done' late on a busy machine, cannot).
    assert.match(r.stderr, new RegExp(`gave up on the last OTLP metrics push to ${collector.url}/v1/metrics after 1500 ms \\(OTEL_METRIC_EXPORT_TIMEOUT\\)`));
  } finally {
    await close(collector.server);
  }
});

test('in process: shutdown() against a hanging collector settles at the timeout, and pushes hold no handle', async () => {
  const collector = await hangingCollector();
  const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
  const before = sockets();
  const warnings: string[] = [];
  const push = startOtlpExporter({
    url: `${collector.url}/v1/metrics`,
    intervalMillis: 100,
    timeoutMillis: 100,
    producer: hpyMetricProducer({ snapshot: () => snap([100], mod('m', [])) }),
    resource: TEST_RESOURCE,
    warn: (m) => warnings.push(m),
  });
  try {
    const deadline = Date.now() + 5000;
    while (collector.requests() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(collector.requests() >= 3, `pushes reached the collector: ${collector.requests()}`);
    // Pushes are in flight, and none of their connections keeps the process alive.
    assert.equal(sockets(), before, process.getActiveResourcesInfo().join(', '));
    assert.match(warnings[0], /failed: timed out after 100 ms \(OTEL_METRIC_EXPORT_TIMEOUT\)/);
    // Settles at the 100 ms timeout, not when the collector answers (it
    // never does); EXIT_BOUND_MS is generous for the reasons above.
    const t0 = Date.now();
    await push.shutdown();
    assert.ok(Date.now() - t0 < EXIT_BOUND_MS, `shutdown took ${Date.now() - t0} ms`);
  } finally {
    await push.shutdown();
    await close(collector.server);
  }
});
