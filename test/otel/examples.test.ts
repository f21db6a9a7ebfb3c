// Every recipe of the metrics guide (docs/metrics.md) is a file under
// examples/otel/, and runs here as a user would run it (plain node, the
// package by its name), against a freshly built snippets extension: each
// test scrapes or receives hpy_api_calls for ctx_Add from the example.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { freePort } from '../support/free-port';
import { join } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { TMP_DIR } from '../support/make-module';
import { close, get, listen } from './helpers';
import { decodeMetricsRequest } from './otlp-protobuf';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples', 'otel');
let snippets = '';

before(() => {
  snippets = buildExtension(join(ROOT, 'examples', 'snippets.c'), { output: join(TMP_DIR, 'examples', 'snippets.hpy.so') });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  scraped?: string;
}

const CALLS = /^hpy_api_calls_total\{[^\n]*hpy_function="ctx_Add",hpy_module="snippets"[^\n]*\} [1-9]\d*$/m;

/** Runs `node [nodeArgs] example snippets` with `env`. With `scrapeUrl`, scrapes
 * it until the text has ctx_Add calls (or 15 s), then ends the example. */
function runExample(nodeArgs: string[], env: Record<string, string>, scrapeUrl?: string, pokeUrl?: string): Promise<Ran> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'HPY' && k !== 'PORT'));
  const child = spawn(process.execPath, [...nodeArgs, snippets], { cwd: ROOT, env: { ...base, ...env } });
  const ran: Ran = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (ran.stdout += d));
  child.stderr.on('data', (d) => (ran.stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
  if (scrapeUrl) {
    const deadline = Date.now() + 15000;
    const attempt = (): void => {
      (pokeUrl ? get(pokeUrl).catch(() => undefined) : Promise.resolve())
        .then(() => get(scrapeUrl))
        .then(
        (r) => {
          ran.scraped = r.text;
          if (CALLS.test(r.text) || Date.now() > deadline) child.kill('SIGTERM');
          else setTimeout(attempt, 200);
        },
        () => (Date.now() > deadline ? child.kill('SIGTERM') : setTimeout(attempt, 200)),
      );
    };
    setTimeout(attempt, 300);
  }
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      ran.code = code;
      resolve(ran);
    }),
  );
}

/** Runs the example on a free port and scrapes it; `poke` also sends it a
 * request (for examples that call the extension per request). */
async function scrapesCalls(example: string, portVariable: string, extra: string[] = [], env: Record<string, string> = {}, poke = false): Promise<Ran> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const r = await runExample([...extra, join(EXAMPLES, example)], { [portVariable]: String(port), ...env }, `${url}/metrics`, poke ? `${url}/` : undefined);
  assert.match(r.scraped ?? '', CALLS, `${example}: no ctx_Add calls scraped\nstderr: ${r.stderr}\nscraped: ${r.scraped}`);
  return r;
}

test('nodesdk.mjs: NodeSDK with HpyInstrumentation, one endpoint', async () => {
  const r = await scrapesCalls('nodesdk.mjs', 'OTEL_EXPORTER_PROMETHEUS_PORT');
  assert.match(r.scraped!, /^hpy_api_duration_count\{[^\n]*hpy_function="ctx_Add"/m);
});

test('nodesdk-producer.mjs: NodeSDK with the producer in the reader', async () => {
  const r = await scrapesCalls('nodesdk-producer.mjs', 'OTEL_EXPORTER_PROMETHEUS_PORT');
  assert.match(r.scraped!, /^hpy_api_duration_bucket\{[^\n]*hpy_function="ctx_Add"/m);
});

test('prometheus.mjs: hpy-node serves /metrics itself', async () => {
  const r = await scrapesCalls('prometheus.mjs', 'OTEL_EXPORTER_PROMETHEUS_PORT');
  assert.match(r.stdout, /^metrics at http:\/\/127\.0\.0\.1:\d+\/metrics$/m);
});

test("own-server.mjs: the handler on the application's server", async () => {
  await scrapesCalls('own-server.mjs', 'PORT', [], {}, true);
});

test('prom-client.mjs: the series in prom-client\'s registry, next to the application\'s', async () => {
  const r = await scrapesCalls('prom-client.mjs', 'PORT', [], {}, true);
  assert.match(r.scraped!, /^# TYPE hpy_api_duration histogram$/m);
  assert.match(r.scraped!, /^app_requests_total [1-9]/m);
});

test('app.mjs under --import hpy-node/register (zero code), alone and beside NodeSDK', async () => {
  await scrapesCalls('app.mjs', 'OTEL_EXPORTER_PROMETHEUS_PORT', ['--import', 'hpy-node/register'], { HPY: 'trace' });
  const r = await scrapesCalls('app.mjs', 'OTEL_EXPORTER_PROMETHEUS_PORT', ['--import', './examples/otel/instrumentation.mjs', '--import', 'hpy-node/register'], {
    HPY: 'trace',
    OTEL_METRICS_EXPORTER: 'prometheus',
  });
  assert.match(r.stderr, /joined the application's OpenTelemetry MeterProvider/);
});

test('otlp.mjs: pushes the last numbers to the collector and exits', async () => {
  const pushes: ReturnType<typeof decodeMetricsRequest>[] = [];
  const { server, port } = await listen((_req, body, res) => {
    pushes.push(decodeMetricsRequest(body));
    res.end();
  });
  try {
    const r = await runExample([join(EXAMPLES, 'otlp.mjs')], { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^pushing to http://127\\.0\\.0\\.1:${port}/v1/metrics$`, 'm'));
    const text = JSON.stringify(pushes);
    assert.match(text, /"hpy\.api\.calls"/);
    assert.match(text, /"ctx_Add"/);
  } finally {
    await close(server);
  }
});

test('meter-provider.mjs: a reader built by hand prints the metrics on shutdown', async () => {
  const r = await runExample([join(EXAMPLES, 'meter-provider.mjs')], {});
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /name: 'hpy\.api\.calls'/);
  assert.match(r.stdout, /'hpy\.function': 'ctx_Add'/);
});

test('the metrics guide links every example, and every script it shows is one of them, whole', () => {
  const page = readFileSync(join(ROOT, 'docs', 'metrics.md'), 'utf8');
  for (const file of readdirSync(EXAMPLES)) assert.ok(page.includes(`examples/otel/${file}`), `docs/metrics.md does not link examples/otel/${file}`);
  const blocks = [...page.matchAll(/```(?:js|ts|javascript|typescript)\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length > 0, 'the NodeSDK recipe is shown');
  const files = readdirSync(EXAMPLES).map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));
  for (const block of blocks) assert.ok(files.includes(block), `a docs/metrics.md snippet that is not a whole example file:\n${block}`);
});
