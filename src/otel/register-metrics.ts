// registerHpyMetrics: which MeterProvider hpy-node's metrics go on
// (meter-provider.ts puts them there).
//
// - registerHpyMetrics(meterProvider): that provider, now.
// - registerHpyMetrics(): the global provider, whenever one is set, before
//   or after this call, and the next one if it is replaced. Order must not
//   matter: NodeSDK sets its provider in sdk.start(), and an application
//   cannot always call hpy-node after that.
// - registerHpyMetrics(metrics.getMeterProvider()) before sdk.start() passes
//   the API's no-op stand-in, on which nothing is ever collected. That call
//   meant "the global provider", so it is taken as registerHpyMetrics(): it
//   then works instead of warning about an export that never happens.
import type { MeterProvider } from '@opentelemetry/api';
import { check, checkOptions } from '../args';
import { globalMeterProvider, isNoopMeterProvider, watchGlobalMeterProvider } from './global-provider';
import { registerOnProvider, type HpyMetricsRegistration } from './meter-provider';
import { HpyMetricProducer, PRODUCER_OPTIONS, type HpyMetricProducerOptions } from './producer';
import { TraceStoreReader } from './store-read';

const WHERE = 'registerHpyMetrics';
const OPTIONS_EXAMPLE = '{ warn: (message) => logger.warn(message) }';
const PROVIDER = {
  what: 'the MeterProvider of your OpenTelemetry setup (an object with getMeter(), such as metrics.getMeterProvider()), or options such as ' + OPTIONS_EXAMPLE,
  test: (v: unknown) => typeof (v as MeterProvider | null)?.getMeter === 'function',
};

const isOptions = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).every((k) => k in PRODUCER_OPTIONS);

/** Follows the global provider: on it now if one is set (errors thrown, as
 * for a provider given), then on each one set later (errors warned: no
 * caller is left to throw to). */
function followGlobal(store: TraceStoreReader): HpyMetricsRegistration {
  const initial = globalMeterProvider();
  let current = initial ? registerOnProvider(initial, store) : undefined;
  // Until a provider is there: a producer over the same store.
  const idle = new HpyMetricProducer(undefined, { store });
  const stop = watchGlobalMeterProvider(initial, (provider) => {
    current?.unregister();
    current = undefined;
    if (!provider) return;
    try {
      current = registerOnProvider(provider, store);
    } catch (err) {
      store.warn(`hpy-node/otel: registerHpyMetrics() could not join the global MeterProvider set just now: ${(err as Error).message}`);
    }
  });
  return {
    get producer() {
      return current?.producer ?? idle;
    },
    get meterProvider() {
      return current?.meterProvider;
    },
    get readers() {
      return current?.readers ?? 0;
    },
    get histogram() {
      return current?.histogram ?? false;
    },
    unregister() {
      stop();
      current?.unregister();
      current = undefined;
    },
  };
}

/** Adds hpy-node's metrics to `meterProvider`, or, without one, to the
 * global MeterProvider whenever one is set (see the top of this file).
 * Registering twice on one provider is an error (it would export every
 * series twice). */
export function registerHpyMetrics(options?: HpyMetricProducerOptions): HpyMetricsRegistration;
/** `meterProvider` undefined: the global provider, as with no argument. */
export function registerHpyMetrics(meterProvider: MeterProvider | undefined, options?: HpyMetricProducerOptions): HpyMetricsRegistration;
export function registerHpyMetrics(first?: MeterProvider | HpyMetricProducerOptions, second?: HpyMetricProducerOptions): HpyMetricsRegistration {
  const givenOptions = first === undefined || (isOptions(first) && second === undefined);
  const provider = givenOptions ? undefined : (first as MeterProvider);
  if (provider !== undefined) check(WHERE, 'meterProvider', provider, PROVIDER);
  const options = checkOptions<HpyMetricProducerOptions>(WHERE, first !== undefined && givenOptions ? first : second, PRODUCER_OPTIONS, OPTIONS_EXAMPLE);
  const store = new TraceStoreReader(options);
  return provider && !isNoopMeterProvider(provider) ? registerOnProvider(provider, store) : followGlobal(store);
}
