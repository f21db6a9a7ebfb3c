// get_profile: the native store's per-entry rows (which C function of an
// extension made which context calls, and how long each took), read in one
// call. Nothing here runs per traced call.
import { CTX_NAMES, CtxName } from '../generated/ctx-names';
import { native } from '../native';
import { selectModules, type TraceQuery } from './select';

/** Calls a profile entry made to one context function, and their time. */
export interface EntryFunctionStats {
  calls: number;
  /** Accumulated duration of the completed calls, ns. */
  ns: number;
}

/** One entry of the profile: one way into an extension's C code.
 *
 * Names (docs/trace-mode.md, "The profile"): a module function is `<module>.<function>`
 * (`mymod.scale`), a module slot `<module>.HPy_mod_exec` or
 * `<module>.HPy_mod_create`, a capsule destructor
 * `<module>.capsule_destructor`; everything of a type is `<spec name>.<what>`
 * with the spec's name as written (`mymod.Point`): a method by its name
 * (`mymod.Point.sum`), a slot by HPy's name without `HPy_`
 * (`mymod.Point.nb_add`, `.tp_new`, `.tp_destroy`, `.bf_getbuffer`), a getset
 * `<name>.get` and `<name>.set` (`mymod.Point.x.get`), and a call function
 * set with HPy_SetCallFunction `call_function`. Context calls made outside
 * every entry go to the pseudo-entry `<module>.<outside>`, whose `calls` and
 * `total_ns` are 0. */
export interface ProfileRow {
  entry: string;
  /** The module's name (`mymod`). */
  module: string;
  /** Calls into the entry's C function (counted when they start). */
  calls: number;
  /** Inclusive time of the completed calls, ns: the C function, the context
   * calls it made and everything they ran (JavaScript, other entries). */
  total_ns: number;
  /** The part of total_ns spent inside context calls, ns: the sum of
   * `functions[*].ns`. Self time, the entry's own C code, is
   * `total_ns - api_ns`. */
  api_ns: number;
  /** Per context function the entry called while it was the innermost
   * running entry of its module (a nested entry's calls are its own). */
  functions: Partial<Record<CtxName, EntryFunctionStats>>;
}

/** The profile of the traced modules (or one): one row per entry entered
 * at least once, in every thread, plus each module's `<module>.<outside>`
 * when it made context calls outside every entry. Rows come in load order,
 * then in the order entries were first defined. For every context function,
 * the rows of a module add up to its get_call_counts() and get_durations().
 * A module loaded in universal mode is an error, as for get_call_counts. */
export function get_profile(query?: TraceQuery): ProfileRow[] {
  const raw = native.traceProfileRaw().map((r) => ({ ...r, name: r.module }));
  return selectModules(raw, 'get_profile', query).map((r) => {
    const functions: Partial<Record<CtxName, EntryFunctionStats>> = {};
    let apiNs = 0;
    for (let off = 0; off < r.functions.length; off += 3) {
      const ns = r.functions[off + 2];
      functions[CTX_NAMES[r.functions[off]]] = { calls: r.functions[off + 1], ns };
      apiNs += ns;
    }
    return { entry: r.entry, module: r.module, calls: r.calls, total_ns: r.totalNs, api_ns: apiNs, functions };
  });
}
