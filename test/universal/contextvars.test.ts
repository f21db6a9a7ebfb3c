// HPyContextVar_New/Get/Set: HPy's test_contextvar.py on JavaScript values,
// CPython's default-value rules of PyContextVar_Get, the ContextVar class
// JavaScript shares the variables through, and values following the
// asynchronous context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeModule } from '../support/make-module';
import { diff } from '../support/call-diff';
import { ContextVar, LookupError, NotImplemented, RuntimeError, SystemError, Token, ValueError } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';

// get_ctxv(var[, default]) returns the value, or NotImplemented for a
// result of HPy_NULL (no value): None is a value (undefined).
const SRC = `
HPyDef_METH(new_ctxv, "new_ctxv", HPyFunc_VARARGS)
static HPy new_ctxv_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPyContextVar_New(ctx, "test_contextvar", nargs > 0 ? args[0] : HPy_NULL);
}
HPyDef_METH(set_ctxv, "set_ctxv", HPyFunc_VARARGS)
static HPy set_ctxv_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "set_ctxv(var, value)");
        return HPy_NULL;
    }
    return HPyContextVar_Set(ctx, args[0], args[1]);
}
HPyDef_METH(get_ctxv, "get_ctxv", HPyFunc_VARARGS)
static HPy get_ctxv_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy val = ctx->h_True;  /* overwritten by every outcome */
    if (HPyContextVar_Get(ctx, args[0], nargs > 1 ? args[1] : HPy_NULL, &val) < 0) {
        if (!HPy_IsNull(val)) HPyErr_SetString(ctx, ctx->h_SystemError, "result not HPy_NULL on error");
        return HPy_NULL;
    }
    if (HPy_IsNull(val)) return HPy_Dup(ctx, ctx->h_NotImplemented);
    return val;
}
HPyDef_METH(bad_calls, "bad_calls", HPyFunc_O)
static HPy bad_calls_impl(HPyContext *ctx, HPy self, HPy which) {
    long w = HPyLong_AsLong(ctx, which);
    if (w == 0) return HPyContextVar_New(ctx, NULL, HPy_NULL);
    if (w == 1) {
        HPy var = HPyContextVar_New(ctx, "v", HPy_NULL);
        if (HPy_IsNull(var)) return HPy_NULL;
        int32_t r = HPyContextVar_Get(ctx, var, HPy_NULL, NULL);
        HPy_Close(ctx, var);
        return r < 0 ? HPy_NULL : HPyLong_FromLong(ctx, r);
    }
    return HPy_Dup(ctx, ctx->h_None);
}`;

test('test_basics: a new variable, set to 4, gives a token whose var is the variable, and 4', () => {
  const mod = makeModule(SRC);
  const v = mod.new_ctxv();
  assert.ok(v instanceof ContextVar);
  assert.equal(v.name, 'test_contextvar');
  const tok = mod.set_ctxv(v, 4);
  assert.ok(tok instanceof Token);
  assert.equal(tok.var, v);
  assert.equal(mod.get_ctxv(v), 4);
});

test("HPyContextVar_Get follows CPython's order: the context's value, the default given, the variable's default, else HPy_NULL", () => {
  const mod = makeModule(SRC);
  const plain = mod.new_ctxv();
  assert.equal(mod.get_ctxv(plain), NotImplemented, 'no value and no default: 0 and HPy_NULL, no error');
  assert.equal(mod.get_ctxv(plain, 'given'), 'given');
  assert.equal(mod.get_ctxv(plain, undefined), undefined, 'None is a default like any other');

  const withDefault = mod.new_ctxv('var default');
  assert.equal(mod.get_ctxv(withDefault), 'var default');
  assert.equal(mod.get_ctxv(withDefault, 'given'), 'given', 'the default given wins over the variable default');

  mod.set_ctxv(withDefault, 'set');
  assert.equal(mod.get_ctxv(withDefault, 'given'), 'set', 'a value in the context wins over both');
  mod.set_ctxv(withDefault, undefined);
  assert.equal(mod.get_ctxv(withDefault, 'given'), undefined, 'None set is a value');
  assert.equal(mod.get_ctxv(mod.new_ctxv(undefined)), undefined, 'a variable default of None is a default');
});

