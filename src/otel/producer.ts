// The door between the native trace store and OpenTelemetry: a MetricProducer
// that, at collection time, reads the store once (store-read.ts) and hands
// the SDK ready-made cumulative sums and histograms, each described by its
// row of semconv's HPY_METRIC table. Nothing here runs per traced call, and
// the work per collection grows with the (module, function) pairs and the
// entries used, never with the number of calls.
//
// Collection never throws. If it did, the Prometheus exporter would answer 200
// with a comment and every series would go stale while `up` stays 1.
import { ValueType, type HrTime, type MetricOptions } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type Histogram,
  type MetricData,
  type MetricDescriptor,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { accepts, checkOptions, type Accepts } from '../args';
import { isBoundaryList, isNameList, type SelectionOptions } from './selection';
import * as semconv from './semconv';
import { TraceStoreReader, type CounterPoint, type DebugSource, type EntrySeries, type HpySeries, type SnapshotSource, type StoreRead } from './store-read';

export type { DebugModuleStats, DebugSource, HpySeries, SnapshotSource } from './store-read';

export interface HpyMetricProducerOptions extends SelectionOptions {
  /** Reads the trace store. Default: the native store (the one
   * get_call_counts() reads). Tests pass hand-made snapshots, which are
   * checked at each collection. */
  snapshot?: SnapshotSource;
  /** Reads debug mode's per-module numbers. Default: the native ones (none
   * while no module is in debug mode, and then no hpy.debug series). */
  debug?: DebugSource;
  /** Reports a problem, once per module (or once for the whole store).
   * @default console.warn */
  warn?: (message: string) => void;
}

/** How the provider bridge (meter-provider.ts) builds its producer: on a
 * reader it shares with its observable counters, exporting what they do not. */
export interface ProducerWiring {
  store: TraceStoreReader;
  /** The read of the current collection (shared with the counters). */
  read?: (errors: Error[]) => StoreRead;
  /** The metrics this producer exports. @default every one */
  only?: readonly semconv.HpyMetricId[];
}

const { version: VERSION } = require('../../package.json') as { version: string };
export const SCOPE = { name: semconv.SCOPE_NAME, version: VERSION };

/** The instrument options of a table row, as the metrics API takes them. */
export function instrumentOptions(row: semconv.HpyMetricDescriptor): MetricOptions {
  return { description: row.description, unit: row.unit, valueType: row.values === 'int' ? ValueType.INT : ValueType.DOUBLE };
}

function descriptorOf(row: semconv.HpyMetricDescriptor): MetricDescriptor {
  return { name: row.name, ...instrumentOptions(row) } as MetricDescriptor;
}

function sumMetric(row: semconv.HpyMetricDescriptor, points: DataPoint<number>[]): MetricData {
  return {
    descriptor: descriptorOf(row),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: points,
  };
}

const NAMES: Accepts = { what: "an array of names, each a module or function name or a pattern with * (['ctx_Long_*'])", test: isNameList };
export const PRODUCER_OPTIONS: { readonly [K in keyof HpyMetricProducerOptions]-?: Accepts } = {
  snapshot: accepts.function,
  debug: accepts.function,
  warn: accepts.function,
  modules: NAMES,
  excludeModules: NAMES,
  functions: NAMES,
  excludeFunctions: NAMES,
  boundaries: { what: 'a non-empty array of positive numbers, the upper bounds in seconds ([1e-6, 1e-3, 1])', test: isBoundaryList },
  entryAttribute: accepts.boolean,
};
const PRODUCER_EXAMPLE = '{ warn: (message) => logger.warn(message) }';

/** A MetricProducer over the native trace store. Pass it to a reader:
 * `new PrometheusExporter({ metricProducers: [producer] })` or
 * `new PeriodicExportingMetricReader({ exporter, metricProducers: [producer] })`. */
export class HpyMetricProducer implements MetricProducer {
  /** The store and its error count (shared by a registration's producer and counters). */
  readonly store: TraceStoreReader;
  private readonly read: (errors: Error[]) => StoreRead;
  private readonly only: ReadonlySet<semconv.HpyMetricId> | undefined;
  private readonly created: HrTime = hrTime();

