// One read of the native trace store, as the series every hpy-node exporter
// writes: the producer's data points, the provider bridge's observable
// counters and hpy-node/prom-client all start here, so they cannot disagree.
//
// The addon's rows are read as they come: per module one Float64Array of
// [id, calls, sumNs, ...buckets] per function called, ascending by id, then
// the profile's entries (see native/src/addon/trace_binding.cc). The profile
// is read after the snapshot, so a count read from it (hpy.api.calls per
// entry) is never below the histogram's count read before. The native store is trusted; a
// hand-made snapshot (the `snapshot` option, for tests and replays) is
// checked first and packed into the same rows, so there is one path after.
//
// Reading never throws. A module whose rows do not make sense is skipped
// (the others are still exported), reported once through `warn`, and counted
// in hpy.otel.collection.errors.
import type { Attributes, HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { CTX_NAMES } from '../generated/ctx-names';
import type { EntrySnapshot, ModuleSnapshot, RawProfileRow, RawTraceSnapshot, TraceSnapshot } from '../native';
import { readSelection, type BucketPlan, type Selection, type SelectionOptions } from './selection';
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

/** One point of a counter. */
export interface CounterPoint {
  attributes: Attributes;
  startTime: HrTime;
  value: number;
}

/** One profile entry's numbers for one module, as exported: a series whose
 * attributes are hpy.entry and hpy.module, and whose sum is the inclusive
 * duration of the completed calls. */
export interface EntrySeries extends HpySeries {
  /** The part of `sum` spent inside context calls (all of them, whatever
   * the functions option exports), seconds. */
  apiSum: number;
}

export interface StoreRead {
  /** The histograms' upper bounds in seconds (the +Inf bucket has none). */
  boundaries: number[];
  series: HpySeries[];
  /** hpy.api.calls: per (function, module), or with the entryAttribute
   * option per (function, module, entry), from the profile. */
  apiCalls: CounterPoint[];
  /** Per entry entered (not the `<module>.<outside>` pseudo-entries, which
   * are never called), by module name, then first entry. */
  entries: EntrySeries[];
}

const nothing = (): StoreRead => ({ boundaries: [], series: [], apiCalls: [], entries: [] });

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

function readNativeProfile(): RawProfileRow[] {
  const { native } = require('../native') as typeof import('../native');
  return native.traceProfileRaw();
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

/** A hand-made snapshot's entries, checked, as the addon's rows; throws an
 * Error naming the entry at the first thing that cannot be exported. */
function packEntries(entries: EntrySnapshot[] | undefined, bucketCount: number): RawProfileRow[] {
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) throw new Error('the trace store snapshot\'s entries is not an array');
  return entries.map((e) => {
    const where = `entry ${JSON.stringify(e?.entry)} of module ${JSON.stringify(e?.module)}`;
    if (typeof e?.module !== 'string' || e.module === '' || typeof e.entry !== 'string' || e.entry === '') throw new Error(`${where}: module and entry must be non-empty strings`);
    if (!isCount(e.calls) || !isCount(e.totalNs)) throw new Error(`${where}: calls=${e.calls} totalNs=${e.totalNs} are not counts`);
    if (!Array.isArray(e.buckets) || e.buckets.length !== bucketCount || !e.buckets.every(isCount)) {
      throw new Error(`${where}: expected ${bucketCount} bucket counts, got ${JSON.stringify(e.buckets)}`);
    }
    if (!Array.isArray(e.functions)) throw new Error(`${where}: functions is not an array`);
    const functions = new Float64Array(e.functions.length * 3);
    e.functions.forEach((f, i) => {
      if (!Number.isInteger(f?.id) || f.id < 0 || f.id >= CTX_NAMES.length) throw new Error(`${where}: function id ${String(f?.id)} is no HPy context function`);
      if (!isCount(f.calls) || !isCount(f.ns)) throw new Error(`${where}, ${CTX_NAMES[f.id]}: calls=${f.calls} ns=${f.ns} are not counts`);
      functions.set([f.id, f.calls, f.ns], i * 3);
    });
    return { module: e.module, path: '', entry: e.entry, calls: e.calls, totalNs: e.totalNs, buckets: Float64Array.from(e.buckets), functions };
  });
}

/** Profile rows of one (module, entry) from several shared objects, added
 * up, as addRows does for the functions. */
function addProfileRows(rows: RawProfileRow[]): RawProfileRow {
  if (rows.length === 1) return rows[0];
  const fns = new Map<number, [number, number]>();
  const buckets = new Float64Array(rows[0].buckets.length);
  let calls = 0;
  let totalNs = 0;
  for (const r of rows) {
    calls += r.calls;
    totalNs += r.totalNs;
    r.buckets.forEach((n, k) => (buckets[k] += n));
    for (let off = 0; off < r.functions.length; off += 3) {
      const had = fns.get(r.functions[off]) ?? [0, 0];
      fns.set(r.functions[off], [had[0] + r.functions[off + 1], had[1] + r.functions[off + 2]]);
    }
  }
  const functions = Float64Array.from([...fns.keys()].sort((a, b) => a - b).flatMap((id) => [id, ...fns.get(id)!]));
  return { ...rows[0], calls, totalNs, buckets, functions };
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
  private readonly profileSource: () => RawProfileRow[];
  /** The hand-made snapshot's entries, packed with the snapshot. */
  private handMadeEntries: RawProfileRow[] = [];
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
    this.profileSource = snapshot ? () => this.handMadeEntries : readNativeProfile;
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
      return nothing();
    }
    const plan = this.selection.bucketsFor(raw.boundsNs);
    if (plan instanceof Error) {
      this.fail('*', 'the HPy trace store could not be exported', plan, errors);
      return nothing();
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
        // A loop, not Array.from(rows.subarray(...)): that makes a view and
        // iterates it, per series per scrape (figure 6 read 20% slower).
        const counts = new Array<number>(exported).fill(0);
        if (sameBuckets) for (let k = 3; k < width; k++) counts[k - 3] = rows[off + k];
        else for (let k = 3; k < width; k++) counts[into[k - 3]] += rows[off + k];
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
    const starts = new Map([...byName].map(([name, m]) => [name, millisToHrTime(m.startTimeMs)]));
    const profile = this.readProfile(starts, errors);
    const entries = this.entrySeries(profile, starts, plan);
    const apiCalls = this.selection.entryAttribute
      ? this.apiCallsByEntry(profile, starts)
      : series.map(({ attributes, startTime, calls }) => ({ attributes, startTime, value: calls }));
    return { boundaries: plan.boundaries, series, apiCalls, entries };
  }

  /** The profile's rows of the exported modules, one per (module, entry)
   * (several shared objects of one name added up); none when it cannot be
   * read (reported: the per-function series are still exported). */
  private readProfile(starts: Map<string, HrTime>, errors: Error[]): RawProfileRow[] {
    let rows: RawProfileRow[];
    try {
      rows = this.profileSource();
    } catch (err) {
      this.fail('profile', 'the profile (hpy.extension series) could not be read', err, errors);
      return [];
    }
    const byEntry = new Map<string, RawProfileRow[]>();
    for (const r of rows) {
      // A module loaded after the snapshot was read: next collection.
      if (!starts.has(r.module)) continue;
      const key = `${r.module}\0${r.entry}`;
      const had = byEntry.get(key);
      if (had) had.push(r);
      else byEntry.set(key, [r]);
    }
    return [...byEntry.values()].map(addProfileRows).sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
  }

  private entrySeries(profile: RawProfileRow[], starts: Map<string, HrTime>, plan: BucketPlan): EntrySeries[] {
    const exported = plan.boundaries.length + 1;
    const out: EntrySeries[] = [];
    for (const r of profile) {
      // The pseudo-entry is never called: its context calls are in hpy.api.calls.
      if (r.calls === 0 && r.totalNs === 0) continue;
      const counts = new Array<number>(exported).fill(0);
      let count = 0;
      r.buckets.forEach((n, k) => {
        counts[plan.into[k]] += n;
        count += n;
      });
      let apiNs = 0;
      for (let off = 0; off < r.functions.length; off += 3) apiNs += r.functions[off + 2];
      out.push({
        attributes: { [semconv.ATTR_HPY_ENTRY]: r.entry, [semconv.ATTR_HPY_MODULE]: r.module },
        startTime: starts.get(r.module)!,
        calls: r.calls,
        sum: r.totalNs / 1e9,
        counts,
        count,
        apiSum: apiNs / 1e9,
      });
    }
    return out;
  }

  /** hpy.api.calls per (function, module, entry), pseudo-entries included,
   * so they add up to the per-module counts. */
  private apiCallsByEntry(profile: RawProfileRow[], starts: Map<string, HrTime>): CounterPoint[] {
    const wanted = this.selection.functions;
    const out: CounterPoint[] = [];
    for (const r of profile) {
      for (let off = 0; off < r.functions.length; off += 3) {
        const id = r.functions[off];
        if (wanted[id] !== 1) continue;
        out.push({
          attributes: { [semconv.ATTR_HPY_FUNCTION]: CTX_NAMES[id], [semconv.ATTR_HPY_MODULE]: r.module, [semconv.ATTR_HPY_ENTRY]: r.entry },
          startTime: starts.get(r.module)!,
          value: r.functions[off + 1],
        });
      }
    }
    return out;
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
    this.handMadeEntries = [];
    try {
      this.handMadeEntries = packEntries(snapshot.entries, boundsNs.length + 1);
    } catch (err) {
      this.fail('entries', 'skipped the snapshot\'s entries', err, errors);
    }
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
