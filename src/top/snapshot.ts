// What `hpy-node top` reads from any source (a traced child, a /metrics
// endpoint): cumulative totals at one moment. The entry view needs entries;
// the function view needs only functions, which every source has.

/** One context function's totals in one module. */
export interface FunctionTotals {
  module: string;
  function: string;
  calls: number;
  ns: number;
}

/** One entry's totals (get_profile()'s row). `api_ns` and `functions` are
 * unknown (undefined, empty) where a source has only per-entry calls and
 * time, as the metrics endpoint will. */
export interface EntryTotals {
  entry: string;
  module: string;
  calls: number;
  total_ns: number;
  api_ns?: number;
  functions: Record<string, { calls: number; ns: number } | undefined>;
}

export interface Snapshot {
  /** When it was taken, ms since the epoch. */
  atMs: number;
  /** Per entry, or undefined when the source has no per-entry data. */
  entries?: EntryTotals[];
  functions: FunctionTotals[];
}

/** The per-function totals of a set of entries: their rows, added up. */
export function functionsOfEntries(entries: readonly EntryTotals[]): FunctionTotals[] {
  const byKey = new Map<string, FunctionTotals>();
  for (const e of entries) {
    for (const [fn, stats] of Object.entries(e.functions)) {
      if (!stats) continue;
      const key = `${e.module}\0${fn}`;
      const t = byKey.get(key) ?? { module: e.module, function: fn, calls: 0, ns: 0 };
      t.calls += stats.calls;
      t.ns += stats.ns;
      byKey.set(key, t);
    }
  }
  return [...byKey.values()];
}

/** Entries of several processes with the same name added up (one row per
 * module and entry). */
export function mergeEntries(lists: readonly (readonly EntryTotals[])[]): EntryTotals[] {
  const byKey = new Map<string, EntryTotals>();
  for (const list of lists) {
    for (const e of list) {
      const key = `${e.module}\0${e.entry}`;
      const t = byKey.get(key);
      if (!t) {
        byKey.set(key, { ...e, functions: Object.fromEntries(Object.entries(e.functions).map(([k, v]) => [k, v && { ...v }])) });
        continue;
      }
      t.calls += e.calls;
      t.total_ns += e.total_ns;
      t.api_ns = t.api_ns === undefined || e.api_ns === undefined ? undefined : t.api_ns + e.api_ns;
      for (const [fn, stats] of Object.entries(e.functions)) {
        if (!stats) continue;
        const f = t.functions[fn] ?? { calls: 0, ns: 0 };
        f.calls += stats.calls;
        f.ns += stats.ns;
        t.functions[fn] = f;
      }
    }
  }
  return [...byKey.values()];
}
