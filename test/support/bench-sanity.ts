// What a figure of a quick benchmark run may read: every number present,
// finite and positive where it is a time, a size or a rate, and below a
// ceiling far above anything a working build gives. The quick run's numbers
// are not measurements (2 runs of 2,000 calls, mostly before V8 optimizes),
// so the ceilings only catch what is broken: a loop that did not run (0,
// NaN), a division by a count of 0 (Infinity), a call that hangs or leaks.
import type { FigureResult } from '../../bench/lib';

/** ns per unit of work of any interleaved variant (a call, a read, a parse,
 * a pair). The slowest seen in quick runs is 66 µs, figure 4's OTel wrapper
 * before V8 optimizes it, at load average 7; an ASan build makes native code
 * 2-3x slower. 2 ms a call is 30x that: no working call gets there. */
export const NS_PER_UNIT_CEILING = 2e6;
/** ns per instance made and collected (figure 12). A quick round has only
 * 1,000 instances to share its forced full collections (27 µs an instance
 * seen, at load 7); 5 ms is 200x that. */
export const NS_PER_INSTANCE_CEILING = 5e6;
/** ms of one /metrics scrape or of a part of it (figure 6). The slowest seen
 * is 306 ms (189 functions x 10 modules, load 7; the full run's target is
 * 100 ms); 10 s is 30x that, and below the fetch's own timeouts. */
export const SCRAPE_MS_CEILING = 10_000;
/** Context calls per second (figure 8): a traced call takes about 25 ns, so
 * one core makes at most ~4e7 a second; 1e9 is 25x that. */
export const CALLS_PER_SECOND_CEILING = 1e9;
/** ns of the native floor loop's steps (figure 2): two clock reads take about
 * 20 ns with the TSC, ~1 µs on a clock that needs a system call; 10 µs is 10x that. */
export const FLOOR_NS_CEILING = 1e4;
/** ns per instance or operation of figure 13's variants that time forced
 * collections with them (F13_COLLECTING), on hpy-node, the JS twin or
 * CPython. A quick round shares them among only 500 instances (HPy_New,
 * Foo()) or 712 operations (building): the slowest seen is 47 µs, HPy_New
 * on hpy-node at load 8 (its loop collects until tp_destroy ran for all,
 * up to 100 collections). 10 ms is 200x that. */
export const NS_PER_COLLECTED_CEILING = 1e7;
/** ns per iteration of figure 15's C loops (a), on hpy-node or CPython.
 * The slowest seen in quick runs is 8.4 µs (HPyTupleBuilder, one round of
 * 500 iterations that met a collection; the full run's slowest is 1.6 µs,
 * HPyBytes_*, at load 7-9); 1 ms is 100x that. */
export const F15_NS_PER_ITERATION_CEILING = 1e6;
/** ns per record of figure 15's JSON-like documents (b), whose samples are
 * ns per document (the rows print µs) and whose size is the run's: 10
 * records quick, 200 full. The slowest seen is 43 µs a record (the codec's
 * encode, quick, before V8 optimizes; 6.6 µs in the full run at load 7-9);
 * 4 ms is 90x that. */
export const F15_NS_PER_RECORD_CEILING = 4e6;
/** Figure 13's variants that time forced collections, by their place in
 * its raw results (hpy-node's and the twin's; CPython's below). */
const F13_COLLECTING = ['loops.HPy_New', 'micro.Foo()', 'geometry.hpyBuild', 'geometry.twinBuild'];
const F13_CPYTHON_COLLECTING = ['loops.HPy_New', 'micro.Foo()', 'geometry.build'];

type Check = (what: string, x: unknown) => void;

const within = (ceiling: number): Check => (what, x) => {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x > ceiling) throw new Error(`${what} = ${String(x)}: outside (0, ${ceiling}]`);
};

// Every interleave result ({ median, samples }) anywhere in `raw`.
function interleaved(raw: unknown, path: string, out: Array<[string, number[]]>): void {
  if (raw === null || typeof raw !== 'object') return;
  const r = raw as Record<string, unknown>;
  if (Array.isArray(r.samples) && typeof r.median === 'number') out.push([path, r.samples as number[]]);
  else for (const [k, v] of Object.entries(r)) interleaved(v, `${path}.${k}`, out);
}

/** Throws, naming the number, when figure `f` reads something no working
 * build gives. */
