// The door between the native trace store and OpenTelemetry: a MetricProducer
// that, at collection time, reads the store once and hands the SDK ready-made
// cumulative sums and histograms. Nothing here runs per traced call, and the
// work per collection grows with the (module, function) pairs used, never with
// the number of calls.
//
// Collection never throws. If it did, the Prometheus exporter would answer 200
// with a comment and every series would go stale while `up` stays 1. A module
// whose data does not make sense is skipped (the others are still exported),
// reported once through `warn`, and counted in hpy.otel.collection.errors.
import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { hrTime, millisToHrTime } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type Histogram,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { CTX_NAMES } from '../generated/ctx-names';
import type { ModuleSnapshot, TraceSnapshot } from '../native';
import { accepts, checkOptions, type Accepts } from '../args';
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

export interface HpyMetricProducerOptions {
  /** Reads the trace store. Default: the native store (`traceSnapshot()` of
   * src/native.ts, the one get_call_counts() reads). Tests pass hand-made
   * snapshots. */
  snapshot?: SnapshotSource;
  /** Reads debug mode's per-module numbers. Default: the native ones (none
   * while no module is in debug mode, and then no hpy.debug series). */
  debug?: DebugSource;
  /** Reports a problem, once per module (or once for the whole store).
   * @default console.warn */
  warn?: (message: string) => void;
}

const { version: VERSION } = require('../../package.json') as { version: string };
export const SCOPE = { name: semconv.SCOPE_NAME, version: VERSION };

/** One function's numbers for one module, as exported. */
export interface HpySeries extends Row {
  /** hpy.function and hpy.module. */
  attributes: Attributes;
  /** When the module was loaded (the start of its cumulative numbers). */
  startTime: HrTime;
}

/** One function's numbers for one module, checked. */
interface Row {
  calls: number;
  sumNs: number;
  buckets: number[];
}

/** Rows of one module name. Two shared objects with the same module name are
 * added up: they would otherwise be two series with the same labels, which
 * Prometheus rejects. */
interface ModuleRows {
  startTimeMs: number;
  byId: Map<number, Row>;
}

function readNativeDebug(): DebugModuleStats[] {
  // A debug module exists only after load(), which loads the addon: until
  // then there is nothing to read, and no reason to load the addon (or to
  // fail a collection when there is none, as with a `snapshot` option).
  if (!require.cache[require.resolve('../native')]) return [];
  const { native } = require('../native') as typeof import('../native');
  return native.debugModules();
}

