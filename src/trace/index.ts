// hpy-node/trace: HPy's `hpy.trace` module for Node.js. The seed's names
// (get_call_counts, ...) and camelCase twins. Everything reads the native
// store that traced calls write; nothing here runs per traced call except the
// user's own hooks.
import { CTX_NAMES, CtxName } from '../generated/ctx-names';
import { native, traceSnapshot, ModuleSnapshot } from '../native';
import { ensureRuntime } from '../runtime';
import { pathOfModule, universalFileOf } from '../load';

export type { CtxName } from '../generated/ctx-names';
export { CTX_NAMES } from '../generated/ctx-names';

/** Every context function name, with a number. */
export type CallTable = Record<CtxName, number>;

export interface TraceQuery {
  /** Only this module: its name (`snippets`), its path, or the module object. */
  module?: string | object;
}

export type TraceHook = (name: CtxName) => void;

function zeroTable(): CallTable {
  const t = {} as CallTable;
  for (const name of CTX_NAMES) t[name] = 0;
  return t;
}

// A module not loaded (yet) has made no calls: zeros. One loaded in universal
// mode makes calls nobody counts: zeros would be wrong, so that is an error.
function selectModules(modules: ModuleSnapshot[], query: TraceQuery | undefined): ModuleSnapshot[] {
  const wanted = query?.module;
  if (wanted === undefined) return modules;
  let selected: ModuleSnapshot[];
  if (typeof wanted === 'string') {
    selected = modules.filter((m) => m.name === wanted || m.path === wanted);
  } else {
    const path = typeof wanted === 'object' && wanted !== null ? pathOfModule(wanted) : undefined;
    if (path === undefined) throw new TypeError('get_call_counts({ module }): module must be a module name, a path, or an object returned by load()');
    selected = modules.filter((m) => m.path === path);
  }
  const universal = selected.length === 0 ? universalFileOf(wanted) : undefined;
  if (universal !== undefined) {
    throw new Error(
      `hpy-node/trace: ${universal} is loaded in universal mode, which does not count calls. ` +
        `Load it in trace mode to trace it: HPY=trace, or load(path, { mode: 'trace' }).`,
    );
  }
  return selected;
}

function table(field: 'calls' | 'sumNs', query?: TraceQuery): CallTable {
  const out = zeroTable();
  for (const m of selectModules(traceSnapshot().modules, query)) {
    for (const f of m.functions) out[CTX_NAMES[f.id]] += f[field];
  }
  return out;
}

/** Calls per context function, summed over all traced modules (or one), in
 * every thread. Every function is a key, zero included. */
export function get_call_counts(query?: TraceQuery): CallTable {
  return table('calls', query);
}

/** Accumulated time per context function, in ns (same keys). The clock's
 * resolution is get_frequency(); digits below it are not significant. */
export function get_durations(query?: TraceQuery): CallTable {
  return table('sumNs', query);
}

/** Resolution of the trace clock in Hz (ticks per second). */
export function get_frequency(): number {
  return Math.round(native.traceClockFrequency());
}

type HookArg = TraceHook | null | undefined;

function checkHook(value: unknown, which: string): HookArg {
  if (value === undefined || value === null || typeof value === 'function') return value as HookArg;
  throw new TypeError(`set_trace_functions: ${which} must be a function, null (to clear it) or omitted (to keep it), got ${typeof value}`);
}

// Hooks get the function id from native code; the name lookup happens here,
// in a closure made once per hook, so the native side never builds strings.
function byName(hook: HookArg): ((id: number) => void) | null | undefined {
  if (typeof hook !== 'function') return hook;
  // Captured locally: an imported binding can compile to a getter call on
  // the module object, which would run on every traced call.
  const names = CTX_NAMES;
  return (id: number) => hook(names[id]);
}

/** Registers hooks called with the function name before (on_enter) and after
 * (on_exit) each traced call in this thread. `null` clears one; an omitted
 * one is left as it is. A hook that throws makes the extension call that
 * triggered it throw that error. */
export function set_trace_functions(on_enter?: HookArg, on_exit?: HookArg): void;
export function set_trace_functions(hooks: { on_enter?: HookArg; on_exit?: HookArg }): void;
export function set_trace_functions(a?: unknown, b?: unknown): void {
  let enter: unknown = a;
  let exit: unknown = b;
  if (a !== null && typeof a === 'object' && b === undefined) {
    ({ on_enter: enter, on_exit: exit } = a as { on_enter?: unknown; on_exit?: unknown });
  }
  // Check both before changing either, so a bad call changes nothing.
  const e = checkHook(enter, 'on_enter');
  const x = checkHook(exit, 'on_exit');
  ensureRuntime();
  native.setTraceHooks(byName(e), byName(x));
}

export const getCallCounts = get_call_counts;
export const getDurations = get_durations;
export const getFrequency = get_frequency;
export const setTraceFunctions = set_trace_functions;

export { get_summary, bucketQuantile } from './summary';
export type { FunctionSummary } from './summary';
export { get_summary as getSummary } from './summary';
