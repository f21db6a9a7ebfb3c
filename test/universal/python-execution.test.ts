// HPy_LeavePythonExecution / HPy_ReenterPythonExecution: HPy's
// test_leave_python, and the contract hpy-node checks (no HPy call between
// the two, the token of this thread, reentered before returning).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { diff } from '../support/call-diff';
import { SystemError } from '../../src/index';
import { get_call_counts, set_trace_functions } from '../../src/trace/index';

// HPy's macros (hpy/devel/include/hpy/macros.h), for an hpy.h without them.
const PRELUDE = `
#ifndef HPy_BEGIN_LEAVE_PYTHON
#define HPy_BEGIN_LEAVE_PYTHON(context) { \\
    HPyThreadState _token;                \\
    _token = HPy_LeavePythonExecution(context);
#define HPy_END_LEAVE_PYTHON(context)     \\
    HPy_ReenterPythonExecution(context, _token); \\
    }
#endif`;

const SRC = `
HPyDef_METH(f, "f", HPyFunc_O)
static HPy f_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t data_len;
    const char* data = HPyUnicode_AsUTF8AndSize(ctx, arg, &data_len);
    HPy_ssize_t acount = 0;
    HPy_BEGIN_LEAVE_PYTHON(ctx);
    for (HPy_ssize_t i = 0; i < data_len; ++i) {
        if (data[i] == 'a')
            acount++;
    }
    HPy_END_LEAVE_PYTHON(ctx);
    return HPyLong_FromSize_t(ctx, acount);
}
/* HPy calls while left: they fail (HPy_NULL, -1), and reentering raises */
HPyDef_METH(calls_while_left, "calls_while_left", HPyFunc_O)
static HPy calls_while_left_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h = HPy_NULL;
    long n = -2;
    HPy_BEGIN_LEAVE_PYTHON(ctx);
    h = HPyLong_FromInt64_t(ctx, 1);
    n = (long)HPyLong_AsInt64_t(ctx, arg);
    HPy_Close(ctx, arg);
    HPy_END_LEAVE_PYTHON(ctx);
    if (HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromInt64_t(ctx, HPy_IsNull(h) * 10 + n);
}
HPyDef_METH(misuse, "misuse", HPyFunc_O)
static HPy misuse_impl(HPyContext *ctx, HPy self, HPy which)
{
    long w = HPyLong_AsLong(ctx, which);
    if (w == 0) {                       /* never reenters */
        HPy_LeavePythonExecution(ctx);
        return HPy_NULL;
    }
    if (w == 1) {                       /* never reenters, returns a value */
        HPy one = HPyLong_FromLong(ctx, 1);
        HPy_LeavePythonExecution(ctx);
        return one;
    }
    if (w == 2) {                       /* another token */
        HPyThreadState t = HPy_LeavePythonExecution(ctx);
        t._i ^= 1;
        HPy_ReenterPythonExecution(ctx, t);
    } else if (w == 3) {                /* reenters without leaving */
        HPyThreadState t = { 0 };
        HPy_ReenterPythonExecution(ctx, t);
    } else if (w == 4) {                /* nested */
        HPyThreadState outer = HPy_LeavePythonExecution(ctx);
        HPyThreadState inner = HPy_LeavePythonExecution(ctx);
        HPy_ReenterPythonExecution(ctx, outer);
        if (inner._i != 0) return HPyLong_FromLong(ctx, -1);
    } else if (w == 5) {                /* twice */
        HPyThreadState t = HPy_LeavePythonExecution(ctx);
        HPy_ReenterPythonExecution(ctx, t);
        HPy_ReenterPythonExecution(ctx, t);
    }
    if (HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromLong(ctx, 42);
}
HPyDef_METH(leave_twice, "leave_twice", HPyFunc_NOARGS)
static HPy leave_twice_impl(HPyContext *ctx, HPy self)
{
    for (int i = 0; i < 2; i++) {
        HPy_BEGIN_LEAVE_PYTHON(ctx);
        HPy_END_LEAVE_PYTHON(ctx);
    }
    return HPyLong_FromInt64_t(ctx, 2);
}`;

