// hpy-node/trace reproduces HPy's own trace-mode tests: counts and durations
// are compared as snapshots before and after a call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { pathOfModule } from '../../src/load';
import { CTX_NAMES, get_call_counts, get_durations, get_frequency, getCallCounts, set_trace_functions } from '../../src/trace/index';
import { diff } from '../support/call-diff';
import { traceSnapshot } from '../../src/native';

const ADD_SRC = `
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "expected exactly two args");
        return HPy_NULL;
    }
    return HPy_Add(ctx, args[0], args[1]);
}`;


test('get_call_counts has every context function as a key, zeros included', () => {
  const counts = get_call_counts();
  assert.deepEqual(Object.keys(counts).sort(), [...CTX_NAMES].sort());
  assert.equal(CTX_NAMES.length, 189);
  for (const v of Object.values(counts)) assert.equal(typeof v, 'number');
});

test('f(1, 2) === 3 adds exactly { ctx_Add: 1 }', () => {
  const m = makeModule(ADD_SRC, { mode: 'trace' });
  const before = get_call_counts();
  assert.equal(m.f(1, 2), 3);
  assert.deepEqual(diff(before, get_call_counts()), { ctx_Add: 1 });
});

test('a call with three arguments throws TypeError and adds { ctx_Err_SetString: 1 }', () => {
  const m = makeModule(ADD_SRC, { mode: 'trace' });
  const before = get_call_counts();
  assert.throws(() => m.f(1, 2, 3), { name: 'TypeError', message: 'expected exactly two args' });
  assert.deepEqual(diff(before, get_call_counts()), { ctx_Err_SetString: 1 });
});

test('the same module in universal mode is not counted', () => {
  const m = makeModule(ADD_SRC, { mode: 'universal' });
  const before = get_call_counts();
  assert.equal(m.f(1, 2), 3);
  assert.deepEqual(diff(before, get_call_counts()), {});
});

test('asking for a universal-mode module by name, path or object is an error, not zeros', () => {
  const m = makeModule(ADD_SRC, { mode: 'universal', name: 'plain_universal' });
  const message = /plain_universal\.hpy\.so is loaded in universal mode, which does not count calls\. Load it in trace mode/;
  assert.throws(() => get_call_counts({ module: 'plain_universal' }), message);
  assert.throws(() => get_durations({ module: m }), message);
  assert.throws(() => get_call_counts({ module: pathOfModule(m)! }), message);
});

test('get_call_counts({ module }) counts one module, by name or by module object', () => {
  const a = makeModule(ADD_SRC, { mode: 'trace', name: 'count_a' });
  const b = makeModule(ADD_SRC, { mode: 'trace', name: 'count_b' });
  const a0 = get_call_counts({ module: 'count_a' }).ctx_Add;
  const b0 = get_call_counts({ module: b }).ctx_Add;
  a.f(1, 1);
  a.f(1, 1);
  b.f(2, 2);
  assert.equal(get_call_counts({ module: 'count_a' }).ctx_Add - a0, 2);
  assert.equal(get_call_counts({ module: b }).ctx_Add - b0, 1);
  assert.equal(get_call_counts({ module: 'no_such_module' }).ctx_Add, 0, 'not loaded (yet): no calls');
  assert.throws(() => get_call_counts({ module: {} }), TypeError);
});

