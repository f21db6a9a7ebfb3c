// The OTLP face: pushes the same metrics to a collector every interval,
// through OpenTelemetry's OTLP/HTTP metrics exporters (protobuf or JSON
// bodies), which also read OTEL_EXPORTER_OTLP_(METRICS_)ENDPOINT, _HEADERS,
// _TIMEOUT and TLS settings.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { requirePeer, requirePeers } from '../optional-peer';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { OTLP_PROTOCOLS, TEMPORALITY_PREFERENCES, otelResource, readOtlpConfig, type OtlpProtocol, type TemporalityPreference } from './config';
import { DeltaMetricProducer } from './delta';
import { accepts, checkOptions, type Accepts } from '../args';
import { detachTransport } from './otlp-transport';
import { hpyMetricProducer } from './producer';
import { PushReader, PushTimeoutError } from './push-reader';

export interface OtlpExporterOptions {
  /** Full URL of the metrics endpoint. @default OTEL_EXPORTER_OTLP_METRICS_ENDPOINT,
   * else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/metrics, else http://localhost:4318/v1/metrics */
  url?: string;
  /** Body encoding. @default OTEL_EXPORTER_OTLP_METRICS_PROTOCOL, else
   * OTEL_EXPORTER_OTLP_PROTOCOL, else 'http/protobuf' */
  protocol?: OtlpProtocol;
  /** `delta` (or `lowmemory`, the same for hpy-node's counters and
   * histogram) sends the change since the last push instead of the totals.
   * @default OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE, else 'cumulative' */
  temporality?: TemporalityPreference;
  /** Extra request headers. @default OTEL_EXPORTER_OTLP_(METRICS_)HEADERS */
  headers?: Record<string, string>;
  /** @default OTEL_METRIC_EXPORT_INTERVAL, else 60000 */
  intervalMillis?: number;
  /** Deadline of each push, and how long shutdown() may keep an exiting
   * process alive for the last one. @default OTEL_METRIC_EXPORT_TIMEOUT,
   * else 30000 (at most the interval) */
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
  temporality: TemporalityPreference;
  /** Pushes every interval; never keeps the process alive. */
  reader: PushReader;
  meterProvider: MeterProvider;
  /** Collects and pushes now. */
  forceFlush(): Promise<void>;
  /** Pushes one last time and stops; keeps the process alive for that push,
   * for at most timeoutMillis, whatever the collector does. */
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
// go unnoticed. This says so once per outage. The push at shutdown is the
// last: nothing retries it, and the message must not promise otherwise.
function outageReporter(url: string, warn: (message: string) => void): (result: ExportResult, last: boolean) => void {
  let failing = false;
  return (result, last) => {
    const ok = result.code === ExportResultCode.SUCCESS;
    if (!ok && last) {
      warn(`hpy-node/otel: the last OTLP metrics push to ${url}, at shutdown, failed: ${describe(result.error)} (not retried: the numbers since the previous push are lost)`);
    } else if (!ok && !failing) {
      warn(`hpy-node/otel: OTLP metrics push to ${url} failed: ${describe(result.error)} (retried every interval; logged again after it recovers)`);
    } else if (ok && failing) {
      warn(`hpy-node/otel: OTLP metrics push to ${url} works again`);
    }
    failing = !ok;
  };
}

/** Keeps the process alive while `work` runs, for at most `ms`: the last
 * push's socket does not hold the event loop, so without this an exiting
 * application would not wait for it, and with it a collector that hangs costs
 * the application `ms` at most. Settles when `work` does, or at the cap
 * (after `onCut`). */
function holdOpenAtMost(work: Promise<void>, ms: number, onCut: () => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      onCut();
      resolve();
    }, ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

const MAX_TIMER_MS = 2 ** 31 - 1;

const OTLP_OPTIONS: { readonly [K in keyof OtlpExporterOptions]-?: Accepts } = {
  url: accepts.httpUrl,
  protocol: accepts.oneOf(OTLP_PROTOCOLS),
  temporality: accepts.oneOf(TEMPORALITY_PREFERENCES),
  headers: accepts.stringRecord('an object of header names and string values'),
  intervalMillis: accepts.integer(1, MAX_TIMER_MS, ' of ms'),
  timeoutMillis: accepts.integer(1, MAX_TIMER_MS, ' of ms'),
  producer: accepts.metricProducer,
  resource: accepts.resource,
  warn: accepts.function,
};

/** The exporters are optional peers, and only the protocol's own is needed
 * (protobuf takes the temporality preference from the JSON one). */
type OtlpExporterClass =
  | typeof import('@opentelemetry/exporter-metrics-otlp-http').OTLPMetricExporter
  | typeof import('@opentelemetry/exporter-metrics-otlp-proto').OTLPMetricExporter;

function otlpExporterClass(protocol: OtlpProtocol): OtlpExporterClass {
  const feature = `hpy-node's OTLP push (${protocol})`;
  const json = '@opentelemetry/exporter-metrics-otlp-http';
  if (protocol === 'http/json') return requirePeer(feature, json).OTLPMetricExporter;
  requirePeers(feature, ['@opentelemetry/exporter-metrics-otlp-proto', json]);
  return requirePeer(feature, '@opentelemetry/exporter-metrics-otlp-proto').OTLPMetricExporter;
}

/** Starts pushing the metrics over OTLP/HTTP every interval. Nothing it
 * does keeps the process alive: call shutdown() (hpy-node/register does, on
 * beforeExit) to push the last numbers, which waits at most timeoutMillis. */
export function startOtlpExporter(options?: OtlpExporterOptions): OtlpPush {
  options = checkOptions<OtlpExporterOptions>('startOtlpExporter', options, OTLP_OPTIONS, "{ url: 'http://collector:4318/v1/metrics' }");
  const env = readOtlpConfig();
  const intervalMillis = options.intervalMillis ?? env.intervalMillis;
  const timeoutMillis = Math.min(options.timeoutMillis ?? env.timeoutMillis, intervalMillis);
  const protocol = options.protocol ?? env.protocol;
  const url = describeUrl(options.url);
  const Exporter = otlpExporterClass(protocol);
  const { AggregationTemporalityPreference } = requirePeer("hpy-node's OTLP push", '@opentelemetry/exporter-metrics-otlp-http');
  const temporality = options.temporality ?? env.temporality;
  const temporalityPreference = {
    cumulative: AggregationTemporalityPreference.CUMULATIVE,
    delta: AggregationTemporalityPreference.DELTA,
    lowmemory: AggregationTemporalityPreference.LOWMEMORY,
  }[temporality];
  const exporter = new Exporter({ url: options.url, headers: options.headers, temporalityPreference });
  const transport = detachTransport(exporter);
  const producer = options.producer ?? hpyMetricProducer();
  const warn = options.warn ?? ((message) => console.warn(message));
  const reportOutage = outageReporter(url, warn);
  // The last push at shutdown runs out of time twice, in the reader and in
  // holdOpenAtMost, both after timeoutMillis: whichever comes first says so.
  let stopping = false;
  let cutReported = false;
  const cut = () => {
    if (cutReported) return;
    cutReported = true;
    warn(`hpy-node/otel: gave up on the last OTLP metrics push to ${url} after ${timeoutMillis} ms (OTEL_METRIC_EXPORT_TIMEOUT)`);
  };
  const reader = new PushReader({
    exporter,
    intervalMillis,
    timeoutMillis,
    // The producer's numbers are cumulative, and a reader passes a
    // producer's data on as it is: deltas are made here.
    metricProducers: [temporality === 'cumulative' ? producer : new DeltaMetricProducer(producer)],
    abort: transport.abort,
    onResult: (result) => (stopping && result.error instanceof PushTimeoutError ? cut() : reportOutage(result, stopping)),
  });
  const meterProvider = new MeterProvider({ resource: options.resource ?? otelResource(), readers: [reader] });
  let stopped: Promise<void> | undefined;
  return {
    url,
    protocol,
    temporality,
    reader,
    meterProvider,
    forceFlush: () => reader.forceFlush(),
    shutdown: () => {
      stopping = true;
      return (stopped ??= holdOpenAtMost(meterProvider.shutdown(), timeoutMillis, cut));
    },
  };
}