const make = (mode: 'universal' | 'trace' = 'universal') => makeModule(SRC, { prelude: PRELUDE, mode });

test('test_leave_python: C code between leaving and reentering runs, and HPy calls work again after', () => {
  const mod = make();
  assert.equal(mod.f('abraka'), 3);
  assert.equal(mod.f(''), 0);
  assert.equal(mod.leave_twice(), 2);
});

test('HPy calls between leaving and reentering fail, and reentering raises a SystemError naming the first', () => {
  const mod = make();
  assert.throws(
    () => mod.calls_while_left(5),
    (e: Error) =>
      e instanceof SystemError &&
      e.message ===
        'ctx_ReenterPythonExecution: 3 HPy calls were made after HPy_LeavePythonExecution (the first: ctx_Long_FromInt64_t): ' +
          'HPy allows none before HPy_ReenterPythonExecution (they failed, returning HPy_NULL or -1)',
  );
  assert.equal(mod.f('banana'), 3, 'the next call is not affected');
});

test('a function that returns without reentering fails with a SystemError, and the next call works', () => {
  const mod = make();
  const message = /\.misuse returned without calling HPy_ReenterPythonExecution after HPy_LeavePythonExecution/;
  assert.throws(() => mod.misuse(0), (e: Error) => e instanceof SystemError && message.test(e.message));
  assert.throws(() => mod.misuse(1), (e: Error) => e instanceof SystemError && message.test(e.message), 'even with a result');
  assert.equal(mod.f('aaa'), 3);
});

test('reentering checks its token, that Python execution was left, and nesting', () => {
  const mod = make();
  assert.throws(() => mod.misuse(2), {
    name: 'SystemError',
    message: 'ctx_ReenterPythonExecution: the HPyThreadState is not the one HPy_LeavePythonExecution returned on this thread',
  });
  const notLeft = /^ctx_ReenterPythonExecution: Python execution was not left on this thread/;
  assert.throws(() => mod.misuse(3), (e: Error) => e instanceof SystemError && notLeft.test(e.message));
  assert.throws(() => mod.misuse(5), (e: Error) => e instanceof SystemError && notLeft.test(e.message), 'reentering twice');
  assert.throws(() => mod.misuse(4), (e: Error) => e instanceof SystemError && /1 HPy call was made after HPy_LeavePythonExecution \(the first: ctx_LeavePythonExecution\)/.test(e.message), 'nested leave');
  assert.equal(mod.misuse(6), 42);
});

test('in trace mode both count once, and hooks run around both, in order', () => {
  const t = make('trace');
  const before = get_call_counts();
  assert.equal(t.f('abraka'), 3);
  assert.deepEqual(diff(before, get_call_counts()), {
    ctx_Unicode_AsUTF8AndSize: 1,
    ctx_LeavePythonExecution: 1,
    ctx_ReenterPythonExecution: 1,
    ctx_Long_FromSize_t: 1,
  });
  const events: string[] = [];
  set_trace_functions(
    (name) => events.push(`enter ${name}`),
    (name) => events.push(`exit ${name}`),
  );
  try {
    assert.equal(t.leave_twice(), 2);
  } finally {
    set_trace_functions(null, null);
  }
  const round = ['enter ctx_LeavePythonExecution', 'exit ctx_LeavePythonExecution', 'enter ctx_ReenterPythonExecution', 'exit ctx_ReenterPythonExecution'];
  assert.deepEqual(events, [...round, ...round, 'enter ctx_Long_FromInt64_t', 'exit ctx_Long_FromInt64_t']);
});

test('a trace hook that throws while Python execution is left has its error thrown to the caller', () => {
  const t = make('trace');
  set_trace_functions(null, (name) => {
    if (name === 'ctx_LeavePythonExecution') throw new RangeError('hook after leaving');
  });
  try {
    assert.throws(() => t.f('abraka'), { name: 'RangeError', message: 'hook after leaving' });
  } finally {
    set_trace_functions(null, null);
  }
  assert.equal(t.f('abraka'), 3);
});
