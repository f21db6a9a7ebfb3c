// Which traced modules a query names ({ module }), shared by every reader of
// the store: the same argument checks and the same error for a module loaded
// in universal mode.
import { pathOfModule, universalFileOf } from '../load';
import { checkOptions, type Accepts } from '../args';

export interface TraceQuery {
  /** Only this module: its name (`snippets`), its path, or the module object. */
  module?: string | object;
}

const MODULE: Accepts = {
  what: 'a module name, a path, or an object returned by load()',
  test: (v) => typeof v === 'string' || (typeof v === 'object' && v !== null && pathOfModule(v) !== undefined),
};

// A module not loaded (yet) has made no calls: zeros. One loaded in universal
// mode makes calls nobody counts: zeros would be wrong, so that is an error.
export function selectModules<M extends { name: string; path: string }>(modules: M[], where: string, query: TraceQuery | undefined): M[] {
  // A bare name (get_call_counts('snippets')) would otherwise count every module.
  const wanted = checkOptions<TraceQuery>(where, query, { module: MODULE }, "{ module: 'snippets' }", 'query').module;
  if (wanted === undefined) return modules;
  const path = typeof wanted === 'string' ? undefined : pathOfModule(wanted);
  const selected = modules.filter((m) => (path === undefined ? m.name === wanted || m.path === wanted : m.path === path));
  const universal = selected.length === 0 ? universalFileOf(wanted) : undefined;
  if (universal !== undefined) {
    throw new Error(
      `hpy-node/trace: ${universal} is loaded in universal mode, which does not count calls. ` +
        `Load it in trace mode to trace it: HPY=trace, or load(path, { mode: 'trace' }).`,
    );
  }
  return selected;
}

