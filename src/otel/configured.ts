// Starts the exporters the environment asks for (OTEL_METRICS_EXPORTER),
// sharing one producer, so a problem in the store is reported once.
import type { Resource } from '@opentelemetry/resources';
import { accepts, checkOptions } from '../args';
import { otelResource, readOtelConfig, type ExporterName, type OtelConfig } from './config';
import { startConsoleExporter, type ConsolePush } from './console';
import { startOtlpExporter, type OtlpPush } from './otlp';
import { hpyMetricProducer, type HpyMetricProducer } from './producer';
import { startPrometheusExporter, type PrometheusEndpoint } from './prometheus';

export interface ConfiguredExportersOptions {
  /** @default hpyMetricProducer() */
  producer?: HpyMetricProducer;
  /** @default otelResource() */
  resource?: Resource;
}

export interface ConfiguredExporters {
  /** What OTEL_METRICS_EXPORTER asked for (empty for `none`, and when
   * OTEL_SDK_DISABLED=true). */
  exporters: ExporterName[];
  /** OTEL_SDK_DISABLED=true. */
  disabled: boolean;
  prometheus?: PrometheusEndpoint;
  otlp?: OtlpPush;
  console?: ConsolePush;
  producer: HpyMetricProducer;
  /** Stops them all (the OTLP one pushes a last time). */
  shutdown(): Promise<void>;
}

/** Reads the OTEL_* variables from process.env and starts the exporters they
 * name: `prometheus` (the default) on OTEL_EXPORTER_PROMETHEUS_HOST:PORT,
 * `otlp` to OTEL_EXPORTER_OTLP_(METRICS_)ENDPOINT, `console` to stdout;
 * nothing when OTEL_SDK_DISABLED=true. Rejects with an Error
 * naming the bad variable or the busy port, with nothing left running. */
export async function startConfiguredExporters(options?: ConfiguredExportersOptions): Promise<ConfiguredExporters> {
  options = checkOptions<ConfiguredExportersOptions>('startConfiguredExporters', options, { producer: accepts.metricProducer, resource: accepts.resource }, '{ resource }');
  const config = readOtelConfig();
  const producer = options.producer ?? hpyMetricProducer();
  const resource = config.exporters.length > 0 ? (options.resource ?? otelResource()) : undefined;
  return startExportersOf(config, config.exporters, producer, resource);
}

/** Internal to startConfiguredExporters and hpy-node/register (which starts
 * the Prometheus endpoint at once and the pushes later, on one producer):
 * starts those of `config`'s exporters that `which` names. */
export async function startExportersOf(config: OtelConfig, which: readonly ExporterName[], producer: HpyMetricProducer, resource?: Resource): Promise<ConfiguredExporters> {
  const prometheus = config.prometheus && which.includes('prometheus') ? await startPrometheusExporter({ ...config.prometheus, producer, resource }) : undefined;
  let otlp: OtlpPush | undefined;
  try {
    if (config.otlp && which.includes('otlp')) otlp = startOtlpExporter({ ...config.otlp, producer, resource });
  } catch (err) {
    await prometheus?.shutdown();
    throw err;
  }
  const consolePush = config.console && which.includes('console') ? startConsoleExporter({ ...config.console, producer, resource }) : undefined;
  return {
    exporters: config.exporters,
    disabled: config.disabled === true,
    prometheus,
    otlp,
    console: consolePush,
    producer,
    shutdown: async () => {
      await Promise.all([prometheus?.shutdown(), otlp?.shutdown(), consolePush?.shutdown()]);
    },
  };
}
