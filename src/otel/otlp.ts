// The OTLP face: pushes the same metrics to a collector every interval,
// through OpenTelemetry's OTLP/HTTP metrics exporters (protobuf or JSON
// bodies), which also read OTEL_EXPORTER_OTLP_(METRICS_)ENDPOINT, _HEADERS,
// _TIMEOUT and TLS settings.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPMetricExporter as OTLPJsonMetricExporter, type OTLPMetricExporterBase } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import type { Resource } from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type InstrumentType,
  type MetricProducer,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { OTLP_PROTOCOLS, otelResource, readOtlpConfig, type OtlpProtocol } from './config';
import { hpyMetricProducer } from './producer';

export interface OtlpExporterOptions {
  /** Full URL of the metrics endpoint. @default OTEL_EXPORTER_OTLP_METRICS_ENDPOINT,
   * else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/metrics, else http://localhost:4318/v1/metrics */
  url?: string;
  /** Body encoding. @default OTEL_EXPORTER_OTLP_METRICS_PROTOCOL, else
   * OTEL_EXPORTER_OTLP_PROTOCOL, else 'http/protobuf' */
  protocol?: OtlpProtocol;
  /** Extra request headers. @default OTEL_EXPORTER_OTLP_(METRICS_)HEADERS */
  headers?: Record<string, string>;
  /** @default OTEL_METRIC_EXPORT_INTERVAL, else 60000 */
  intervalMillis?: number;
  /** @default OTEL_METRIC_EXPORT_TIMEOUT, else 30000 (at most the interval) */
  timeoutMillis?: number;
  /** Source of the hpy.* metrics. @default hpyMetricProducer() */
  producer?: MetricProducer;
  /** @default otelResource() (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) */
  resource?: Resource;
  /** Reports a failing push (once, and again after it recovered). @default console.warn */
  warn?: (message: string) => void;
}

export interface OtlpPush {
  /** Where the metrics go, as far as hpy-node can tell from options and env. */
  url: string;
  protocol: OtlpProtocol;
  reader: PeriodicExportingMetricReader;
  meterProvider: MeterProvider;
  /** Collects and pushes now. */
  forceFlush(): Promise<void>;
  /** Pushes one last time and stops. */
  shutdown(): Promise<void>;
}

/** The URL the OTLP exporter will use; for messages only (the exporter
 * resolves it itself, with the same precedence). */
function describeUrl(url: string | undefined): string {
  const specific = process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?.trim();
  const general = process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return url ?? (specific || (general ? `${general.replace(/\/$/, '')}/v1/metrics` : 'http://localhost:4318/v1/metrics'));
}

/** The HTTP status, when there is one, is what an operator looks up. */
function describe(error: (Error & { code?: unknown }) | undefined): string {
  if (!error) return 'unknown error';
  return typeof error.code === 'number' ? `HTTP ${error.code} ${error.message}` : error.message;
}

// The SDK reports failed pushes through OpenTelemetry's diag logger, which is
// silent unless the application installs one: a collector that is down would
// go unnoticed. This wrapper says so once per outage.
class ReportingExporter implements PushMetricExporter {
  private failing = false;

  constructor(
    private readonly inner: OTLPMetricExporterBase,
    private readonly url: string,
    private readonly warn: (message: string) => void,
  ) {}

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      const ok = result.code === ExportResultCode.SUCCESS;
      if (!ok && !this.failing) {
        this.warn(`hpy-node/otel: OTLP metrics push to ${this.url} failed: ${describe(result.error)} (retried every interval; logged again after it recovers)`);
      } else if (ok && this.failing) {
        this.warn(`hpy-node/otel: OTLP metrics push to ${this.url} works again`);
      }
      this.failing = !ok;
      done(result);
    });
  }

  selectAggregationTemporality(type: InstrumentType) {
    return this.inner.selectAggregationTemporality(type);
  }

  selectAggregation(type: InstrumentType) {
    return this.inner.selectAggregation(type);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/** Starts pushing the metrics over OTLP/HTTP every interval. The
 * timer does not keep the process alive; call shutdown() (or forceFlush())
 * before exit to push the last numbers. */
export function startOtlpExporter(options: OtlpExporterOptions = {}): OtlpPush {
  const env = readOtlpConfig();
  const intervalMillis = options.intervalMillis ?? env.intervalMillis;
  const timeoutMillis = Math.min(options.timeoutMillis ?? env.timeoutMillis, intervalMillis);
  const protocol = options.protocol ?? env.protocol;
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new TypeError(`startOtlpExporter: protocol must be ${OTLP_PROTOCOLS.join(' or ')}, got ${JSON.stringify(protocol)}`);
  }
  const url = describeUrl(options.url);
  const Exporter = protocol === 'http/json' ? OTLPJsonMetricExporter : OTLPProtoMetricExporter;
  const otlp = new Exporter({ url: options.url, headers: options.headers });
  const exporter = new ReportingExporter(otlp, url, options.warn ?? ((message) => console.warn(message)));
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: intervalMillis,
    exportTimeoutMillis: timeoutMillis,
    metricProducers: [options.producer ?? hpyMetricProducer()],
  });
  const meterProvider = new MeterProvider({ resource: options.resource ?? otelResource(), readers: [reader] });
  let stopped: Promise<void> | undefined;
  return {
    url,
    protocol,
    reader,
    meterProvider,
    forceFlush: () => reader.forceFlush(),
    shutdown: () => (stopped ??= meterProvider.shutdown()),
  };
}
