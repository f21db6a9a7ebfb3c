// From two snapshots of cumulative totals to what top shows: per second and
// per call over the interval between them. Without an earlier snapshot (the
// first scrape of an endpoint) rates are unknown and means are cumulative.
import type { EntryTotals, FunctionTotals, Snapshot } from './snapshot';

export interface EntryLine {
  entry: string;
  module: string;
  /** Calls since the process started. */
  calls: number;
  callsPerS?: number;
  /** Inclusive time per call, ns (over the interval when it had calls). */
  meanNs?: number;
  /** Inclusive time spent in the entry per second of wall time, ns/s. */
  nsPerS?: number;
  /** The part of the entry's time spent in context calls, 0..1. */
  apiShare?: number;
  /** Its context functions, most called first, with calls per entry call
   * (per interval when it had calls; a count for `<outside>`, which has none). */
  top: { function: string; perCall: number }[];
}

export interface FunctionLine {
  function: string;
  module: string;
  calls: number;
  callsPerS?: number;
  meanNs?: number;
  nsPerS?: number;
  /** Its part of all context-call time (over the interval), 0..1. */
  timeShare?: number;
}

const key = (module: string, name: string) => `${module}\0${name}`;

function seconds(prev: Snapshot | undefined, cur: Snapshot): number | undefined {
  if (!prev) return undefined;
  const s = (cur.atMs - prev.atMs) / 1000;
  return s > 0 ? s : undefined;
}

/** The entry view's lines, or undefined when the source has no entries. */
export function entryLines(prev: Snapshot | undefined, cur: Snapshot): EntryLine[] | undefined {
  if (!cur.entries) return undefined;
  const dt = seconds(prev, cur);
  const before = new Map((prev?.entries ?? []).map((e) => [key(e.module, e.entry), e]));
  return cur.entries.map((e) => {
    const b: EntryTotals | undefined = dt === undefined ? undefined : before.get(key(e.module, e.entry));
    const calls = e.calls - (b?.calls ?? 0);
    const ns = e.total_ns - (b?.total_ns ?? 0);
    // Over the interval when the entry ran in it, else since the start.
    const span = dt !== undefined && calls > 0 ? { calls, ns, b } : { calls: e.calls, ns: e.total_ns, b: undefined };
    const api = e.api_ns === undefined ? undefined : e.api_ns - (span.b?.api_ns ?? 0);
    const fnCalls = Object.entries(e.functions)
      .map(([fn, s]) => ({ function: fn, calls: (s?.calls ?? 0) - (span.b?.functions[fn]?.calls ?? 0) }))
      .filter((f) => f.calls > 0)
      .sort((x, y) => y.calls - x.calls || x.function.localeCompare(y.function));
    return {
      entry: e.entry,
      module: e.module,
      calls: e.calls,
      callsPerS: dt === undefined ? undefined : calls / dt,
      meanNs: span.calls > 0 ? span.ns / span.calls : undefined,
      nsPerS: dt === undefined ? undefined : ns / dt,
      apiShare: api === undefined || span.ns <= 0 ? undefined : Math.min(1, Math.max(0, api / span.ns)),
      top: fnCalls.map((f) => ({ function: f.function, perCall: span.calls > 0 ? f.calls / span.calls : f.calls })),
    };
  });
}

/** The function view's lines. */
export function functionLines(prev: Snapshot | undefined, cur: Snapshot): FunctionLine[] {
  const dt = seconds(prev, cur);
  const before = new Map((prev?.functions ?? []).map((f) => [key(f.module, f.function), f]));
  const deltas = cur.functions.map((f) => {
    const b: FunctionTotals | undefined = dt === undefined ? undefined : before.get(key(f.module, f.function));
    return { f, calls: f.calls - (b?.calls ?? 0), ns: f.ns - (b?.ns ?? 0) };
  });
  const allNs = deltas.reduce((s, d) => s + d.ns, 0);
  return deltas.map(({ f, calls, ns }) => ({
    function: f.function,
    module: f.module,
    calls: f.calls,
    callsPerS: dt === undefined ? undefined : calls / dt,
    meanNs: calls > 0 ? ns / calls : f.calls > 0 ? f.ns / f.calls : undefined,
    nsPerS: dt === undefined ? undefined : ns / dt,
    timeShare: allNs > 0 ? ns / allNs : undefined,
  }));
}
