// A trace hook that throws on every call of one long native call: the first
// error reaches the caller, with the number of errors dropped after it in its
// message, and memory stays bounded (each later error is released at once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModule } from '../support/make-module';
import { childJson, runChild, SRC_INDEX, SRC_TRACE } from '../fixtures/reliability-native-child';

// spin(n): 2n + 2 context calls in one call from JavaScript.
const SPIN = `
HPyDef_METH(spin, "spin", HPyFunc_O)
static HPy spin_impl(HPyContext *ctx, HPy self, HPy arg) {
    long n = HPyLong_AsLong(ctx, arg);
    for (long i = 0; i < n; i++) {
        HPy h = HPy_Dup(ctx, ctx->h_None);
        HPy_Close(ctx, h);
    }
    return HPy_Dup(ctx, ctx->h_None);
}`;

function spinScript(path: string, hookBody: string, n: number): string {
  return `
const { load } = require(${JSON.stringify(SRC_INDEX)});
const { set_trace_functions } = require(${JSON.stringify(SRC_TRACE)});
const m = load(${JSON.stringify(path)}, { mode: 'trace' });
let calls = 0;
set_trace_functions({ on_enter: () => { calls++; ${hookBody} } });
let thrown, returned;
try { returned = m.spin(${n}); } catch (e) { thrown = e; }
set_trace_functions({ on_enter: null });
console.log(JSON.stringify({
  calls, returned: returned === undefined ? 'undefined' : returned,
  type: typeof thrown, value: typeof thrown === 'object' ? null : thrown,
  message: thrown && thrown.message, stackHead: thrown && typeof thrown.stack === 'string' ? thrown.stack.split('\\n')[0] : null,
  same: typeof thrown === 'object' && thrown === globalThis.firstError,
}));`;
}

test('a hook throwing on every one of 400 002 calls keeps memory bounded and reports the dropped count', () => {
  const path = buildModule(SPIN, { name: 'rhook_spin', mode: 'trace' });
  const n = 200_000;
  // 64 MB of heap: the 400 001 errors kept before the fix needed about 440 MB.
  const script = spinScript(path, `const e = new Error('hook failed ' + calls); if (calls === 1) globalThis.firstError = e; throw e;`, n);
  const out = childJson<{ calls: number; message: string; stackHead: string; same: boolean }>(runChild(script, ['--max-old-space-size=64']));
  assert.equal(out.calls, 2 * n + 2);
  assert.ok(out.same, 'the first error is the one thrown');
  const dropped = 2 * n + 1;
  assert.equal(out.message, `hook failed 1 (and ${dropped} more errors thrown by trace hooks during this call were dropped)`);
  assert.equal(out.stackHead, `Error: ${out.message}`);
});

test('a hook throwing a primitive: the first value is thrown as it is, past the unscoped calls too', () => {
  const path = buildModule(SPIN, { name: 'rhook_spin', mode: 'trace' });
  const out = childJson<{ calls: number; type: string; value: unknown }>(runChild(spinScript(path, 'throw calls;', 5000)));
  assert.equal(out.calls, 10_002);
  assert.deepEqual([out.type, out.value], ['number', 1]);
  // The first throw far past the first 1024 calls (those get a scope each).
  const late = childJson<{ calls: number; type: string; value: unknown }>(runChild(spinScript(path, "if (calls >= 3000) throw 'late ' + calls;", 5000)));
  assert.deepEqual([late.type, late.value], ['string', 'late 3000']);
});

test('a frozen error from a hook is thrown unchanged, with the count left out', () => {
  const path = buildModule(SPIN, { name: 'rhook_spin', mode: 'trace' });
  const script = spinScript(path, `const e = Object.freeze(new RangeError('frozen ' + calls)); if (calls === 1) globalThis.firstError = e; throw e;`, 2000);
  const out = childJson<{ message: string; same: boolean }>(runChild(script));
  assert.ok(out.same);
  assert.equal(out.message, 'frozen 1');
});
