// A trace store of any shape, for the collection figures: no real module can
// call all 189 context functions (HPyFatalError aborts), so rows of exactly
// the addon's format stand in for the native read, and everything after it
// (snapshot decoding, producer, SDK reader, serializer, HTTP) is the real path.
import { native, RawProfileRow, RawTraceSnapshot } from '../src/native';

/** A raw snapshot in the addon's format: per module, rows of
 * [id, calls, sumNs, ...29 buckets], with `calls` spread over a few buckets. */
export function syntheticRaw(functions: number, modules: number, calls: number, boundsNs: number[]): RawTraceSnapshot {
  const width = 3 + boundsNs.length + 1;
  const start = Date.now() - 60_000;
  return {
    boundsNs,
    modules: Array.from({ length: modules }, (_, m) => {
      const rows = new Float64Array(functions * width);
      for (let f = 0; f < functions; f++) {
        const off = f * width;
        const c = calls + f + m; // distinct values, as real series are
        rows[off] = f;
        rows[off + 1] = c;
        rows[off + 2] = c * 37.5;
        const a = Math.floor(c * 0.6), b = Math.floor(c * 0.3);
        rows[off + 3 + 1] = a;
        rows[off + 3 + 2] = b;
        rows[off + 3 + 5] = c - a - b;
      }
      return { name: `bench_mod${m}`, path: `/bench/bench_mod${m}.hpy.so`, startTimeMs: start, rows };
    }),
  };
}

/** Runs `fn` with native.traceSnapshotRaw answering `raw`. */
export async function withRaw<T>(raw: RawTraceSnapshot, fn: () => Promise<T>): Promise<T> {
  const real = native.traceSnapshotRaw;
  native.traceSnapshotRaw = () => raw;
  try {
    return await fn();
  } finally {
    native.traceSnapshotRaw = real;
  }
}

/** A profile in the addon's format for the modules of syntheticRaw: per
 * module `entries` entries, each calling `functions` context functions, with
 * its calls spread over a few duration buckets. */
export function syntheticProfile(entries: number, modules: number, functions: number, calls: number, boundsNs: number[]): RawProfileRow[] {
  const rows: RawProfileRow[] = [];
  for (let m = 0; m < modules; m++) {
    for (let e = 0; e < entries; e++) {
      const c = calls + e + m;
      const buckets = new Float64Array(boundsNs.length + 1);
      const a = Math.floor(c * 0.7);
      buckets[8] = a;
      buckets[11] = c - a;
      const fns = new Float64Array(functions * 3);
      for (let f = 0; f < functions; f++) fns.set([f, c * 2, c * 2 * 40], f * 3);
      rows.push({ module: `bench_mod${m}`, path: `/bench/bench_mod${m}.hpy.so`, entry: `bench_mod${m}.fn${e}`, calls: c, totalNs: c * 900, buckets, functions: fns });
    }
  }
  return rows;
}

/** Runs `fn` with native.traceProfileRaw answering `rows`. */
export async function withProfile<T>(rows: RawProfileRow[], fn: () => Promise<T>): Promise<T> {
  const real = native.traceProfileRaw;
  native.traceProfileRaw = () => rows;
  try {
    return await fn();
  } finally {
    native.traceProfileRaw = real;
  }
}
