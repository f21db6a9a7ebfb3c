// HPy 0.9.0's test_handles_invalid.py and test_handles_leak.py, on hpy-node's
// debug mode: closed handles stay invalid (also once their slot names another
// object: the stale-handle case), double close, constants, arguments
// kept beyond their call, and leak detection by generation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import * as debug from '../../src/debug/index';

const SRC = `
static HPy kept;
HPyDef_METH(f, "f", HPyFunc_O)
static HPy f_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy s = HPyUnicode_FromString(ctx, "hello");
    HPy r = HPy_Add(ctx, arg, s);
    HPy_Close(ctx, s);
    return r;
}
HPyDef_METH(use_closed, "use_closed", HPyFunc_O)
static HPy use_closed_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy a = HPy_Dup(ctx, arg);
    HPy_Close(ctx, a);
    return HPy_Repr(ctx, a);
}
HPyDef_METH(stale, "stale", HPyFunc_NOARGS)
static HPy stale_impl(HPyContext *ctx, HPy self)
{
    /* the slot of a closed handle is reused for "xx": universal mode reads "xx" */
    HPy a = HPyUnicode_FromString(ctx, "closed");
    HPy_Close(ctx, a);
    HPy b = HPyUnicode_FromString(ctx, "xx");
    HPy r = HPy_Add(ctx, a, a);
    HPy_Close(ctx, b);
    return r;
}
HPyDef_METH(double_close, "double_close", HPyFunc_NOARGS)
static HPy double_close_impl(HPyContext *ctx, HPy self)
{
    HPy a = HPyLong_FromLong(ctx, 1);
    HPy_Close(ctx, a);
    HPy_Close(ctx, a);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(keep, "keep", HPyFunc_O)
static HPy keep_impl(HPyContext *ctx, HPy self, HPy arg)
{
    kept = arg;   /* borrowed: invalid once the call returns */
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(use_kept, "use_kept", HPyFunc_NOARGS)
static HPy use_kept_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromSsize_t(ctx, HPy_Length(ctx, kept));
}
HPyDef_METH(return_constant, "return_constant", HPyFunc_NOARGS)
static HPy return_constant_impl(HPyContext *ctx, HPy self)
{
    return ctx->h_True;
}
HPyDef_METH(close_constant, "close_constant", HPyFunc_NOARGS)
static HPy close_constant_impl(HPyContext *ctx, HPy self)
{
    HPy_Close(ctx, ctx->h_True);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(close_arg, "close_arg", HPyFunc_O)
static HPy close_arg_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_Close(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(return_closed, "return_closed", HPyFunc_NOARGS)
static HPy return_closed_impl(HPyContext *ctx, HPy self)
{
    HPy a = HPyLong_FromLong(ctx, 7);
    HPy_Close(ctx, a);
    return a;
}
HPyDef_METH(made_up, "made_up", HPyFunc_NOARGS)
static HPy made_up_impl(HPyContext *ctx, HPy self)
{
    HPy bogus = { 12345 };
    return HPy_Repr(ctx, bogus);
}
HPyDef_METH(leak, "leak", HPyFunc_O)
static HPy leak_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_Dup(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(ctx_name, "ctx_name", HPyFunc_NOARGS)
static HPy ctx_name_impl(HPyContext *ctx, HPy self)
{
    return HPyUnicode_FromString(ctx, ctx->name);
}
`;

const mod = makeModule(SRC, { mode: 'debug' });
const invalid = (name: string, re: RegExp) => ({ name: 'SystemError', message: re });

test('correct use raises nothing and counts no invalid use (test_no_invalid_handle)', () => {
  const before = debug.debugModules().find((m) => m.name.endsWith('_debug'))!.invalidUses;
  assert.equal(mod.f('x'), 'xhello');
  assert.equal(mod.f('y'), 'yhello');
  assert.equal(debug.debugModules().find((m) => m.name.endsWith('_debug'))!.invalidUses, before);
});

test('the context says it is the debug one (test_debug_ctx_name)', () => {
  assert.match(mod.ctx_name(), /^HPy Debug Mode ABI/);
});

test('a closed handle is invalid, and the error names it (test_cant_use_closed_handle)', () => {
  assert.throws(() => mod.use_closed('a'), invalid('', /ctx_Repr was given handle 0x[0-9a-f]+, which was closed: a use after HPy_Close/));
});

test("the issue's stale handle: its slot names another object now, debug mode still says closed", () => {
  assert.throws(() => mod.stale(), invalid('', /ctx_Add was given handle 0x[0-9a-f]+, which was closed/));
});

test('closing twice is reported as such', () => {
  assert.throws(() => mod.double_close(), invalid('', /ctx_Close was given handle 0x[0-9a-f]+, which is already closed: HPy_Close twice/));
});

