// OTEL_METRICS_EXPORTER=console: the metrics printed to stdout every
// interval by OpenTelemetry's ConsoleMetricExporter (for a look while
// developing; its format is OpenTelemetry's and may change). Pushed by the
// same reader as OTLP, so it never keeps the process alive either.
import type { Resource } from '@opentelemetry/resources';
import { ConsoleMetricExporter, MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { otelResource, readPushSchedule } from './config';
import { hpyMetricProducer } from './producer';
import { PushReader } from './push-reader';

export interface ConsoleExporterOptions {
  /** @default OTEL_METRIC_EXPORT_INTERVAL, else 60000 */
  intervalMillis?: number;
  /** @default OTEL_METRIC_EXPORT_TIMEOUT, else 30000 (at most the interval) */
  timeoutMillis?: number;
  /** @default hpyMetricProducer() */
  producer?: MetricProducer;
  /** @default otelResource() */
  resource?: Resource;
}

export interface ConsolePush {
  reader: PushReader;
  meterProvider: MeterProvider;
  /** Prints now. */
  forceFlush(): Promise<void>;
  /** Prints one last time and stops. */
  shutdown(): Promise<void>;
}

/** Internal to hpy-node/register and startConfiguredExporters: options are
 * theirs, already checked. */
export function startConsoleExporter(options: ConsoleExporterOptions = {}): ConsolePush {
  const env = readPushSchedule();
  const intervalMillis = options.intervalMillis ?? env.intervalMillis;
  const timeoutMillis = Math.min(options.timeoutMillis ?? env.timeoutMillis, intervalMillis);
  const reader = new PushReader({
    exporter: new ConsoleMetricExporter(),
    intervalMillis,
    timeoutMillis,
    metricProducers: [options.producer ?? hpyMetricProducer()],
  });
  const meterProvider = new MeterProvider({ resource: options.resource ?? otelResource(), readers: [reader] });
  let stopped: Promise<void> | undefined;
  return {
    reader,
    meterProvider,
    forceFlush: () => reader.forceFlush(),
    shutdown: () => (stopped ??= meterProvider.shutdown()),
  };
}
