// hpy-node's metrics on one MeterProvider the application already built, so
// they leave through its own readers and exporters, with its resource.
// registerHpyMetrics (register-metrics.ts) and HpyInstrumentation
// (instrumentation.ts) both come through here; which provider they pick is
// theirs to say.
//
// Two ways in, the supported one first:
//
// - hpy.api.calls, hpy.extension.calls, hpy.extension.api_duration and
//   hpy.otel.collection.errors are observable counters on a
//   meter of the provider (the OpenTelemetry metrics API), observed from the
//   trace store at each collection. Any MeterProvider takes them, and the SDK
//   applies the reader's temporality and views as for any instrument.
// - hpy.api.duration and hpy.extension.duration are ready-made histograms, and OpenTelemetry JS has no
//   asynchronous histogram: pre-aggregated data enters only through a
//   reader's metricProducers, which the SDK takes when the reader is built.
//   For a provider that already exists, the producer is added to each
//   reader's producer list, an SDK internal (sdk-internals.ts). The shape is
//   checked first; when it is not there, the histogram is left out and a
//   warning says what to do instead (metricProducers: [hpyMetricProducer()]
//   on the reader).
import type { BatchObservableCallback, MeterProvider, Observable } from '@opentelemetry/api';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';
import { DeltaMetricProducer } from './delta';
import { HpyMetricProducer, SCOPE, instrumentOptions } from './producer';
import { readerSlotsOf, type ReaderSlot } from './sdk-internals';
import { HPY_METRIC, type HpyMetricId } from './semconv';
import type { StoreRead, TraceStoreReader } from './store-read';

export interface HpyMetricsRegistration {
  /** The producer the provider's readers were given: hpy.api.duration and
   * debug mode's metrics (the counters are the provider's instruments). */
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
 * this file), read from `store`. Registering twice on one provider is an
 * error (it would export every series twice). */
export function registerOnProvider(meterProvider: MeterProvider, store: TraceStoreReader): HpyMetricsRegistration {
  if (registered.has(meterProvider)) {
    throw new Error('registerHpyMetrics: this MeterProvider already collects hpy-node metrics; call unregister() on the first registration before registering again');
  }
  const slots = readerSlotsOf(meterProvider);
  if (Array.isArray(slots) && slots.length === 0) {
    throw new TypeError('registerHpyMetrics: this MeterProvider has no readers, so nothing would ever collect the metrics; give it a reader (readers: [...]) when you build it');
  }
  const read = sharedRead((errors): StoreRead => store.read(errors));
  // The counters are the SDK's instruments; the producer gives the rest.
  const producer = new HpyMetricProducer(undefined, {
    store,
    read: read.producer,
    only: ['apiDuration', 'extensionDuration', 'debugOpenHandles', 'debugInvalidUses'],
  });

  const meter = meterProvider.getMeter(SCOPE.name, SCOPE.version);
  const counter = (id: HpyMetricId) => meter.createObservableCounter(HPY_METRIC[id].name, instrumentOptions(HPY_METRIC[id]));
  const calls = counter('apiCalls');
  const entryCalls = counter('extensionCalls');
  const entryApi = counter('extensionApiDuration');
  const errors = counter('collectionErrors');
  const observed: Observable[] = [calls, entryCalls, entryApi, errors];
  const observe: BatchObservableCallback = (result) => {
    const now = read.callback([]);
    for (const p of now.apiCalls) result.observe(calls, p.value, p.attributes);
    for (const e of now.entries) {
      result.observe(entryCalls, e.calls, e.attributes);
      result.observe(entryApi, e.apiSum, e.attributes);
    }
    result.observe(errors, store.collectionErrors);
  };
  meter.addBatchObservableCallback(observe, observed);

  const added: Array<[ReaderSlot, MetricProducer]> = (Array.isArray(slots) ? slots : []).map((slot) => [
    slot,
    slot.wantsDelta ? new DeltaMetricProducer(producer) : producer,
  ]);
  for (const [slot, p] of added) slot.producers.push(p);
  if (!Array.isArray(slots)) {
    store.warn(
      `hpy-node/otel: registerHpyMetrics exports the counters (hpy.api.calls, hpy.extension.calls, ...) but not the histograms hpy.api.duration and hpy.extension.duration: ${slots.message}. ` +
        'Ready-made histograms enter OpenTelemetry JS only through a reader: give your reader the producer instead: ' +
        'new PeriodicExportingMetricReader({ exporter, metricProducers: [hpyMetricProducer()] })',
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
      for (const [slot, p] of added) {
        const i = slot.producers.indexOf(p);
        if (i !== -1) slot.producers.splice(i, 1);
      }
      registered.delete(meterProvider);
    },
  };
}
