// Trace hooks are synchronous. A hook that returns a promise gets one
// warning, and a hook whose promise rejects no longer ends the process
// through unhandledRejection: the rejection is reported, once. Run in child
// processes, since an unhandled rejection ends the process it happens in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ADD_F_SRC, buildModule } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');

/** Runs `body` in a child with `m`, a traced module whose f(a, b) makes one ctx_Add. */
function withTracedModule(body: string): { status: number | null; stdout: string; warnings: string[]; stderr: string } {
  const so = buildModule(ADD_F_SRC, { mode: 'trace', name: 'hooks_async' });
  const script = `
const { load } = require('./src/index');
const { set_trace_functions, get_call_counts } = require('./src/trace/index');
const m = load(${JSON.stringify(so)}, { mode: 'trace' });
${body}`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HPY: undefined }, timeout: 60_000 });
  const warnings = r.stderr.split('\n').filter((l) => l.includes('HPY_NODE_ASYNC_TRACE_HOOK'));
  return { status: r.status, stdout: r.stdout, warnings, stderr: r.stderr };
}

test('an async hook that resolves: the calls go on, one warning says hooks are synchronous', () => {
  const r = withTracedModule(`
let entered = 0;
set_trace_functions({ on_enter: async (name) => { entered++; } });
let sum = 0;
for (let i = 0; i < 100; i++) sum += m.f(i, 1);
setTimeout(() => console.log(JSON.stringify({ sum, entered })), 50);`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { sum: 5050, entered: 100 });
  assert.equal(r.warnings.length, 1, r.stderr);
  assert.match(r.warnings[0], /set_trace_functions: the on_enter hook returned a promise \(is it an async function\?\)\. Hooks are synchronous/);
});

test('an async hook that rejects does not end the process; the first rejection is reported once', () => {
  const r = withTracedModule(`
set_trace_functions(null, async (name) => { throw new RangeError('late ' + name); });
for (let i = 0; i < 10; i++) m.f(i, 1);
setTimeout(() => console.log('alive', get_call_counts().ctx_Add), 100);`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'alive 10\n');
  assert.equal(r.warnings.length, 2, r.stderr);
  assert.match(r.warnings[0], /the on_exit hook returned a promise/);
  assert.match(r.warnings[1], /a promise returned by the on_exit hook rejected \(RangeError: late ctx_Add\); later rejections of this hook are not reported/);
});

test('a hook that returns a value that is not a promise is left alone', () => {
  const r = withTracedModule(`
set_trace_functions((name) => 42, (name) => ({ then: 1 }));
console.log(m.f(1, 2));`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '3\n');
  assert.deepEqual(r.warnings, []);
});
