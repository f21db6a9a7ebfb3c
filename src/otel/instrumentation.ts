// HpyInstrumentation: hpy-node's metrics as NodeSDK's `instrumentations`
// take them, the way OpenTelemetry's own packages (host-metrics,
// instrumentation-*) are handed their provider. NodeSDK's start() gives every
// instrumentation the global provider (setMeterProvider), first the one it
// finds, then the one it built; registerInstrumentations({ meterProvider })
// does the same with the provider given. The metrics go on the provider last
// given, as registerHpyMetrics(provider) puts them (meter-provider.ts), and
// disable() takes them off. NodeSDK calls these from inside start(), so a
// failure is warned, never thrown.
//
// The shape is @opentelemetry/instrumentation's Instrumentation interface,
// written out here: that package would be a dependency for one interface,
// and NodeSDK checks the methods, not the class.
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { accepts, checkOptions, type Accepts } from '../args';
import { isNoopMeterProvider } from './global-provider';
import { registerOnProvider, type HpyMetricsRegistration } from './meter-provider';
import { PRODUCER_OPTIONS, SCOPE, type HpyMetricProducerOptions } from './producer';
import { TraceStoreReader } from './store-read';

export interface HpyInstrumentationConfig extends HpyMetricProducerOptions {
  /** Whether the metrics go on the provider (disable() and enable() set it).
   * @default true */
  enabled?: boolean;
}

const CONFIG: { readonly [K in keyof HpyInstrumentationConfig]-?: Accepts } = { ...PRODUCER_OPTIONS, enabled: accepts.boolean };
const CONFIG_EXAMPLE = '{ warn: (message) => logger.warn(message) }';

export class HpyInstrumentation {
  readonly instrumentationName = SCOPE.name;
  readonly instrumentationVersion = SCOPE.version;
  private config: HpyInstrumentationConfig;
  private meterProvider: MeterProvider | undefined;
  private current: HpyMetricsRegistration | undefined;

  constructor(config?: HpyInstrumentationConfig) {
    this.config = HpyInstrumentation.checked('HpyInstrumentation', config);
  }

  private static checked(where: string, config: HpyInstrumentationConfig | undefined): HpyInstrumentationConfig {
    return { enabled: true, ...checkOptions<HpyInstrumentationConfig>(where, config, CONFIG, CONFIG_EXAMPLE, 'config') };
  }

  /** The registration on the provider, while the metrics are on one. */
  get registration(): HpyMetricsRegistration | undefined {
    return this.current;
  }

  /** The provider whose readers collect the metrics; NodeSDK calls it. The
   * API's no-op stand-in (what NodeSDK passes before its own provider
   * exists) collects nothing and leaves the metrics off. */
  setMeterProvider(meterProvider: MeterProvider): void {
    const given = isNoopMeterProvider(meterProvider) ? undefined : meterProvider;
    if (given === this.meterProvider && this.current) return;
    this.meterProvider = given;
    this.rebind();
  }

  /** hpy-node makes no spans. */
  setTracerProvider(_tracerProvider: TracerProvider): void {}

  enable(): void {
    this.config.enabled = true;
    this.rebind();
  }

  disable(): void {
    this.config.enabled = false;
    this.rebind();
  }

  setConfig(config: HpyInstrumentationConfig): void {
    this.config = HpyInstrumentation.checked('HpyInstrumentation.setConfig', config);
    this.rebind();
  }

  getConfig(): HpyInstrumentationConfig {
    return { ...this.config };
  }

  /** Takes the metrics off the provider they are on, and puts them on the
   * one given last while enabled (with the config as it is now). */
  private rebind(): void {
    this.current?.unregister();
    this.current = undefined;
    if (!this.config.enabled || !this.meterProvider) return;
    const { enabled: _, ...options } = this.config;
    const store = new TraceStoreReader(options);
    try {
      this.current = registerOnProvider(this.meterProvider, store);
    } catch (err) {
      store.warn(`hpy-node/otel: HpyInstrumentation could not put hpy-node's metrics on the MeterProvider it was given: ${(err as Error).message}`);
    }
  }
}
