// registerHpyMetrics(meterProvider): hpy.api.calls and hpy.api.duration on a
// MeterProvider the application already built, so they leave through its
// own readers and exporters, with its resource.
//
// Pre-aggregated histograms can only enter OpenTelemetry JS through a
// reader's metricProducers, and the SDK takes those only when the reader is
// constructed. A provider built before hpy-node loads therefore gets the
// producer added to each of its readers' producer lists. Those lists are
// SDK internals (sdk-metrics 2.x, checked here); if a provider does not have
// them, the error says what to do instead.
import type { MeterProvider, MetricProducer } from '@opentelemetry/sdk-metrics';
import { check, checkOptions } from '../args';
import { HpyMetricProducer, PRODUCER_OPTIONS, type HpyMetricProducerOptions } from './producer';

interface ReaderInternals {
  _metricProducers: MetricProducer[];
}

interface ProviderInternals {
  _sharedState?: { metricCollectors?: Array<{ _metricReader?: Partial<ReaderInternals> }> };
}

export interface HpyMetricsRegistration {
  producer: HpyMetricProducer;
  /** The number of the provider's readers that now collect hpy-node's metrics. */
  readers: number;
  /** Takes the metrics off the provider's readers again. */
  unregister(): void;
}

function readersOf(meterProvider: MeterProvider): ReaderInternals[] {
  const collectors = (meterProvider as unknown as ProviderInternals)?._sharedState?.metricCollectors;
  const readers = Array.isArray(collectors) ? collectors.map((c) => c?._metricReader) : undefined;
  if (!readers || !readers.every((r): r is ReaderInternals => Array.isArray(r?._metricProducers))) {
    throw new TypeError(
      'registerHpyMetrics: cannot reach the readers of this MeterProvider (it is not an @opentelemetry/sdk-metrics 2.x MeterProvider). ' +
        'Pass hpyMetricProducer() in your reader\'s metricProducers option instead: new PeriodicExportingMetricReader({ exporter, metricProducers: [hpyMetricProducer()] })',
    );
  }
  if (readers.length === 0) {
    throw new TypeError('registerHpyMetrics: this MeterProvider has no readers, so nothing would ever collect the metrics; give it a reader (readers: [...]) when you build it');
  }
  return readers;
}

/** Adds hpy-node's metrics to every reader of `meterProvider`. Registering
 * twice on one provider is an error (it would export every series twice). */
export function registerHpyMetrics(meterProvider: MeterProvider, options?: HpyMetricProducerOptions): HpyMetricsRegistration {
  check('registerHpyMetrics', 'meterProvider', meterProvider, { what: 'the MeterProvider of your OpenTelemetry setup (an object)', test: (v) => typeof v === 'object' && v !== null });
  checkOptions<HpyMetricProducerOptions>('registerHpyMetrics', options, PRODUCER_OPTIONS, '{ warn: (message) => logger.warn(message) }');
  const readers = readersOf(meterProvider);
  if (readers.some((r) => r._metricProducers.some((p) => p instanceof HpyMetricProducer))) {
    throw new Error('registerHpyMetrics: this MeterProvider already collects hpy-node metrics; call unregister() on the first registration before registering again');
  }
  const producer = new HpyMetricProducer(options);
  for (const reader of readers) reader._metricProducers.push(producer);
  return {
    producer,
    readers: readers.length,
    unregister() {
      for (const reader of readers) {
        const i = reader._metricProducers.indexOf(producer);
        if (i !== -1) reader._metricProducers.splice(i, 1);
      }
    },
  };
}
