// `hpy-node top` without a terminal: one plain table per interval, from a
// command it runs traced and from a real `hpy-node run` process's /metrics.
// Terminal drawing and keys: test/top/tmux.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../support/free-port';
import { ROOT, VECTOR_APP, vectorExtension } from '../support/vector-example';
import { cell, topFrames } from '../support/top-output';

const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
const so = vectorExtension();

test('top -- node app.js: per entry, exact totals at the end, context calls per call, the command\'s output passed through', () => {
  const rounds = 4000;
  const r = cli(['top', '--interval', '0.2', '--', process.execPath, VECTOR_APP, so, String(rounds)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^vector-app: 4000 rounds$/m, 'the command\'s own output');
  const frames = topFrames(r.stdout);
  const last = frames[frames.length - 1];
  assert.match(last.header, /entries, by time\/s/);
  assert.deepEqual(last.titles, ['ENTRY', 'CALLS', 'CALLS/S', 'MEAN', 'BUSY', 'API', 'CONTEXT CALLS PER CALL']);
  assert.match(last.status.join('\n'), /the command exited \(code 0\)/);
  // Per round: 20 nb_add (10 from JavaScript, 10 from sum()'s HPy_Add), 12 tp_new, one sum.
  assert.equal(cell(last, 'vector.Vec.nb_add', 'CALLS'), String(20 * rounds));
  assert.equal(cell(last, 'vector.Vec.tp_new', 'CALLS'), String(12 * rounds));
  assert.equal(cell(last, 'vector.sum', 'CALLS'), String(rounds));
  assert.match(cell(last, 'vector.Vec.nb_add', 'CONTEXT CALLS PER CALL'), /^ctx_AsStruct_Object 2, ctx_Close 1, ctx_New 1, ctx_Type 1$/);
  assert.match(cell(last, 'vector.sum', 'CONTEXT CALLS PER CALL'), /ctx_Add 10, ctx_GetItem_i 10/);
  assert.match(cell(last, 'vector.Vec.nb_add', 'MEAN'), /^\d+(\.\d)? (ns|µs)$/);
  assert.match(cell(last, 'vector.Vec.nb_add', 'API'), /^\d+%$/);
  // The last interval may have had no calls (the command was done): some frame had them.
  assert.ok(frames.some((f) => f.rows.has('vector.Vec.nb_add') && Number(cell(f, 'vector.Vec.nb_add', 'CALLS/S')) > 0));
});

test('top --view functions: per context function and module; ctx_New adds up over the entries that call it', () => {
  const rounds = 500;
  const r = cli(['top', '--view', 'functions', '--', process.execPath, VECTOR_APP, so, String(rounds)]);
  assert.equal(r.status, 0, r.stderr);
  const frames = topFrames(r.stdout);
  const last = frames[frames.length - 1];
  assert.match(last.header, /context functions, by time\/s/);
  assert.deepEqual(last.titles, ['FUNCTION', 'MODULE', 'CALLS', 'CALLS/S', 'MEAN', 'BUSY', 'TIME']);
  // ctx_New: 20 nb_add + 12 tp_new + 1 nb_multiply per round.
  assert.equal(cell(last, 'vector:ctx_New', 'CALLS'), String(33 * rounds));
  assert.equal(cell(last, 'vector:ctx_Add', 'CALLS'), String(10 * rounds));
});

test('top exits with the command\'s code and says when nothing traced reported', () => {
  const r = cli(['top', '--', process.execPath, '-e', 'process.exitCode = 3']);
  assert.equal(r.status, 3);
  assert.match(r.stdout, /no traced HPy module has reported yet/);
  assert.match(r.stdout, /\(no entry has run yet\)/);
  const missing = cli(['top', '--', 'no-such-command-hpy']);
  assert.equal(missing.status, 127);
  assert.match(missing.stdout, /cannot start no-such-command-hpy: ENOENT/);
});

test('top --url: entries, and with --view functions context functions, from a running `hpy-node run` process\'s endpoint, rates from the second scrape on', async (t) => {
  const app = spawn(process.execPath, [CLI, 'run', '--port', '0', VECTOR_APP, so], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  t.after(() => app.kill());
  let stderr = '';
  app.stderr!.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    app.stderr!.on('data', (d: string) => {
      stderr += d;
      const m = /Prometheus metrics at (http:\/\/\S+\/metrics)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    app.on('exit', () => reject(new Error(`hpy-node run ended: ${stderr}`)));
  });
  const watch = async (...view: string[]) => {
    const top = spawn(process.execPath, [CLI, 'top', '--url', url, '--interval', '0.5', '-n', '3', ...view], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    top.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    const [code] = await once(top, 'exit');
    assert.equal(code, 0, out);
    const frames = topFrames(out);
    assert.equal(frames.length, 3);
    return frames;
  };
  // The endpoint exports hpy_extension_calls_total: top starts in the entry view.
  const entries = await watch();
  assert.match(entries[0].header, new RegExp(`entries, by time/s  [\\d:]+  ${url.replace(/[.]/g, '\\.')}$`));
  const entryCalls = entries.map((f) => Number(cell(f, 'vector.Vec.nb_add', 'CALLS')));
  assert.ok(entryCalls[0] > 0 && entryCalls[2] > entryCalls[0], `vector.Vec.nb_add grows: ${entryCalls}`);
  // The endpoint's hpy_extension_api_duration_total gives the API share.
  assert.match(cell(entries[2], 'vector.Vec.nb_add', 'API'), /^\d+(\.\d)?%$/);

  const frames = await watch('--view', 'functions');
  assert.match(frames[0].header, new RegExp(`context functions, by time/s  [\\d:]+  ${url.replace(/[.]/g, '\\.')}$`));
  assert.match(frames[0].status.join('\n'), /first scrape: rates from the next one on/);
  assert.equal(cell(frames[0], 'vector:ctx_New', 'CALLS/S'), '-');
  const calls = frames.map((f) => Number(cell(f, 'vector:ctx_New', 'CALLS')));
  assert.ok(calls[0] > 0 && calls[2] > calls[0], `ctx_New grows: ${calls}`);
  assert.ok(Number(cell(frames[2], 'vector:ctx_New', 'CALLS/S')) > 0);
  assert.match(cell(frames[2], 'vector:ctx_New', 'MEAN'), /^\d+(\.\d)? (ns|µs)$/);
});

test('argument errors say what is wrong and how to write it, with exit code 2', () => {
  const cases: [string[], RegExp][] = [
    [['top'], /give the command to watch after -- \(hpy-node top -- node app\.js\), or a running process's endpoint with --url/],
    [['top', 'node', 'app.js'], /put the command to run after --, as in: hpy-node top -- node app\.js \(got 'node' before any --\)/],
    [['top', '--'], /give the command to run after --/],
    [['top', '--url', 'localhost:9464'], /--url must be an http:\/\/ or https:\/\/ URL \(the Prometheus endpoint\), got "localhost:9464"/],
    [['top', '--url', 'not a url'], /--url needs the metrics endpoint's URL, such as http:\/\/127\.0\.0\.1:9464\/metrics, got "not a url"/],
    [['top', '--url', 'http://127.0.0.1:9464/metrics', '--', 'node'], /either --url or a command after --, not both/],
    [['top', '--interval', '0', '--', 'node'], /--interval needs a number of seconds greater than 0, got "0"/],
    [['top', '--view', 'modules', '--', 'node'], /--view must be entries or functions, got "modules"/],
    [['top', '--fast', '--', 'node'], /hpy-node top: Unknown option '--fast'/],
    [['profile', 'node', 'app.js'], /hpy-node profile: put the command to run after --/],
    [['profile', '--out', 'x.pb.gz'], /give the command to profile after --/],
    [['profile', '--out', '/no/such/folder/x.pb.gz', '--', 'node', '-e', ''], /cannot write --out \/no\/such\/folder\/x\.pb\.gz: the folder \/no\/such\/folder does not exist; give another file/],
    [['profile', '--out', ROOT, '--', 'node', '-e', ''], /cannot write --out .*: it is a folder/],
  ];
  for (const command of ['top', 'profile']) {
    const help = cli([command, '--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, new RegExp(`^usage: hpy-node ${command} \\[`));
  }
  for (const [args, message] of cases) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('top --url on an endpoint that does not answer, or is not hpy-node\'s: the error names the URL, and the exit code is 1', async (t) => {
  const port = await freePort();
  const r = cli(['top', '--url', `http://127.0.0.1:${port}/metrics`, '-n', '1']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`hpy-node top: cannot read http://127\\.0\\.0\\.1:${port}/metrics: ECONNREFUSED`));
  const other = createServer((_, res) => res.end('# TYPE up gauge\nup 1\n'));
  t.after(() => other.close());
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/metrics`;
  const foreign = spawn(process.execPath, [CLI, 'top', '--url', url, '-n', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  foreign.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const [code] = await once(foreign, 'exit');
  assert.equal(code, 1);
  assert.match(err, /has no hpy-node metrics \(no hpy_\* series\): is it the endpoint of a process started with hpy-node run or hpy-node\/register\?/);
});

test('a command whose modules are all in universal mode (HPY=universal) is not traced, and top says so', () => {
  const r = spawnSync(process.execPath, [CLI, 'top', '--', process.execPath, VECTOR_APP, so, '10'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HPY: 'universal' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /no traced HPy module has reported yet/);
  assert.doesNotMatch(r.stdout, /vector\.Vec\.nb_add/);
});

test('top --url opens on the entry view when the endpoint has per-entry series (hpy_extension_calls_total)', async (t) => {
  let scrapes = 0;
  // An endpoint as it will be once entries are exported: 1000 more nb_add calls per scrape.
  const server = createServer((_, res) => {
    const calls = 1000 * ++scrapes;
    res.end(
      [
        '# TYPE hpy_extension_calls_total counter',
        `hpy_extension_calls_total{hpy_entry="vector.Vec.nb_add",hpy_module="vector"} ${calls}`,
        '# TYPE hpy_extension_duration histogram',
        `hpy_extension_duration_sum{hpy_entry="vector.Vec.nb_add",hpy_module="vector"} ${calls * 4e-7}`,
        `hpy_extension_duration_count{hpy_entry="vector.Vec.nb_add",hpy_module="vector"} ${calls}`,
        '',
      ].join('\n'),
    );
  });
  t.after(() => server.close());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  const top = spawn(process.execPath, [CLI, 'top', '--url', url, '--interval', '0.2', '-n', '2'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  top.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const [code] = await once(top, 'exit');
  assert.equal(code, 0, out);
  const [first, second] = topFrames(out);
  assert.match(first.header, /entries, by time\/s/);
  assert.equal(cell(first, 'vector.Vec.nb_add', 'CALLS'), '1000');
  assert.equal(cell(second, 'vector.Vec.nb_add', 'CALLS'), '2000');
  assert.equal(cell(second, 'vector.Vec.nb_add', 'MEAN'), '400 ns');
  assert.equal(cell(second, 'vector.Vec.nb_add', 'API'), '-', 'no API share without the profile');
});
