// The hpy-node command, run as a user would (through the built dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TMP_DIR } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

test('build compiles an extension that load() accepts', () => {
  const out = join(TMP_DIR, 'cli_snippets', 'snippets.hpy.so');
  const r = cli(['build', 'examples/snippets.c', '-o', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /built .*snippets\.hpy\.so/);
});

test('build reports a missing file and compiler errors, with exit code 2', () => {
  const missing = cli(['build', 'nope.c']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.c: no such file/);
  mkdirSync(TMP_DIR, { recursive: true });
  const bad = join(TMP_DIR, 'broken.c');
  writeFileSync(bad, '#include "hpy.h"\nint x = ;\n');
  const r = cli(['build', bad]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /failed on .*broken\.c:[\s\S]*error/);
});

test('unknown commands and options are refused with the usage', () => {
  assert.match(cli(['frobnicate']).stderr, /unknown command 'frobnicate'[\s\S]*usage/);
  assert.match(cli(['build', '--fast', 'x.c']).stderr, /unknown option --fast/);
  assert.match(cli(['run', '--port', 'abc', 'x.js']).stderr, /--port needs a port number/);
});

test('run traces the script (HPY=trace) and serves /metrics on the given port', () => {
  const so = join(TMP_DIR, 'cli_snippets', 'snippets.hpy.so');
  cli(['build', 'examples/snippets.c', '-o', so]);
  const script = join(TMP_DIR, 'cli-run-script.js');
  writeFileSync(
    script,
    `const { load } = require(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});
const { get_call_counts } = require(${JSON.stringify(join(ROOT, 'dist', 'trace', 'index.js'))});
const m = load(${JSON.stringify(so)});
m.add(1, 2);
console.log('HPY=' + process.env.HPY + ' ctx_Add=' + get_call_counts().ctx_Add);
`,
  );
  const r = cli(['run', '--port', '0', script], { HPY: '' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ctx_Add=1/);
  assert.match(r.stderr, /Prometheus metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
});

test('--help, build --help and run --help print their usage and succeed', () => {
  const top = cli(['--help']);
  assert.equal(top.status, 0, top.stderr);
  assert.match(top.stdout, /^usage: hpy-node <command>/);
  assert.match(top.stdout, /build EXT\.c[\s\S]*run \[--port N\][\s\S]*--version/);
  const build = cli(['build', '--help']);
  assert.equal(build.status, 0, build.stderr);
  assert.match(build.stdout, /^usage: hpy-node build EXT\.c[\s\S]*Needs a C compiler[\s\S]*-o, --output FILE/);
  const run = cli(['run', '-h']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^usage: hpy-node run \[--port N\] SCRIPT[\s\S]*HPY=trace/);
});

test('--version prints the package version', () => {
  const r = cli(['--version']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${(require(join(ROOT, 'package.json')) as { version: string }).version}\n`);
  assert.equal(cli(['-v']).stdout, r.stdout);
});

test('bare hpy-node prints the usage and fails', () => {
  const r = cli([]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^usage: hpy-node <command>/);
});