  constructor(options?: HpyMetricProducerOptions, wiring?: ProducerWiring) {
    const checked = checkOptions<HpyMetricProducerOptions>('HpyMetricProducer', options, PRODUCER_OPTIONS, PRODUCER_EXAMPLE);
    this.store = wiring?.store ?? new TraceStoreReader(checked);
    this.read = wiring?.read ?? ((errors) => this.store.read(errors));
    this.only = wiring?.only && new Set(wiring.only);
  }

  /** Where problems are reported (the warn option). */
  get warn(): (message: string) => void {
    return this.store.warn;
  }

  /** Trace store entries skipped so far (the value of hpy.otel.collection.errors). */
  get collectionErrors(): number {
    return this.store.collectionErrors;
  }

  private wants(id: semconv.HpyMetricId): boolean {
    return this.only === undefined || this.only.has(id);
  }

  async collect(): Promise<CollectionResult> {
    const endTime = hrTime();
    const errors: Error[] = [];
    const { boundaries, series, apiCalls, entries } = this.read(errors);
    const M = semconv.HPY_METRIC;
    const metrics: MetricData[] = [];
    const counter = (id: semconv.HpyMetricId, points: CounterPoint[]) => {
      if (points.length > 0 && this.wants(id)) metrics.push(sumMetric(M[id], points.map((p) => ({ ...p, endTime }))));
    };
    // count is the sum of the buckets (not `calls`, which includes calls
    // still running): Prometheus builds +Inf from the buckets and _count
    // from count, and the two must agree.
    const histogram = (id: semconv.HpyMetricId, points: Array<HpySeries | EntrySeries>) => {
      if (points.length === 0 || !this.wants(id)) return;
      const dataPoints = points.map(({ attributes, startTime, sum, counts, count }): DataPoint<Histogram> => ({
        startTime,
        endTime,
        attributes,
        value: { buckets: { boundaries, counts }, sum, count },
      }));
      metrics.push({ descriptor: descriptorOf(M[id]), aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.HISTOGRAM, dataPoints });
    };
    counter('apiCalls', apiCalls);
    histogram('apiDuration', series);
    counter('extensionCalls', entries.map(({ attributes, startTime, calls }) => ({ attributes, startTime, value: calls })));
    histogram('extensionDuration', entries);
    counter('extensionApiDuration', entries.map(({ attributes, startTime, apiSum }) => ({ attributes, startTime, value: apiSum })));
    if (this.wants('debugOpenHandles') || this.wants('debugInvalidUses')) metrics.push(...this.debugMetrics(endTime, errors));
    // Always present, so an alert on its increase has a series from the start.
    if (this.wants('collectionErrors')) {
      metrics.push(sumMetric(M.collectionErrors, [{ startTime: this.created, endTime, attributes: {}, value: this.store.collectionErrors }]));
    }
    return { resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: SCOPE, metrics }] }, errors };
  }

  /** Debug mode's gauge and counter per module; none while no module is in
   * debug mode. Modules of one name are added up, as the trace series are. */
  private debugMetrics(endTime: HrTime, errors: Error[]): MetricData[] {
    const modules = this.store.readDebug(errors);
    if (!modules || modules.length === 0) return [];
    const M = semconv.HPY_METRIC;
    const attributes = (module: string) => ({ [semconv.ATTR_HPY_MODULE]: module });
    const gauge: MetricData = {
        descriptor: descriptorOf(M.debugOpenHandles),
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: modules.map((m) => ({ startTime: endTime, endTime, attributes: attributes(m.module), value: m.openHandles })),
    };
    const invalid = sumMetric(
      M.debugInvalidUses,
      modules.map((m) => ({ startTime: this.created, endTime, attributes: attributes(m.module), value: m.invalidUses })),
    );
    return [...(this.wants('debugOpenHandles') ? [gauge] : []), ...(this.wants('debugInvalidUses') ? [invalid] : [])];
  }
}

/** A MetricProducer reading the native trace store (see HpyMetricProducer). */
export function hpyMetricProducer(options?: HpyMetricProducerOptions): HpyMetricProducer {
  return new HpyMetricProducer(checkOptions<HpyMetricProducerOptions>('hpyMetricProducer', options, PRODUCER_OPTIONS, PRODUCER_EXAMPLE));
}