test('a token carries the previous value, or Token.MISSING, and ContextVar.reset restores it', () => {
  const mod = makeModule(SRC);
  const v = mod.new_ctxv();
  const t1 = mod.set_ctxv(v, 1);
  assert.equal(t1.oldValue, Token.MISSING);
  const t2 = mod.set_ctxv(v, 2);
  assert.equal(t2.oldValue, 1);
  v.reset(t2);
  assert.equal(mod.get_ctxv(v), 1);
  v.reset(t1);
  assert.equal(mod.get_ctxv(v), NotImplemented, 'back to no value');
  assert.throws(() => v.reset(t1), RuntimeError, 'a token works once');
  assert.throws(() => new ContextVar('other').reset(mod.set_ctxv(v, 3)), ValueError);
  assert.throws(() => v.reset({} as never), { name: 'TypeError', message: 'ContextVar.reset: token must be a Token returned by set(), got an object' });
});

test('C and JavaScript share the variables: made in JavaScript, set in C, read and set in JavaScript', () => {
  const mod = makeModule(SRC);
  const v = new ContextVar<number>('shared', { default: 0 });
  assert.equal(mod.get_ctxv(v), 0);
  mod.set_ctxv(v, 7);
  assert.equal(v.get(), 7);
  v.set(8);
  assert.equal(mod.get_ctxv(v), 8);
  assert.throws(() => new ContextVar('empty').get(), { name: 'LookupError', message: "ContextVar 'empty' has no value in this context and no default" });
  assert.ok(LookupError);
  assert.equal(new ContextVar('empty').get('fallback'), 'fallback');
  assert.equal(new ContextVar('empty', { default: undefined }).get(), undefined);
});

test('values follow the asynchronous context: concurrent tasks each see their own', async () => {
  const mod = makeModule(SRC);
  const v = mod.new_ctxv('outside');
  const task = async (value: string, ms: number) => {
    await null; // a task of its own, as an asyncio task runs in a copy of the context
    mod.set_ctxv(v, value);
    await sleep(ms);
    const afterAwait = mod.get_ctxv(v);
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
    return [afterAwait, v.get()];
  };
  const results = await Promise.all([task('a', 20), task('b', 5), task('c', 10)]);
  assert.deepEqual(results, [['a', 'a'], ['b', 'b'], ['c', 'c']]);
  assert.equal(mod.get_ctxv(v), 'outside', 'the caller never saw the tasks values');

  // A callback scheduled after a set sees the value of when it was scheduled.
  const seen: unknown[] = [];
  await new Promise<void>((resolve) => {
    setImmediate(() => {
      mod.set_ctxv(v, 'first');
      setTimeout(() => seen.push(mod.get_ctxv(v)), 1);
      mod.set_ctxv(v, 'second');
      setTimeout(() => {
        seen.push(mod.get_ctxv(v));
        resolve();
      }, 2);
    });
  });
  assert.deepEqual(seen, ['first', 'second']);
});

test('errors: not a ContextVar is a TypeError naming the function; a NULL name or result is a SystemError', () => {
  const mod = makeModule(SRC);
  assert.throws(() => mod.get_ctxv({}), { name: 'TypeError', message: 'ctx_ContextVar_Get: an instance of ContextVar was expected, got Object' });
  assert.throws(() => mod.set_ctxv(42, 1), { name: 'TypeError', message: 'ctx_ContextVar_Set: an instance of ContextVar was expected, got Number' });
  assert.throws(() => mod.bad_calls(0), (e: Error) => e instanceof SystemError && e.message === 'ctx_ContextVar_New: the name is NULL');
  assert.throws(() => mod.bad_calls(1), (e: Error) => e instanceof SystemError && /^ctx_ContextVar_Get: result is NULL/.test(e.message));
});

test('the ContextVar class checks its arguments and is frozen; tokens come only from set()', () => {
  assert.throws(() => new ContextVar(null as never), { name: 'TypeError', message: 'ContextVar: name must be a string, got null' });
  assert.throws(() => new ContextVar('x', 0 as never), { name: 'TypeError', message: 'ContextVar: options must be an object such as { default: 0 }, or omitted, got 0' });
  assert.throws(() => new ContextVar('x', { dflt: 1 } as never), { name: 'TypeError', message: 'ContextVar: unknown option "dflt" in options; the option is default' });
  const v = new ContextVar('x');
  assert.ok(Object.isFrozen(v));
  assert.throws(() => new (Token as unknown as new (...a: unknown[]) => unknown)(Symbol('k'), v, 1), TypeError);
});

test('in trace mode each HPyContextVar_New, _Get and _Set counts once', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  const v = t.new_ctxv();
  t.set_ctxv(v, 1);
  assert.equal(t.get_ctxv(v), 1);
  assert.deepEqual(diff(before, get_call_counts()), { ctx_ContextVar_New: 1, ctx_ContextVar_Set: 1, ctx_ContextVar_Get: 1 });
});