test('an argument kept beyond its call is closed (test_keeping_and_reusing_argument_handle)', () => {
  assert.equal(mod.keep('hello'), undefined);
  assert.throws(() => mod.use_kept(), invalid('', /ctx_Length was given handle 0x[0-9a-f]+, which was closed/));
});

test('returning a context constant without HPy_Dup is an error (test_return_ctx_constant_without_dup)', () => {
  assert.throws(() => mod.return_constant(), invalid('', /returned a context constant \(handle \d+\) without HPy_Dup/));
});

test('closing a context constant is an error (test_close_ctx_constant)', () => {
  assert.throws(() => mod.close_constant(), invalid('', /ctx_Close was given handle \d+, a context constant/));
});

test('closing a borrowed argument is an error', () => {
  assert.throws(() => mod.close_arg('a'), invalid('', /closed its argument handle 0x[0-9a-f]+: arguments are borrowed/));
});

test('returning a closed handle is an error', () => {
  assert.throws(() => mod.return_closed(), invalid('', /the function returned handle 0x[0-9a-f]+, which was closed/));
});

test('a made-up value is not a handle', () => {
  assert.throws(() => mod.made_up(), invalid('', /ctx_Repr was given handle 0x3039, which looks like a universal-mode handle/));
});

test('with on_invalid_handle set, each invalid use calls it and the call goes on (hpy_debug_capture)', () => {
  let count = 0;
  debug.set_on_invalid_handle(() => count++);
  try {
    assert.throws(() => mod.use_closed('a'), /invalid handle \(0\)/);  // the universal call then sees HPy_NULL
    assert.equal(count, 1);
    assert.equal(mod.double_close(), undefined);
    assert.equal(count, 2);
    mod.keep('abc');
    assert.throws(() => mod.use_kept());
    assert.equal(count, 3);
  } finally {
    debug.set_on_invalid_handle(null);
  }
  assert.throws(() => mod.double_close(), /already closed/);
});

test('get_open_handles(gen) lists the handles left open since a generation (test_get_open_handles, test_leak_from_method)', () => {
  const gen1 = debug.new_generation();
  mod.leak('hello');
  mod.leak('world');
  const gen2 = debug.new_generation();
  mod.leak('a younger leak');
  assert.deepEqual(debug.get_open_handles(gen1).map((h) => h.obj), ['hello', 'world', 'a younger leak']);
  assert.deepEqual(debug.get_open_handles(gen2).map((h) => h.obj), ['a younger leak']);
  const h = debug.get_open_handles(gen2)[0];
  assert.equal(String(h), `<DebugHandle 0x${h.id.toString(16)} for 'a younger leak'>`);
  assert.equal(h.isClosed, false);
});

test('LeakDetector throws HPyLeakError listing what leaked, with where it was made (test_LeakDetector)', () => {
  const ld = new debug.LeakDetector();
  ld.start();
  mod.f('x');
  mod.leak('foo');
  assert.throws(() => ld.stop(), (err: Error) => err instanceof debug.HPyLeakError && /^1 unclosed handle:\n    <DebugHandle 0x[0-9a-f]+ for 'foo'>/.test(err.message));
  debug.set_handle_stack_trace_limit(16);
  try {
    assert.throws(
      () => {
        using _ = new debug.LeakDetector().start();
        mod.leak('bar');
        mod.leak('baz');
      },
      (err: Error) => /^2 unclosed handles:/.test(err.message) && /'bar'/.test(err.message) && /'baz'/.test(err.message) && !/'foo'/.test(err.message) && /made at:/.test(err.message),
    );
  } finally {
    debug.set_handle_stack_trace_limit(0);
  }
});

test('closed handles are listed and bounded by the queue size (test_closed_handles, test_closed_handles_queue_max_size)', () => {
  const old = debug.get_closed_handles_queue_max_size();
  try {
    debug.set_closed_handles_queue_max_size(5);
    assert.equal(debug.getClosedHandlesQueueMaxSize(), 5);
    for (let i = 0; i < 10; i++) mod.f('x');
    const closed = debug.get_closed_handles();
    assert.equal(closed.length, 5);
    assert.ok(closed.every((h) => h.is_closed && String(h) === `<DebugHandle 0x${h.id.toString(16)} CLOSED>`));
  } finally {
    debug.set_closed_handles_queue_max_size(old);
  }
});

test('the settings check their arguments', () => {
  assert.throws(() => debug.set_closed_handles_queue_max_size(-1), /set_closed_handles_queue_max_size: size must be a whole number from 0/);
  assert.throws(() => debug.set_on_invalid_handle(42 as never), /callback must be a function or null/);
  const old = debug.get_protected_raw_data_max_size();
  debug.set_protected_raw_data_max_size(1000);
  assert.equal(debug.getProtectedRawDataMaxSize(), 1000);
  debug.setProtectedRawDataMaxSize(old);
});
