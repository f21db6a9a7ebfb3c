// A scraper never keeps a finished application running. Prometheus keeps its
// connection open between scrapes; before the fix, an application scraped
// at a 1 s interval stayed up after its work (4 runs of 5), held by that
// idle connection. Here a real application calls a traced HPy module for
// 1 s while this test scrapes it every 100 ms over one kept-alive
// connection, and must exit once its work is done: with its own
// startPrometheusExporter, and with the endpoint of hpy-node/register.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { ADD_F_SRC, buildModule } from '../support/make-module';

const ROOT = join(__dirname, '..', '..');
const APP = join(__dirname, 'fixtures', 'scraped-app.ts');
const SCRAPE_EVERY_MS = 100;
/** How long after its last work the application may take to exit. The
 * issue asks for 200 ms, and that is what is asserted: what is left after
 * the work is at most one scrape being answered (a few ms) and the process's
 * own teardown. Measured: 8-24 ms in 40 runs on a 2-core machine with
 * another CI job running (each run reports its time). Under the sanitizers
 * (tools/sanitize.sh preloads libasan) a process's exit alone has taken over
 * a second (see otlp-exit.test.ts), so the bound is 2 s there. The bug it
 * guards against is not a slow exit but none: held by the scraper's
 * connection, the application ran on until killed at KILL_AFTER_MS. */
const EXIT_BOUND_MS = /asan/.test(process.env.LD_PRELOAD ?? '') ? 2000 : 200;
const KILL_AFTER_MS = 15000;
/** A scrape sent this close to the application's last work may still be on
 * the wire when the application exits, which is what should happen then
 * (its connection is reset): only scrapes sent earlier must have been
 * answered. The application answers within a tick of its work (10 ms); a
 * scrape interval is the margin, and under the sanitizers (a scrape sent
 * shortly before the end was reset there in CI on
 * 2026-12-07) half a second: the scrapes of the first half of the work
 * are still checked. */
const IN_FLIGHT_MS = /asan/.test(process.env.LD_PRELOAD ?? '') ? 500 : SCRAPE_EVERY_MS;

interface Run {
  code: number | null;
  /** Scrapes answered 200 while the application worked. */
  answered: number;
  /** Connections those scrapes used (fewer than scrapes: kept alive). */
  connections: number;
  /** ms from the application's `work done` to its exit. */
  exitDelayMs: number;
  stderr: string;
}

/** One GET over the kept-alive agent; the status, or the error. */
function scrape(url: string, agent: Agent, sockets: Set<unknown>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('socket', (socket) => sockets.add(socket));
    req.on('error', reject);
    req.end();
  });
}

function runScraped(how: 'own' | 'register'): Promise<Run> {
  const so = buildModule(ADD_F_SRC, { mode: 'trace', name: 'exit_scraped' });
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'HPY'));
  const imports = how === 'register' ? ['--import', './src/register.ts'] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...imports, APP, so, how], {
    cwd: ROOT,
    env: { ...base, HPY: 'trace', OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
  });
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<unknown>();
  let stdout = '';
  let stderr = '';
  let doneAt = NaN;
  let answered = 0;
  let scraper: NodeJS.Timeout | undefined;
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  const failed: Array<{ sentAt: number; message: string }> = [];
  const startScraping = (url: string): void => {
    scraper = setInterval(() => {
      const sentAt = Date.now();
      scrape(url, agent, sockets).then(
        (status) => {
          if (status === 200 && Number.isNaN(doneAt)) answered++;
        },
        (err: Error) => failed.push({ sentAt, message: err.message }),
      );
    }, SCRAPE_EVERY_MS);
  };
  const watch = (): void => {
    if (scraper === undefined) {
      const url = /metrics at (http:\S+)/.exec(how === 'own' ? stdout : stderr)?.[1];
      if (url) startScraping(url);
    }
    const done = /work done at (\d+)/.exec(stdout);
    if (done) doneAt = Number(done[1]);
  };
  child.stdout.on('data', (d) => {
    stdout += d;
    watch();
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    watch();
  });
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      const exitDelayMs = Date.now() - doneAt;
      clearTimeout(killer);
      clearInterval(scraper);
      agent.destroy();
      // The application may exit with a scrape on the wire: once its work
      // is done, that is what should happen. One sent well before its last
      // work (one clock: this machine's) had time to be answered.
      for (const f of failed.filter((f) => f.sentAt < doneAt - IN_FLIGHT_MS))
        stderr += `scrape failed while the application worked: ${f.message} (sent ${doneAt - f.sentAt} ms before its last work)\n`;
      resolve({ code, answered, connections: sockets.size, exitDelayMs, stderr });
    }),
  );
}

for (const how of ['own', 'register'] as const) {
  const what = how === 'own' ? 'startPrometheusExporter' : '--import hpy-node/register';
  test(`${what}: scraped every ${SCRAPE_EVERY_MS} ms over a kept-alive connection, the application exits once its work is done`, async (t) => {
    const r = await runScraped(how);
    t.diagnostic(`exited ${r.exitDelayMs} ms after its last work; ${r.answered} scrapes answered over ${r.connections} connection(s)`);
    assert.equal(r.code, 0, `exit code (null: still running after ${KILL_AFTER_MS} ms and killed)\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /scrape failed while the application worked/);
    // About 1 s of work at one scrape per 100 ms, fewer on a loaded machine.
    assert.ok(r.answered >= 3, `scrapes answered while the application worked: ${r.answered}`);
    // What the bug needs: the connection outlives a scrape.
    assert.ok(r.connections < r.answered, `${r.answered} scrapes used ${r.connections} connections: keep-alive was not in effect`);
    assert.ok(r.exitDelayMs < EXIT_BOUND_MS, `exited ${r.exitDelayMs} ms after its last work (bound ${EXIT_BOUND_MS} ms)`);
  });
}
