// One read of the native trace store, as the series every hpy-node exporter
// writes: the producer's data points, the provider bridge's observable
// counters and hpy-node/prom-client all start here, so they cannot disagree.
//
// The addon's rows are read as they come: per module one Float64Array of
// [id, calls, sumNs, ...buckets] per function called, ascending by id (see
// native/src/addon/trace_binding.cc). The native store is trusted; a
// hand-made snapshot (the `snapshot` option, for tests and replays) is
// checked first and packed into the same rows, so there is one path after.
//
// Reading never throws. A module whose rows do not make sense is skipped
// (the others are still exported), reported once through `warn`, and counted
// in hpy.otel.collection.errors.
import type { Attributes, HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { CTX_NAMES } from '../generated/ctx-names';
import type { ModuleSnapshot, RawTraceSnapshot, TraceSnapshot } from '../native';
import { readSelection, type Selection, type SelectionOptions } from './selection';
import * as semconv from './semconv';

export type SnapshotSource = () => TraceSnapshot;

/** Debug mode's numbers per module (hpy-node/debug's debugModules()). */
export interface DebugModuleStats {
  name: string;
  path: string;
  invalidUses: number;
  openHandles: number;
}
export type DebugSource = () => DebugModuleStats[];

/** One function's numbers for one module, as exported. */
export interface HpySeries {
  /** hpy.function and hpy.module. */
  attributes: Attributes;
  /** When the module was loaded (the start of its cumulative numbers). */
  startTime: HrTime;
  /** Calls entered (including calls still running). */
  calls: number;
  /** Accumulated duration of completed calls, seconds. */
  sum: number;
  /** Completed calls per bucket of `boundaries` (+Inf last), not cumulative. */
  counts: number[];
  /** Completed calls: the sum of `counts`. */
  count: number;
}

export interface StoreRead {
  /** The histogram's upper bounds in seconds (the +Inf bucket has none). */
  boundaries: number[];
  series: HpySeries[];
}

export interface StoreReaderOptions extends SelectionOptions {
  snapshot?: SnapshotSource;
  debug?: DebugSource;
  warn?: (message: string) => void;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function readNativeStore(): RawTraceSnapshot {
  // Required here, not imported: loading the addon throws when it is not
  // built, and that must be a collection error, not an import error of
  // hpy-node/otel or hpy-node/register.
  const { native } = require('../native') as typeof import('../native');
  return native.traceSnapshotRaw();
}

function readNativeDebug(): DebugModuleStats[] {
  // A debug module exists only after load(), which loads the addon: until
  // then there is nothing to read, and no reason to load the addon (or to
  // fail a collection when there is none, as with a `snapshot` option).
  if (!require.cache[require.resolve('../native')]) return [];
  const { native } = require('../native') as typeof import('../native');
  return native.debugModules();
}

function checkBounds(boundsNs: unknown): number[] {
  if (!Array.isArray(boundsNs) || !boundsNs.every((b, i) => isCount(b) && (i === 0 || b > boundsNs[i - 1]))) {
    throw new Error(`the trace store's bucket bounds are not ascending non-negative numbers: ${JSON.stringify(boundsNs)}`);
  }
  return boundsNs;
}

/** A hand-made module, checked, as the addon's rows; throws an Error naming
 * the module and the function at the first thing that cannot be exported. */
function packModule(m: ModuleSnapshot, bucketCount: number): RawTraceSnapshot['modules'][number] {
  if (typeof m?.name !== 'string' || m.name === '') throw new Error(`a traced module has no name (path ${String(m?.path)})`);
  if (!isCount(m.startTimeMs)) throw new Error(`module ${m.name}: startTimeMs is ${String(m.startTimeMs)}`);
  if (!Array.isArray(m.functions)) throw new Error(`module ${m.name}: functions is not an array`);
  const width = 3 + bucketCount;
  const byId = new Map<number, number[]>();
  for (const f of m.functions) {
    const where = `module ${m.name} (${m.path}), function id ${String(f?.id)}`;
    if (!Number.isInteger(f?.id) || f.id < 0 || f.id >= CTX_NAMES.length) throw new Error(`${where}: no such HPy context function`);
    if (!isCount(f.calls) || !isCount(f.sumNs)) throw new Error(`${where}: calls=${f.calls} sumNs=${f.sumNs} are not counts`);
    if (!Array.isArray(f.buckets) || f.buckets.length !== bucketCount || !f.buckets.every(isCount)) {
      throw new Error(`${where}: expected ${bucketCount} bucket counts, got ${JSON.stringify(f.buckets)}`);
    }
    byId.set(f.id, [f.id, f.calls, f.sumNs, ...f.buckets]);
  }
  const rows = new Float64Array(byId.size * width);
  [...byId.keys()].sort((a, b) => a - b).forEach((id, i) => rows.set(byId.get(id)!, i * width));
  return { name: m.name, path: m.path, startTimeMs: m.startTimeMs, rows };
}

/** Rows of several shared objects with one module name, added up: they
 * would otherwise be two series with the same labels, which Prometheus
 * rejects. Ascending by id, as the addon writes them. */
function addRows(all: Float64Array[], width: number): Float64Array {
  const sums = new Map<number, Float64Array>();
  for (const rows of all) {
    for (let off = 0; off < rows.length; off += width) {
      const id = rows[off];
      const had = sums.get(id);
      if (!had) sums.set(id, rows.slice(off, off + width));
      else for (let k = 1; k < width; k++) had[k] += rows[off + k];
    }
  }
  const out = new Float64Array(sums.size * width);
  [...sums.keys()].sort((a, b) => a - b).forEach((id, i) => out.set(sums.get(id)!, i * width));
  return out;
}

interface NamedRows {
  startTimeMs: number;
  rows: Float64Array[];
}

/** Reads the trace store and debug mode's numbers for export, counting and
 * reporting (once per module) whatever cannot be used. */
export class TraceStoreReader {
  private readonly source: (() => RawTraceSnapshot) | undefined;
  private readonly handMade: SnapshotSource | undefined;
  private readonly debugSource: DebugSource;
  /** Where problems are reported (the warn option). */
  readonly warn: (message: string) => void;
  private readonly warned = new Set<string>();
  private errorCount = 0;
  /** Which modules and functions, and which buckets (selection.ts). */
  readonly selection: Selection;

  constructor(options: StoreReaderOptions = {}) {
    const { snapshot, debug, warn, ...selection } = options;
    this.handMade = snapshot;
    this.source = snapshot ? undefined : readNativeStore;
    this.debugSource = debug ?? readNativeDebug;
    this.warn = warn ?? ((message) => console.warn(message));
    this.selection = readSelection(selection);
    if (this.source) this.checkBoundariesNow();
  }

  /** Bad boundaries are an error at construction when the store's bounds
   * can be read now (the addon loads); otherwise at each collection. */
  private checkBoundariesNow(): void {
    if (this.selection.everything) return;
    let boundsNs: number[];
    try {
      boundsNs = readNativeStore().boundsNs;
    } catch {
      return;
    }
    const plan = this.selection.bucketsFor(boundsNs);
    if (plan instanceof Error) throw new TypeError(`hpy-node/otel: ${plan.message}`);
  }

  /** Store entries skipped so far (the value of hpy.otel.collection.errors). */
  get collectionErrors(): number {
    return this.errorCount;
  }

  /** One read of the store as series, by module name, then function id. */
  read(errors: Error[] = []): StoreRead {
    let raw: RawTraceSnapshot;
    try {
      raw = this.source ? this.source() : this.packHandMade(errors);
    } catch (err) {
      this.fail('*', 'the HPy trace store could not be read', err, errors);
      return { boundaries: [], series: [] };
    }
    const plan = this.selection.bucketsFor(raw.boundsNs);
    if (plan instanceof Error) {
      this.fail('*', 'the HPy trace store could not be exported', plan, errors);
      return { boundaries: [], series: [] };
    }
    const width = 3 + raw.boundsNs.length + 1;
    const byName = new Map<string, NamedRows>();
    for (const m of raw.modules) {
      if (!this.selection.module(m.name)) continue;
      const had = byName.get(m.name);
      if (had) {
        had.startTimeMs = Math.min(had.startTimeMs, m.startTimeMs);
        had.rows.push(m.rows);
      } else byName.set(m.name, { startTimeMs: m.startTimeMs, rows: [m.rows] });
    }
    const series: HpySeries[] = [];
    const wanted = this.selection.functions;
    const { into } = plan;
    const exported = plan.boundaries.length + 1;
    const sameBuckets = exported === width - 3;
    const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const { startTimeMs, rows: all } = byName.get(name)!;
      const rows = all.length === 1 ? all[0] : addRows(all, width);
      const startTime = millisToHrTime(startTimeMs);
      for (let off = 0; off < rows.length; off += width) {
        const id = rows[off];
        if (wanted[id] !== 1) continue;
        let count = 0;
        for (let k = 3; k < width; k++) count += rows[off + k];
        let counts: number[];
        if (sameBuckets) counts = Array.from(rows.subarray(off + 3, off + width));
        else {
          counts = new Array<number>(exported).fill(0);
          for (let k = 3; k < width; k++) counts[into[k - 3]] += rows[off + k];
        }
        series.push({
          attributes: { [semconv.ATTR_HPY_FUNCTION]: CTX_NAMES[id], [semconv.ATTR_HPY_MODULE]: name },
          startTime,
          calls: rows[off + 1],
          sum: rows[off + 2] / 1e9,
          counts,
          count,
        });
      }
    }
    return { boundaries: plan.boundaries, series };
  }

  /** Debug mode's numbers, modules of one name added up, sorted by name;
   * undefined when they could not be read (reported). */
  readDebug(errors: Error[]): Array<{ module: string; openHandles: number; invalidUses: number }> | undefined {
    let stats: DebugModuleStats[];
    try {
      stats = this.debugSource();
      if (!Array.isArray(stats)) throw new Error('the debug mode numbers are not an array');
      for (const m of stats) {
        if (typeof m?.name !== 'string' || m.name === '' || !isCount(m.invalidUses) || !isCount(m.openHandles))
          throw new Error(`debug module ${JSON.stringify(m?.name)}: invalidUses=${m?.invalidUses} openHandles=${m?.openHandles} are not counts`);
      }
    } catch (err) {
      this.fail('debug', 'the debug mode numbers could not be read', err, errors);
      return undefined;
    }
    const byName = new Map<string, { openHandles: number; invalidUses: number }>();
    for (const m of stats) {
      if (!this.selection.module(m.name)) continue;
      const had = byName.get(m.name) ?? { openHandles: 0, invalidUses: 0 };
      byName.set(m.name, { openHandles: had.openHandles + m.openHandles, invalidUses: had.invalidUses + m.invalidUses });
    }
    return [...byName.keys()].sort().map((module) => ({ module, ...byName.get(module)! }));
  }

  /** The hand-made snapshot, checked and packed; bad modules are left out. */
  private packHandMade(errors: Error[]): RawTraceSnapshot {
    const snapshot = this.handMade!();
    const boundsNs = checkBounds(snapshot?.boundsNs);
    if (!Array.isArray(snapshot.modules)) throw new Error('the trace store snapshot has no modules array');
    const modules: RawTraceSnapshot['modules'] = [];
    for (const m of snapshot.modules) {
      try {
        modules.push(packModule(m, boundsNs.length + 1));
      } catch (err) {
        this.fail(`module:${String(m?.path ?? m?.name)}`, `skipped module ${String(m?.name)}`, err, errors);
      }
    }
    return { boundsNs, modules };
  }

  private fail(key: string, what: string, err: unknown, errors: Error[]): void {
    const error = err instanceof Error ? err : new Error(String(err));
    this.errorCount++;
    errors.push(error);
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const others = key === '*' ? 'no hpy.api series until it can be read' : 'other modules are still exported';
    try {
      this.warn(
        `hpy-node/otel: ${what}: ${error.message} ` +
          `(each collection that fails counts in ${semconv.METRIC_HPY_OTEL_COLLECTION_ERRORS}; ${others}; logged once)`,
      );
    } catch {
      // A throwing logger must not make the collection throw.
    }
  }
}
