// HPy 0.9.0's test_context_reuse.py and test_misc.py on hpy-node's debug
// mode, and what HPy cannot do: debug and trace together (trace wraps debug
// wraps universal), with the same detection and every call counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { traceSnapshot } from '../../src/native';
import { load } from '../../src/index';

const SRC = `
static HPyContext *kept_ctx;
HPyDef_METH(keep_ctx, "keep_ctx", HPyFunc_NOARGS)
static HPy keep_ctx_impl(HPyContext *ctx, HPy self)
{
    kept_ctx = ctx;
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(use_kept_ctx, "use_kept_ctx", HPyFunc_NOARGS)
static HPy use_kept_ctx_impl(HPyContext *ctx, HPy self)
{
    return HPyUnicode_FromString(kept_ctx, "Heavy Marmelade");
}
HPyDef_METH(bounce, "bounce", HPyFunc_VARARGS)
static HPy bounce_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    /* calls back into JavaScript, which may call this module again */
    HPy r = HPy_Call(ctx, args[0], NULL, 0, HPy_NULL);
    if (HPy_IsNull(r)) return HPy_NULL;
    HPy_Close(ctx, r);
    return HPyUnicode_FromString(ctx, "bounced");
}
HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPy_Add(ctx, args[0], args[1]);
}
HPyDef_METH(use_closed, "use_closed", HPyFunc_O)
static HPy use_closed_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy a = HPy_Dup(ctx, arg);
    HPy_Close(ctx, a);
    return HPy_Repr(ctx, a);
}
`;

test('a context kept from an earlier call is refused with a clear error (test_reuse_context_from_global_variable)', () => {
  const mod = makeModule(SRC, { mode: 'debug' });
  assert.equal(mod.keep_ctx(), undefined);
  assert.throws(() => mod.use_kept_ctx(), {
    name: 'SystemError',
    message: /ctx_Unicode_FromString was called with a context that is not the one of the running call \(the extension kept an HPyContext from an earlier or outer call/,
  });
});

test('nested calls each get their own context, and the outer one is valid again after (bouncing)', () => {
  const mod = makeModule(SRC, { mode: 'debug' });
  let depth = 0;
  const again = (): unknown => (++depth < 20 ? mod.bounce(again) : mod.add(1, 2));
  assert.equal(mod.bounce(again), 'bounced');
  assert.equal(depth, 20);
});

test('the outer call context kept and used during a nested call is refused', () => {
  const mod = makeModule(SRC, { mode: 'debug' });
  assert.throws(() => mod.bounce(() => mod.keep_ctx() ?? mod.use_kept_ctx()), /was called with a context that is not the one of the running call/);
});

test('debug+trace: the calls of a debugged module are counted and timed, and misuse is still found', () => {
  const mod = makeModule(SRC, { mode: 'debug+trace' });
  const name = (mod.doc as string).replace('test module ', '');
  assert.equal(mod.add(40, 2), 42);
  assert.equal(mod.add('a', 'b'), 'ab');
  assert.throws(() => mod.use_closed('x'), /hpy-node debug mode .*ctx_Repr was given handle 0x[0-9a-f]+, which was closed/);
  const traced = traceSnapshot().modules.find((m) => m.name === name);
  assert.ok(traced, 'the module is traced');
  const calls = new Map(traced.functions.map((f) => [f.id, f.calls]));
  assert.equal(calls.get(100 - 77), 2, 'HPy_Add (id 23) counted twice');
  assert.equal(calls.get(0), 1, 'HPy_Dup once');
  assert.equal(calls.get(1), 1, 'HPy_Close once');
});

test('debug+trace: a context kept from an earlier call is refused, as in plain debug mode, and the call is still counted', () => {
  const mod = makeModule(SRC, { mode: 'debug+trace', name: 'dbg_trace_kept_ctx' });
  assert.equal(mod.keep_ctx(), undefined);
  assert.throws(() => mod.use_kept_ctx(), {
    name: 'SystemError',
    message: /ctx_Unicode_FromString was called with a context that is not the one of the running call \(the extension kept an HPyContext from an earlier or outer call/,
  });
  // Calls made with the right context go on working, nested ones included.
  let depth = 0;
  const again = (): unknown => (++depth < 5 ? mod.bounce(again) : mod.add(1, 2));
  assert.equal(mod.bounce(again), 'bounced');
  assert.throws(() => mod.bounce(() => mod.keep_ctx() ?? mod.use_kept_ctx()), /was called with a context that is not the one of the running call/);
  const traced = traceSnapshot().modules.find((m) => m.name === 'dbg_trace_kept_ctx');
  assert.ok(traced, 'the module is traced');
  const calls = new Map(traced.functions.map((f) => [f.id, f.calls]));
  assert.equal(calls.get(23), 1, 'HPy_Add counted once, through a per-call trace context');
  // Two through a kept context (counted, then refused), five "bounced".
  assert.equal(calls.get(108), 7, 'HPyUnicode_FromString counted');
});

test("load(path, { mode: ['debug', 'trace'] }) is debug+trace; modes that do not combine are refused", () => {
  const mod = makeModule(SRC, { mode: 'debug+trace', name: 'dbg_trace_opt' });
  void mod;
  const path = require('../support/make-module').buildModule(SRC, { name: 'dbg_trace_opt' });
  assert.equal(load(path, { mode: ['trace', 'debug'] }), mod);
  assert.throws(() => load(path, { mode: ['universal', 'trace'] as never }), /load: mode must be one of universal, debug, trace, debug\+trace or a list of modes that combine/);
  assert.throws(() => load(path, { mode: 'universal' }), /already loaded in this process in debug\+trace mode/);
});
