// Per-function summaries of the native store (calls, total and mean time,
// quantiles from the histogram), for terminal tables and quick looks. Prometheus
// users get the same from the histogram with histogram_quantile().
import { CTX_NAMES, CtxName } from '../generated/ctx-names';
import { FunctionSnapshot, TraceSnapshot, traceSnapshot } from '../native';
import { accepts, check, checkOptions } from '../args';

export interface FunctionSummary {
  name: CtxName;
  /** Module name, or '*' when summed over modules. */
  module: string;
  calls: number;
  totalNs: number;
  meanNs: number;
  p50Ns: number;
  p99Ns: number;
}

/** The q-quantile (0..1) of a bucketed distribution, interpolated linearly
 * inside its bucket as Prometheus does; +Inf bucket answers its lower bound. */
const isCount = (v: unknown): boolean => typeof v === 'number' && v >= 0;

export function bucketQuantile(q: number, boundsNs: readonly number[], buckets: readonly number[]): number {
  check('bucketQuantile', 'q', q, accepts.number(0, 1));
  check('bucketQuantile', 'boundsNs', boundsNs, accepts.arrayOf('an array of bucket upper bounds in ns (numbers)', isCount));
  check('bucketQuantile', 'buckets', buckets, {
    what: `an array of ${boundsNs.length + 1} counts (one per bound, and +Inf)`,
    test: (v) => Array.isArray(v) && v.length === boundsNs.length + 1 && v.every(isCount),
  });
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return NaN;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    if (seen + buckets[i] >= rank && buckets[i] > 0) {
      if (i === boundsNs.length) return boundsNs[boundsNs.length - 1];
      const lower = i === 0 ? 0 : boundsNs[i - 1];
      return lower + (boundsNs[i] - lower) * ((rank - seen) / buckets[i]);
    }
    seen += buckets[i];
  }
  return boundsNs[boundsNs.length - 1];
}

function summarize(name: CtxName, module: string, rows: FunctionSnapshot[], bounds: readonly number[]): FunctionSummary {
  const buckets = new Array<number>(bounds.length + 1).fill(0);
  let calls = 0;
  let totalNs = 0;
  for (const r of rows) {
    calls += r.calls;
    totalNs += r.sumNs;
    r.buckets.forEach((b, i) => (buckets[i] += b));
  }
  const completed = buckets.reduce((a, b) => a + b, 0);
  return {
    name,
    module,
    calls,
    totalNs,
    meanNs: completed ? totalNs / completed : 0,
    p50Ns: bucketQuantile(0.5, bounds, buckets),
    p99Ns: bucketQuantile(0.99, bounds, buckets),
  };
}

/** One summary per used function, summed over modules (or per module with
 * `byModule`), sorted by total time, largest first. */
export interface SummaryOptions {
  /** One summary per module and function instead of per function. */
  byModule?: boolean;
  /** Summarize this snapshot instead of reading the store. */
  snapshot?: TraceSnapshot;
}

const SNAPSHOT = {
  what: 'a trace snapshot ({ boundsNs, modules })',
  test: (v: unknown) => typeof v === 'object' && v !== null && Array.isArray((v as TraceSnapshot).boundsNs) && Array.isArray((v as TraceSnapshot).modules),
};

export function get_summary(options?: SummaryOptions): FunctionSummary[] {
  const { byModule, snapshot } = checkOptions<SummaryOptions>('get_summary', options, { byModule: accepts.boolean, snapshot: SNAPSHOT }, '{ byModule: true }');
  const snap = snapshot ?? traceSnapshot();
  const groups = new Map<string, { name: CtxName; module: string; rows: FunctionSnapshot[] }>();
  for (const m of snap.modules) {
    for (const f of m.functions) {
      const module = byModule ? m.name : '*';
      const key = `${module}\u0000${f.id}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { name: CTX_NAMES[f.id], module, rows: [] }));
      g.rows.push(f);
    }
  }
  return [...groups.values()].map((g) => summarize(g.name, g.module, g.rows, snap.boundsNs)).sort((a, b) => b.totalNs - a.totalNs);
}