export function checkFigure(f: FigureResult): void {
  const name = `figure ${f.id}`;
  for (const row of f.rows) {
    // Values are numbers or formatted numbers ("9.6 / 16.8"); differences
    // (overheads) may be negative in a quick run, so only finiteness here.
    for (const part of String(row.value).split(' / ')) {
      if (!Number.isFinite(Number(part))) throw new Error(`${name}, row "${row.label}": value ${JSON.stringify(row.value)} is not a number`);
    }
  }
  for (const t of f.targets) if (!Number.isFinite(t.value)) throw new Error(`${name}, target "${t.text}": ${t.value}`);
  const series: Array<[string, number[]]> = [];
  interleaved(f.raw, name, series);
  const ns = within(NS_PER_UNIT_CEILING);
  const collected = within(NS_PER_COLLECTED_CEILING);
  const f15 = f.id === 15 ? figure15Checks(f) : undefined;
  for (const [path, samples] of series) {
    const at = path.slice(name.length + 1);
    const check = f15 ? (at.startsWith('json.') ? f15.perDocument : f15.perIteration) : f.id === 13 && F13_COLLECTING.includes(at) ? collected : ns;
    samples.forEach((x, i) => check(`${path}[${i}]`, x));
  }
  if (f.id === 2) {
    const raw = f.raw as { clockSamples: number[]; fullSamples: number[] };
    for (const k of ['clockSamples', 'fullSamples'] as const) raw[k].forEach((x, i) => within(FLOOR_NS_CEILING)(`${name}.${k}[${i}]`, x));
  }
  if (f.id === 6) {
    type Latency = { latencyMs: number };
    const raw = f.raw as {
      nativeReadMs: number;
      shapes: Record<string, Latency & { bytes: number }>;
      breakdown189x10: Record<'readerCollectMs' | 'serializeMs' | 'stockSerializeMs', number>;
    } & Record<'many' | 'realFew' | 'realMany', Latency>;
    const ms = within(SCRAPE_MS_CEILING);
    ms(`${name}.nativeReadMs`, raw.nativeReadMs);
    for (const [k, s] of Object.entries(raw.shapes)) {
      ms(`${name}.shapes.${k}.latencyMs`, s.latencyMs);
      within(1e9)(`${name}.shapes.${k}.bytes`, s.bytes);
    }
    for (const k of ['readerCollectMs', 'serializeMs', 'stockSerializeMs'] as const) ms(`${name}.breakdown189x10.${k}`, raw.breakdown189x10[k]);
    for (const k of ['many', 'realFew', 'realMany'] as const) ms(`${name}.${k}.latencyMs`, raw[k].latencyMs);
  }
  if (f.id === 7) {
    // The store's layout: whole per-thread stores, at least one.
    const { bytesPerModule, bytesPerModulePerThread } = f.raw as { bytesPerModule: number; bytesPerModulePerThread: number };
    if (!(bytesPerModule >= bytesPerModulePerThread && bytesPerModule % bytesPerModulePerThread === 0))
      throw new Error(`${name}: ${bytesPerModule} bytes per module is not a whole number of ${bytesPerModulePerThread}-byte thread stores`);
  }
  if (f.id === 8) {
    const raw = f.raw as { samples: Record<string, Array<{ callsPerSec: number; scrapesPerSec: number }>> };
    for (const [mode, runs] of Object.entries(raw.samples)) {
      runs.forEach((s, i) => {
        within(CALLS_PER_SECOND_CEILING)(`${name}.samples.${mode}[${i}].callsPerSec`, s.callsPerSec);
        if (!(Number.isFinite(s.scrapesPerSec) && s.scrapesPerSec >= 0)) throw new Error(`${name}.samples.${mode}[${i}].scrapesPerSec = ${s.scrapesPerSec}`);
      });
    }
  }
  if (f.id === 12) {
    const raw = f.raw as Record<'plain' | 'fin' | 'buffer', number[]>;
    for (const k of ['plain', 'fin'] as const) raw[k].forEach((x, i) => within(NS_PER_INSTANCE_CEILING)(`${name}.${k}[${i}]`, x));
    raw.buffer.forEach((x, i) => ns(`${name}.buffer[${i}]`, x));
  }
  if (f.id === 13) checkFigure13(f, ns, collected);
  if (f15) checkFigure15Cpython(f, f15);
}

type Figure15Raw = {
  sizes: { records: number };
  hpyCpython?: Record<'a' | 'b', Record<string, number[]>>;
};

/** Figure 15's two units: ns per C loop iteration (a), ns per document of
 * `records` records (b). */
function figure15Checks(f: FigureResult): { perIteration: Check; perDocument: Check } {
  const { records } = (f.raw as Figure15Raw).sizes;
  if (!Number.isInteger(records) || records <= 0) throw new Error(`figure 15.sizes.records = ${String(records)}: no document`);
  return { perIteration: within(F15_NS_PER_ITERATION_CEILING), perDocument: within(F15_NS_PER_RECORD_CEILING * records) };
}

/** With --hpy, CPython's samples (plain arrays, one a round), in the same
 * units as hpy-node's. */
function checkFigure15Cpython(f: FigureResult, checks: { perIteration: Check; perDocument: Check }): void {
  const py = (f.raw as Figure15Raw).hpyCpython;
  if (!py) return;
  for (const part of ['a', 'b'] as const) {
    const check = part === 'a' ? checks.perIteration : checks.perDocument;
    for (const [k, samples] of Object.entries(py[part])) {
      if (samples.length === 0) throw new Error(`figure 15.hpyCpython.${part}.${k}: no samples`);
      samples.forEach((x, i) => check(`figure 15.hpyCpython.${part}.${k}[${i}]`, x));
    }
  }
}

/** Figure 13 beyond its interleaved series: the geometry's results, and
 * with --hpy CPython's samples (plain arrays, one a round). */
function checkFigure13(f: FigureResult, ns: Check, collected: Check): void {
  const name = `figure ${f.id}`;
  const raw = f.raw as {
    checksums: Record<'build' | 'compute', number>;
    hpyCpython?: Record<'micro' | 'loops' | 'geometry', Record<string, number[]>>;
  };
  // A phase that ran sums lengths, areas and counts: never 0 (or NaN, unset).
  for (const k of ['build', 'compute'] as const) {
    const x = raw.checksums[k];
    if (!Number.isFinite(x) || x === 0) throw new Error(`${name}.checksums.${k} = ${x}: the geometry's ${k} phase did not run`);
  }
  if (!raw.hpyCpython) return;
  for (const part of ['micro', 'loops', 'geometry'] as const) {
    for (const [k, samples] of Object.entries(raw.hpyCpython[part])) {
      if (k.endsWith('Checksum')) continue; // results, compared by the figure itself
      const path = `${part}.${k}`;
      const check = F13_CPYTHON_COLLECTING.includes(path) ? collected : ns;
      if (samples.length === 0) throw new Error(`${name}.hpyCpython.${path}: no samples`);
      samples.forEach((x, i) => check(`${name}.hpyCpython.${path}[${i}]`, x));
    }
  }
}