test('a callback sleeping 300 ms adds its time to ctx_CallTupleDict and to no function but ctx_Callable_Check', () => {
  const m = makeModule(
    `
HPyDef_METH(call_func, "call_func", HPyFunc_O)
static HPy call_func_impl(HPyContext *ctx, HPy self, HPy f) {
    if (!HPyCallable_Check(ctx, f)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "not callable");
        return HPy_NULL;
    }
    return HPy_CallTupleDict(ctx, f, HPy_NULL, HPy_NULL);
}`,
    { mode: 'trace' },
  );
  const sleep300 = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  const before = get_durations();
  const t0 = process.hrtime.bigint();
  assert.equal(m.call_func(sleep300), 'timed-out');
  const wall = Number(process.hrtime.bigint() - t0);
  const changed = diff(before, get_durations());
  // Trace mode's clock is the TSC, calibrated against the monotonic clock
  // over 20 ms at start-up: a preemption inside that window on a busy
  // machine puts its rate off by several percent, so "at least 3e8 ns" (the
  // sleep's own minimum) would test the calibration, not the attribution.
  // Half of the sleep, and at most twice the wall time around the call,
  // still tell the callback's time counted from not counted (microseconds)
  // or counted in the wrong unit.
  const grew = changed.ctx_CallTupleDict;
  assert.ok(grew >= 1.5e8 && grew <= 2 * wall, `ctx_CallTupleDict grew by ${grew} ns around a 300 ms sleep (${wall} ns wall time)`);
  assert.deepEqual(Object.keys(changed).filter((k) => k !== 'ctx_CallTupleDict' && k !== 'ctx_Callable_Check'), []);
});

test('durations are in ns: a sum over many calls stays well below wall time', () => {
  const m = makeModule(ADD_SRC, { mode: 'trace' });
  const before = get_durations().ctx_Add;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 1000; i++) m.f(i, 1);
  const wall = Number(process.hrtime.bigint() - t0);
  const spent = get_durations().ctx_Add - before;
  assert.ok(spent > 0 && spent < wall, `ctx_Add took ${spent} ns of ${wall} ns wall time`);
});

test('get_frequency reports the clock resolution in Hz', () => {
  const f = get_frequency();
  assert.ok(Number.isInteger(f) && f >= 1e6, `frequency ${f}`);
});

test('camelCase twins are the same functions', () => {
  assert.equal(getCallCounts, get_call_counts);
});

test('on_enter/on_exit: set, replace and clear, as HPy tests them', () => {
  const m = makeModule(ADD_SRC, { mode: 'trace' });
  const events: string[] = [];
  try {
    set_trace_functions((name) => events.push(`enter1 ${name}`));
    m.f(1, 2);
    assert.deepEqual(events, ['enter1 ctx_Add']);
    events.length = 0;

    set_trace_functions({ on_exit: (name) => events.push(`exit1 ${name}`) }); // on_enter kept
    m.f(1, 2);
    assert.deepEqual(events, ['enter1 ctx_Add', 'exit1 ctx_Add']);
    events.length = 0;

    set_trace_functions((name) => events.push(`enter2 ${name}`)); // replaced; on_exit kept
    m.f(1, 2);
    assert.deepEqual(events, ['enter2 ctx_Add', 'exit1 ctx_Add']);
    events.length = 0;

    set_trace_functions(null); // clears on_enter only
    m.f(1, 2);
    assert.deepEqual(events, ['exit1 ctx_Add']);
    events.length = 0;

    set_trace_functions({ on_exit: null });
    m.f(1, 2);
    assert.deepEqual(events, []);
  } finally {
    set_trace_functions(null, null);
  }
});

test('a hook that is not callable throws TypeError and changes neither hook', () => {
  const m = makeModule(ADD_SRC, { mode: 'trace' });
  const events: string[] = [];
  try {
    set_trace_functions((n) => events.push(`enter ${n}`), (n) => events.push(`exit ${n}`));
    assert.throws(() => set_trace_functions(() => events.push('new enter'), 42 as never), TypeError);
    assert.throws(() => set_trace_functions({ on_enter: 'nope' as never }), TypeError);
    m.f(1, 2);
    assert.deepEqual(events, ['enter ctx_Add', 'exit ctx_Add']);
  } finally {
    set_trace_functions(null, null);
  }
});

