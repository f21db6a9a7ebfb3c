// `hpy-node profile -- node app.js`: the pprof file of a real run, decoded
// with protobufjs (not the encoder's library): stacks module -> entry ->
// context function with exact call counts; the flame graph beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePprof } from '../support/pprof-decode';
import { ROOT, VECTOR_APP, vectorExtension } from '../support/vector-example';

const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const cli = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
const so = vectorExtension();
const work = mkdtempSync(join(tmpdir(), 'hpy-profile-'));

test('profile writes a pprof of the run: nb_add makes one ctx_New per call, sum() ten HPy_Add per call', () => {
  const rounds = 300;
  const out = join(work, 'vector.pb.gz');
  const svg = join(work, 'vector.svg');
  const r = cli(['profile', '--out', out, '--svg', svg, '--', process.execPath, VECTOR_APP, so, String(rounds)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /vector-app: 300 rounds/, 'the command\'s output is its own');
  assert.match(r.stderr, /wrote .*vector\.pb\.gz: \d+ entries, \d+ context calls, from 1 process; read it with: go tool pprof -top /);
  const p = decodePprof(readFileSync(out));
  assert.deepEqual(p.sampleTypes, ['calls/count', 'time/nanoseconds']);
  assert.ok(p.durationNanos > 0 && p.timeNanos > 0);
  const calls = new Map(p.samples.map((s) => [s.stack, s.values[0]]));
  assert.equal(calls.get('vector;vector.Vec.nb_add'), 20 * rounds);
  assert.equal(calls.get('vector;vector.Vec.nb_add;ctx_New'), 20 * rounds);
  assert.equal(calls.get('vector;vector.Vec.nb_add;ctx_AsStruct_Object'), 40 * rounds);
  assert.equal(calls.get('vector;vector.sum;ctx_Add'), 10 * rounds);
  assert.equal(calls.get('vector;vector.Vec.tp_new;ctx_New'), 12 * rounds);
  assert.equal(calls.get('vector;vector.HPy_mod_exec;ctx_Type_FromSpec'), 1);
  for (const s of p.samples) assert.equal(s.stack.split(';')[0], 'vector', `every stack starts at the module: ${s.stack}`);
  const picture = readFileSync(svg, 'utf8');
  assert.match(picture, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(picture, /<title>vector\.Vec\.nb_add: [\d,]+ ns \([\d.]+%\)<\/title>/);
  assert.match(picture, /<title>ctx_New: [\d,]+ ns/);
});

test('profile exits with the command\'s code, and writes the profile all the same', () => {
  const out = join(work, 'failing.pb.gz');
  const app = join(work, 'failing.cjs');
  writeFileSync(app, `process.argv.splice(2, 0, ${JSON.stringify(so)}, '5');\nimport(${JSON.stringify(VECTOR_APP)}).then(() => setTimeout(() => { process.exitCode = 4; }, 50));\n`);
  const r = cli(['profile', '-o', out, '--', process.execPath, app]);
  assert.equal(r.status, 4, r.stderr);
  assert.equal(new Map(decodePprof(readFileSync(out)).samples.map((s) => [s.stack, s.values[0]])).get('vector;vector.sum'), 5);
});

test('a command that loads no traced module: nothing written, and the message says why', () => {
  const out = join(work, 'empty.pb.gz');
  const r = cli(['profile', '--out', out, '--', process.execPath, '-e', '1']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no traced HPy module reported, so nothing was written to .*empty\.pb\.gz: the command must load an extension with hpy-node from this install/);
  assert.equal(existsSync(out), false);
});

test('the default file is hpy-node-profile.pb.gz in the working folder', () => {
  const r = cli(['profile', '--', process.execPath, VECTOR_APP, so, '1'], work);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(decodePprof(readFileSync(join(work, 'hpy-node-profile.pb.gz'))).samples.length > 0);
});

test('go tool pprof reads it (where Go is installed: apt-get install golang-go)', { skip: spawnSync('go', ['version']).error ? 'go is not installed' : false }, () => {
  const out = join(work, 'for-go.pb.gz');
  assert.equal(cli(['profile', '--out', out, '--', process.execPath, VECTOR_APP, so, '50']).status, 0);
  const top = spawnSync('go', ['tool', 'pprof', '-sample_index=calls', '-top', out], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(top.status, 0, top.stderr);
  assert.match(top.stdout, /^Type: calls$/m);
  // flat calls of nb_add's own frame: its 1000 calls.
  assert.match(top.stdout, /^\s+1000\s+[\d.]+%\s+[\d.]+%\s+\d+\s+[\d.]+%\s+vector\.Vec\.nb_add$/m);
});
