// hpy-node's metrics on one MeterProvider the application already built, so
// they leave through its own readers and exporters, with its resource.
// registerHpyMetrics (register-metrics.ts) and HpyInstrumentation
// (instrumentation.ts) both come through here; which provider they pick is
// theirs to say.
//
// Two ways in, the supported one first:
//
// - hpy.api.calls and hpy.otel.collection.errors are observable counters on a
//   meter of the provider (the OpenTelemetry metrics API), observed from the
//   trace store at each collection. Any MeterProvider takes them, and the SDK
//   applies the reader's temporality and views as for any instrument.
// - hpy.api.duration is a ready-made histogram, and OpenTelemetry JS has no
//   asynchronous histogram: pre-aggregated data enters only through a
//   reader's metricProducers, which the SDK takes when the reader is built.
//   For a provider that already exists, the producer is added to each
//   reader's producer list, an SDK internal
//   (_sharedState.metricCollectors[]._metricReader._metricProducers, the same
//   in sdk-metrics 2.x and 3.x). The shape is checked first; when it is not
//   there, the histogram is left out and a warning says what to do instead
//   (metricProducers: [hpyMetricProducer()] on the reader).
import { ValueType, type BatchObservableCallback, type MeterProvider, type Observable } from '@opentelemetry/api';
import { AggregationTemporality, InstrumentType, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { DeltaMetricProducer } from './delta';
import { SCOPE, type HpyMetricProducer } from './producer';
import * as semconv from './semconv';

interface ReaderInternals {
  _metricProducers: MetricProducer[];
  selectAggregationTemporality?(type: InstrumentType): AggregationTemporality;
}

interface ProviderInternals {
  _sharedState?: { metricCollectors?: Array<{ _metricReader?: Partial<ReaderInternals> }> };
}

export interface HpyMetricsRegistration {
  producer: HpyMetricProducer;
  /** The MeterProvider the metrics are on now: the one given, or, for
   * registerHpyMetrics() without one, the global provider once one is set
   * (undefined until then). */
  readonly meterProvider: MeterProvider | undefined;
  /** The number of the provider's readers that collect hpy.api.duration
   * (0 when the provider's readers could not be reached). */
  readers: number;
  /** Whether hpy.api.duration is exported (false: only the counters). */
  histogram: boolean;
  /** Takes the metrics off the provider again. */
  unregister(): void;
}

/** The MetricReaders of an sdk-metrics MeterProvider, as it holds them, or
 * undefined when the provider does not have the shape this code knows. */
export function metricReadersOf(meterProvider: MeterProvider): unknown[] | undefined {
  const collectors = (meterProvider as unknown as ProviderInternals)?._sharedState?.metricCollectors;
  return Array.isArray(collectors) ? collectors.map((c) => c?._metricReader) : undefined;
}

/** The readers with the producer list this code adds to, or undefined. */
function readersOf(meterProvider: MeterProvider): ReaderInternals[] | undefined {
  const readers = metricReadersOf(meterProvider) as Array<Partial<ReaderInternals> | undefined> | undefined;
  return readers?.every((r): r is ReaderInternals => Array.isArray(r?._metricProducers)) ? readers : undefined;
}

/** The producer a reader gets: deltas for a reader that asks for them. */
function producerFor(reader: ReaderInternals, producer: HpyMetricProducer): MetricProducer {
  const wanted = reader.selectAggregationTemporality?.(InstrumentType.HISTOGRAM);
  return wanted === AggregationTemporality.DELTA ? new DeltaMetricProducer(producer) : producer;
}

const registered = new WeakSet<object>();

/** The store read one collection shares: a reader's collect calls the
 * counters' callback and the reader's producer once each, and both must see
 * one state of the store (a histogram count read after the call count could
 * exceed it). A read is kept until both took it (or to the end of the turn,
 * for a reader without the producer), so the next collection reads the store
 * again, even in the same turn (two forceFlush() in a row). */
function sharedRead<T>(read: (errors: Error[]) => T): { callback: (errors: Error[]) => T; producer: (errors: Error[]) => T } {
  type Entry = { value: T; errors: Error[]; taken: Set<string> };
  let last: Entry | undefined;
  const take =
    (who: string) =>
    (errors: Error[]): T => {
      if (!last || last.taken.has(who)) {
        const seen: Error[] = [];
        const fresh: Entry = { value: read(seen), errors: seen, taken: new Set() };
        last = fresh;
        setImmediate(() => {
          if (last === fresh) last = undefined;
        });
      }
      const entry = last;
      entry.taken.add(who);
      if (entry.taken.size === 2) last = undefined;
      errors.push(...entry.errors);
      return entry.value;
    };
  return { callback: take('callback'), producer: take('producer') };
}

/** Adds hpy-node's metrics to `meterProvider` (see the comment at the top of
 * this file), read through `producer`. Registering twice on one provider is
 * an error (it would export every series twice). */
export function registerOnProvider(meterProvider: MeterProvider, producer: HpyMetricProducer): HpyMetricsRegistration {
  if (registered.has(meterProvider)) {
    throw new Error('registerHpyMetrics: this MeterProvider already collects hpy-node metrics; call unregister() on the first registration before registering again');
  }
  const readers = readersOf(meterProvider);
  if (readers?.length === 0) {
    throw new TypeError('registerHpyMetrics: this MeterProvider has no readers, so nothing would ever collect the metrics; give it a reader (readers: [...]) when you build it');
  }
  producer.histogramOnly = true;
  const read = sharedRead((errors) => producer.series(errors));
  producer.readSeries = read.producer;

  const meter = meterProvider.getMeter(SCOPE.name, SCOPE.version);
  const calls = meter.createObservableCounter(semconv.METRIC_HPY_API_CALLS, {
    description: semconv.METRIC_HPY_API_CALLS_DESCRIPTION,
    unit: semconv.METRIC_HPY_API_CALLS_UNIT,
    valueType: ValueType.INT,
  });
  const errors = meter.createObservableCounter(semconv.METRIC_HPY_OTEL_COLLECTION_ERRORS, {
    description: semconv.METRIC_HPY_OTEL_COLLECTION_ERRORS_DESCRIPTION,
    unit: semconv.METRIC_HPY_OTEL_COLLECTION_ERRORS_UNIT,
    valueType: ValueType.INT,
  });
  const observed: Observable[] = [calls, errors];
  const observe: BatchObservableCallback = (result) => {
    for (const s of read.callback([]).series) result.observe(calls, s.calls, s.attributes);
    result.observe(errors, producer.collectionErrors);
  };
  meter.addBatchObservableCallback(observe, observed);

  const added: Array<[ReaderInternals, MetricProducer]> = (readers ?? []).map((r) => [r, producerFor(r, producer)]);
  for (const [reader, p] of added) reader._metricProducers.push(p);
  if (!readers) {
    producer.warn(
      'hpy-node/otel: registerHpyMetrics exports hpy.api.calls but not hpy.api.duration: the readers of this MeterProvider cannot be reached ' +
        '(not an @opentelemetry/sdk-metrics 2.x or 3.x MeterProvider), and a ready-made histogram enters OpenTelemetry JS only through a reader. ' +
        'Give your reader the producer instead: new PeriodicExportingMetricReader({ exporter, metricProducers: [hpyMetricProducer()] })',
    );
  }
  registered.add(meterProvider);
  return {
    producer,
    meterProvider,
    readers: added.length,
    histogram: added.length > 0,
    unregister() {
      meter.removeBatchObservableCallback(observe, observed);
      for (const [reader, p] of added) {
        const i = reader._metricProducers.indexOf(p);
        if (i !== -1) reader._metricProducers.splice(i, 1);
      }
      registered.delete(meterProvider);
    },
  };
}