function readNativeStore(): TraceSnapshot {
  // Required here, not imported: loading the addon throws when it is not
  // built, and that must be a collection error, not an import error of
  // hpy-node/otel or hpy-node/register.
  const { traceSnapshot } = require('../native') as typeof import('../native');
  return traceSnapshot();
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function checkBounds(boundsNs: unknown): number[] {
  if (!Array.isArray(boundsNs) || !boundsNs.every((b, i) => isCount(b) && (i === 0 || b > boundsNs[i - 1]))) {
    throw new Error(`the trace store's bucket bounds are not ascending non-negative numbers: ${JSON.stringify(boundsNs)}`);
  }
  return boundsNs;
}

/** Checks one module's functions; throws an Error naming the module and the
 * function at the first thing that cannot be exported. */
function checkModule(m: ModuleSnapshot, bucketCount: number): Map<number, Row> {
  if (typeof m.name !== 'string' || m.name === '') throw new Error(`a traced module has no name (path ${String(m.path)})`);
  if (!isCount(m.startTimeMs)) throw new Error(`module ${m.name}: startTimeMs is ${String(m.startTimeMs)}`);
  if (!Array.isArray(m.functions)) throw new Error(`module ${m.name}: functions is not an array`);
  const rows = new Map<number, Row>();
  for (const f of m.functions) {
    const where = `module ${m.name} (${m.path}), function id ${String(f?.id)}`;
    if (!Number.isInteger(f?.id) || f.id < 0 || f.id >= CTX_NAMES.length) throw new Error(`${where}: no such HPy context function`);
    if (!isCount(f.calls) || !isCount(f.sumNs)) throw new Error(`${where}: calls=${f.calls} sumNs=${f.sumNs} are not counts`);
    if (!Array.isArray(f.buckets) || f.buckets.length !== bucketCount || !f.buckets.every(isCount)) {
      throw new Error(`${where}: expected ${bucketCount} bucket counts, got ${JSON.stringify(f.buckets)}`);
    }
    rows.set(f.id, { calls: f.calls, sumNs: f.sumNs, buckets: f.buckets });
  }
  return rows;
}

function addInto(into: ModuleRows, m: ModuleSnapshot, rows: Map<number, Row>): void {
  into.startTimeMs = Math.min(into.startTimeMs, m.startTimeMs);
  for (const [id, r] of rows) {
    const had = into.byId.get(id);
    if (!had) {
      into.byId.set(id, r);
      continue;
    }
    into.byId.set(id, {
      calls: had.calls + r.calls,
      sumNs: had.sumNs + r.sumNs,
      buckets: had.buckets.map((c, i) => c + r.buckets[i]),
    });
  }
}

function sumMetric(name: string, description: string, unit: string, points: DataPoint<number>[]): MetricData {
  return {
    descriptor: { name, description, unit, valueType: ValueType.INT },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: points,
  };
}

export const PRODUCER_OPTIONS: { readonly [K in keyof HpyMetricProducerOptions]-?: Accepts } = { snapshot: accepts.function, debug: accepts.function, warn: accepts.function };
const PRODUCER_EXAMPLE = '{ warn: (message) => logger.warn(message) }';

/** A MetricProducer over the native trace store. Pass it to a reader:
 * `new PrometheusExporter({ metricProducers: [producer] })` or
 * `new PeriodicExportingMetricReader({ exporter, metricProducers: [producer] })`. */
export class HpyMetricProducer implements MetricProducer {
  private readonly source: SnapshotSource;
  private readonly debugSource: DebugSource;
  /** Where problems are reported (the warn option). */
  readonly warn: (message: string) => void;
  private readonly created: HrTime = hrTime();
  private readonly warned = new Set<string>();
  private errorCount = 0;

  /** Set by registerHpyMetrics, whose observable counters carry the sums:
   * the producer then gives the histogram alone. */
  histogramOnly = false;
  /** Set by registerHpyMetrics too: its counters and this histogram share
   * one read of the store per collection. */
  readSeries: (errors: Error[]) => ReturnType<HpyMetricProducer['series']> = (errors) => this.series(errors);

  constructor(options?: HpyMetricProducerOptions) {
    const { snapshot, debug, warn } = checkOptions<HpyMetricProducerOptions>('HpyMetricProducer', options, PRODUCER_OPTIONS, PRODUCER_EXAMPLE);
    this.source = snapshot ?? readNativeStore;
    this.debugSource = debug ?? readNativeDebug;
    this.warn = warn ?? ((message) => console.warn(message));
  }

  /** Trace store entries skipped so far (the value of hpy.otel.collection.errors). */
  get collectionErrors(): number {
    return this.errorCount;
  }

  /** One read of the store, checked, as series in a stable order: the
   * producer's collection and registerHpyMetrics's observable counters both
   * read through here. */
  series(errors: Error[] = []): { boundaries: number[]; series: HpySeries[] } {
    const modules = this.read(errors);
    const series: HpySeries[] = [];
    for (const [name, m] of [...modules.byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const startTime = millisToHrTime(m.startTimeMs);
      for (const [id, r] of [...m.byId].sort(([a], [b]) => a - b)) {
        const attributes: Attributes = { [semconv.ATTR_HPY_FUNCTION]: CTX_NAMES[id], [semconv.ATTR_HPY_MODULE]: name };
        series.push({ attributes, startTime, ...r });
      }
    }
    return { boundaries: modules.boundsNs.map((ns) => ns / 1e9), series };
  }

  async collect(): Promise<CollectionResult> {
    const endTime = hrTime();
    const errors: Error[] = [];
    const { boundaries, series } = this.readSeries(errors);
    const calls: DataPoint<number>[] = [];
    const durations: DataPoint<Histogram>[] = [];
    for (const { attributes, startTime, calls: value, sumNs, buckets } of series) {
      calls.push({ startTime, endTime, attributes, value });
      // count is the sum of the buckets (not `calls`, which includes calls
      // still running): Prometheus builds +Inf from the buckets and _count
      // from count, and the two must agree.
      const count = buckets.reduce((a, b) => a + b, 0);
      durations.push({ startTime, endTime, attributes, value: { buckets: { boundaries, counts: buckets }, sum: sumNs / 1e9, count } });
    }
    const metrics: MetricData[] = [];
    if (calls.length > 0 && !this.histogramOnly) {
      metrics.push(sumMetric(semconv.METRIC_HPY_API_CALLS, semconv.METRIC_HPY_API_CALLS_DESCRIPTION, semconv.METRIC_HPY_API_CALLS_UNIT, calls));
    }
    if (durations.length > 0) {
      metrics.push({
        descriptor: {
          name: semconv.METRIC_HPY_API_DURATION,
          description: semconv.METRIC_HPY_API_DURATION_DESCRIPTION,
          unit: semconv.METRIC_HPY_API_DURATION_UNIT,
          valueType: ValueType.DOUBLE,
        },
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: durations,
      });
    }
    metrics.push(...this.debugMetrics(endTime, errors));
    // Always present, so an alert on its increase has a series from the start.
    if (!this.histogramOnly) {
      const errorPoint = { startTime: this.created, endTime, attributes: {}, value: this.errorCount };
      metrics.push(
        sumMetric(semconv.METRIC_HPY_OTEL_COLLECTION_ERRORS, semconv.METRIC_HPY_OTEL_COLLECTION_ERRORS_DESCRIPTION, semconv.METRIC_HPY_OTEL_COLLECTION_ERRORS_UNIT, [errorPoint]),
      );
    }
    return { resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: SCOPE, metrics }] }, errors };
  }

  /** Debug mode's gauge and counter per module; none while no module is in
   * debug mode. Modules of one name are added up, as the trace series are. */
  private debugMetrics(endTime: HrTime, errors: Error[]): MetricData[] {
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
      return [];
    }
    if (stats.length === 0) return [];
    const byName = new Map<string, { open: number; invalid: number }>();
    for (const m of stats) {
      const had = byName.get(m.name) ?? { open: 0, invalid: 0 };
      byName.set(m.name, { open: had.open + m.openHandles, invalid: had.invalid + m.invalidUses });
    }
    const names = [...byName.keys()].sort();
    const attrs = (name: string): Attributes => ({ [semconv.ATTR_HPY_MODULE]: name });
    return [
      {
        descriptor: {
          name: semconv.METRIC_HPY_DEBUG_OPEN_HANDLES,
          description: semconv.METRIC_HPY_DEBUG_OPEN_HANDLES_DESCRIPTION,
          unit: semconv.METRIC_HPY_DEBUG_OPEN_HANDLES_UNIT,
          valueType: ValueType.INT,
        },
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: names.map((n) => ({ startTime: endTime, endTime, attributes: attrs(n), value: byName.get(n)!.open })),
      },
      sumMetric(
        semconv.METRIC_HPY_DEBUG_INVALID_USES,
        semconv.METRIC_HPY_DEBUG_INVALID_USES_DESCRIPTION,
        semconv.METRIC_HPY_DEBUG_INVALID_USES_UNIT,
        names.map((n) => ({ startTime: this.created, endTime, attributes: attrs(n), value: byName.get(n)!.invalid })),
      ),
    ];
  }

  /** Reads and checks the store; whatever cannot be used is reported and left out. */
  private read(errors: Error[]): { boundsNs: number[]; byName: Map<string, ModuleRows> } {
    const byName = new Map<string, ModuleRows>();
    let snapshot: TraceSnapshot;
    let boundsNs: number[];
    try {
      snapshot = this.source();
      boundsNs = checkBounds(snapshot?.boundsNs);
      if (!Array.isArray(snapshot.modules)) throw new Error('the trace store snapshot has no modules array');
    } catch (err) {
      this.fail('*', 'the HPy trace store could not be read', err, errors);
      return { boundsNs: [], byName };
    }
    for (const m of snapshot.modules) {
      try {
        const rows = checkModule(m, boundsNs.length + 1);
        let into = byName.get(m.name);
        if (!into) byName.set(m.name, (into = { startTimeMs: m.startTimeMs, byId: new Map() }));
        addInto(into, m, rows);
      } catch (err) {
        this.fail(`module:${String(m?.path ?? m?.name)}`, `skipped module ${String(m?.name)}`, err, errors);
      }
    }
    return { boundsNs, byName };
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

/** A MetricProducer reading the native trace store (see HpyMetricProducer). */
export function hpyMetricProducer(options?: HpyMetricProducerOptions): HpyMetricProducer {
  return new HpyMetricProducer(checkOptions<HpyMetricProducerOptions>('hpyMetricProducer', options, PRODUCER_OPTIONS, PRODUCER_EXAMPLE));
}
