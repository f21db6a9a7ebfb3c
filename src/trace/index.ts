// hpy-node/trace: HPy's `hpy.trace` module for Node.js. The seed's names
// (get_call_counts, ...) and camelCase twins. Everything reads the native
// store that traced calls write; nothing here runs per traced call except the
// user's own hooks.
import { CTX_NAMES, CtxName } from '../generated/ctx-names';
import { native, traceSnapshot } from '../native';
import { ensureRuntime } from '../runtime';
import { check, checkOptions, type Accepts } from '../args';
import { selectModules, type TraceQuery } from './select';
import { promiseReporter, type HookName } from './hook-result';
import { warnOnBadTraceClock } from './clock-env';

export type { CtxName } from '../generated/ctx-names';
export { CTX_NAMES } from '../generated/ctx-names';

/** Every context function name, with a number. */
export type CallTable = Record<CtxName, number>;

export type { TraceQuery } from './select';

export type TraceHook = (name: CtxName) => void;

function zeroTable(): CallTable {
  const t = {} as CallTable;
  for (const name of CTX_NAMES) t[name] = 0;
  return t;
}

function table(field: 'calls' | 'sumNs', where: string, query?: TraceQuery): CallTable {
  const out = zeroTable();
  for (const m of selectModules(traceSnapshot().modules, where, query)) {
    for (const f of m.functions) out[CTX_NAMES[f.id]] += f[field];
  }
  return out;
}

// The store keeps time in clock ticks; converted to ns they are fractional.
// HPy's get_durations gives whole ns: each function's total (over modules
// and threads) is rounded once, to the nearest ns, half up (Math.round).
function wholeNs(t: CallTable): CallTable {
  for (const name of CTX_NAMES) t[name] = Math.round(t[name]);
  return t;
}

/** Calls per context function, summed over all traced modules (or one), in
 * every thread. Every function is a key, zero included. */
export function get_call_counts(query?: TraceQuery): CallTable {
  return table('calls', 'get_call_counts', query);
}

/** Accumulated time per context function, in whole ns (same keys), as in
 * HPy: each total is rounded to the nearest ns (half up). The clock's
 * resolution is get_frequency(); digits below it are not significant. */
export function get_durations(query?: TraceQuery): CallTable {
  return wholeNs(table('sumNs', 'get_durations', query));
}

/** Resolution of the trace clock in Hz (ticks per second). */
export function get_frequency(): number {
  // Reading the frequency chooses the clock, if no traced load has yet.
  warnOnBadTraceClock();
  return Math.round(native.traceClockFrequency());
}

type HookArg = TraceHook | null | undefined;

const HOOK: Accepts = {
  what: 'a function, null (to clear it) or omitted (to keep it)',
  test: (v) => v === undefined || v === null || typeof v === 'function',
};

// Hooks get the function id from native code; the name lookup happens here,
// in a closure made once per hook, so the native side never builds strings.
function byName(hook: HookArg, which: HookName): ((id: number) => void) | null | undefined {
  if (typeof hook !== 'function') return hook;
  // Captured locally: an imported binding can compile to a getter call on
  // the module object, which would run on every traced call.
  const names = CTX_NAMES;
  const onPromise = promiseReporter(which);
  return (id: number) => {
    const result: unknown = hook(names[id]);
    // A plain hook returns undefined: one comparison per traced call.
    if (result != null && typeof (result as PromiseLike<unknown>).then === 'function') onPromise(result as PromiseLike<unknown>);
  };
}

/** Registers hooks called with the function name before (on_enter) and after
 * (on_exit) each traced call in this thread. `null` clears one; an omitted
 * one is left as it is. A hook that throws makes the extension call that
 * triggered it throw that error. Hooks are synchronous: a returned promise
 * is not waited for (a warning says so, once), and its rejection is reported
 * as a warning rather than ending the process. */
export function set_trace_functions(on_enter?: HookArg, on_exit?: HookArg): void;
export function set_trace_functions(hooks: { on_enter?: HookArg; on_exit?: HookArg }): void;
export function set_trace_functions(a?: unknown, b?: unknown): void {
  let enter: unknown = a;
  let exit: unknown = b;
  if (a !== null && typeof a === 'object' && b === undefined) {
    ({ on_enter: enter, on_exit: exit } = checkOptions<{ on_enter?: unknown; on_exit?: unknown }>('set_trace_functions', a, { on_enter: HOOK, on_exit: HOOK }, '{ on_enter, on_exit }', 'hooks'));
  }
  // Check both before changing either, so a bad call changes nothing.
  check('set_trace_functions', 'on_enter', enter, HOOK);
  check('set_trace_functions', 'on_exit', exit, HOOK);
  ensureRuntime();
  native.setTraceHooks(byName(enter as HookArg, 'on_enter'), byName(exit as HookArg, 'on_exit'));
}

export const getCallCounts = get_call_counts;
export const getDurations = get_durations;
export const getFrequency = get_frequency;
export const setTraceFunctions = set_trace_functions;

export { get_profile, get_profile as getProfile } from './profile';
export type { ProfileRow, EntryFunctionStats } from './profile';

export { to_pprof, write_pprof, to_pprof as toPprof, write_pprof as writePprof, PPROF_SAMPLE_TYPES } from './pprof';
export type { PprofOptions } from './pprof';

export { get_summary, bucketQuantile } from './summary';
export type { FunctionSummary, SummaryOptions } from './summary';
export { get_summary as getSummary } from './summary';