test('a throwing hook does not abort: its error reaches the JavaScript caller', () => {
  const m = makeModule(ADD_SRC, { mode: 'trace' });
  try {
    set_trace_functions(() => {
      throw new RangeError('hook failed');
    });
    assert.throws(() => m.f(1, 2), { name: 'RangeError', message: 'hook failed' });
    set_trace_functions(null);
    assert.equal(m.f(1, 2), 3, 'the module still works once the hook is cleared');
  } finally {
    set_trace_functions(null, null);
  }
});

test("a hook's own calls into traced modules do not re-enter hooks", () => {
  const m = makeModule(ADD_SRC, { mode: 'trace' });
  const seen: string[] = [];
  try {
    set_trace_functions((name) => {
      seen.push(name);
      m.f(10, 20); // traced and counted, but no nested hook
    });
    const before = get_call_counts().ctx_Add;
    assert.equal(m.f(1, 2), 3);
    assert.deepEqual(seen, ['ctx_Add']);
    assert.equal(get_call_counts().ctx_Add - before, 2);
  } finally {
    set_trace_functions(null, null);
  }
});

const LOOP_SRC = `
HPyDef_METH(loop, "loop", HPyFunc_O)
static HPy loop_impl(HPyContext *ctx, HPy self, HPy n) {
    long count = HPyLong_AsLong(ctx, n);
    for (long i = 0; i < count; i++) {
        HPy r = HPy_Add(ctx, n, n);
        if (HPy_IsNull(r)) return HPy_NULL;
        HPy_Close(ctx, r);
    }
    return HPy_Dup(ctx, n);
}`;

test('hooks run for every call of a long frame, and a throw far into it still reaches the caller', () => {
  // Past the first calls of a frame, each hook call gets its own handle scope.
  const m = makeModule(LOOP_SRC, { mode: 'trace' });
  const calls = 5000;
  let entered = 0;
  let exited = 0;
  try {
    set_trace_functions(() => entered++, () => exited++);
    assert.equal(m.loop(calls), calls);
    // AsLong, then Add + Close per iteration, then Dup.
    assert.equal(entered, 2 * calls + 2);
    assert.equal(exited, 2 * calls + 2);

    let seen = 0;
    set_trace_functions(() => {
      if (++seen === 3000) throw new RangeError('hook failed late');
    }, null);
    assert.throws(() => m.loop(calls), { name: 'RangeError', message: 'hook failed late' });
  } finally {
    set_trace_functions(null, null);
  }
});

test('hooks reach modules loaded after they were set', () => {
  const seen: string[] = [];
  try {
    set_trace_functions((name) => seen.push(name));
    const late = makeModule(ADD_SRC, { mode: 'trace', name: 'loaded_after_hooks' });
    assert.equal(late.f(1, 2), 3);
    assert.deepEqual(seen, ['ctx_Add']);
  } finally {
    set_trace_functions(null, null);
  }
});

// The store's own total for one function, over every traced module.
function rawDurationOf(name: string): number {
  const id = CTX_NAMES.indexOf(name as (typeof CTX_NAMES)[number]);
  let ns = 0;
  for (const m of traceSnapshot().modules) for (const f of m.functions) if (f.id === id) ns += f.sumNs;
  return ns;
}

// A 1 GHz clock (the monotonic clock) counts whole ns already.
test('durations are whole ns, as in HPy: the store has fractional ns, get_durations rounds each total', { skip: get_frequency() === 1e9 && 'a 1 GHz trace clock' }, () => {
  const m = makeModule(ADD_SRC, { mode: 'trace' });
  for (let i = 0; i < 1000; i++) m.f(i, 1);
  const raw = rawDurationOf('ctx_Add');
  assert.ok(!Number.isInteger(raw), `the store's total ${raw} is fractional (ticks turned into ns), so rounding is tested`);
  assert.equal(get_durations().ctx_Add, Math.round(raw));
  for (const [name, ns] of Object.entries(get_durations())) assert.ok(Number.isInteger(ns), `${name}: ${ns}`);
});
