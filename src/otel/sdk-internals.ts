// Every place hpy-node reaches past the public API of OpenTelemetry's JS
// packages, in one file. Each exists because the public API has no way to do
// the job (named below); each is the same in the 2.x and 3.x SDK lines
// (sdk-metrics 2.12+/3.x, exporters 0.223+/0.300+), and
// test/otel/sdk-lines.test.ts runs checkSdkInternals() on both.
//
// 1. A reader's producer list (MeterProvider._sharedState.metricCollectors[]
//    ._metricReader._metricProducers): a ready-made histogram enters
//    OpenTelemetry JS only through a reader's metricProducers, fixed when the
//    reader is built; registerHpyMetrics joins readers that already exist.
// 2. PrometheusExporter._server: whether the application's exporter found
//    its port taken (hand-over.ts).
// 3. PrometheusSerializer._serializeHistogramDataPoint and _appendTimestamp:
//    the fast histogram lines of /metrics (serializer.ts).
// 4. OTLPMetricExporter._delegate._transport(._transport)._parameters
//    .agentFactory: one attempt per push on sockets that do not hold the
//    process (otlp-transport.ts).
//
// Each accessor checks the shape before use and says, when it is not there,
// which internal is missing and what to do; callers fall back where they can
// (1: counters only, with a warning; 2: the endpoint closes; 3: the stock
// serializer, same text) and refuse where they cannot (4: a push that could
// keep the process alive).
// Kept in the emitted .d.ts (preserve): its types name Node's, and a
// consumer's tsc may not load Node's types by itself (TypeScript 7's default).
/// <reference types="node" preserve="true" />
import type { Agent, Server } from 'node:http';
import type { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, InstrumentType, type DataPoint, type Histogram, type MetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import type { MeterProvider as ApiMeterProvider } from '@opentelemetry/api';

const TESTED = 'sdk-metrics 2.12+ and 3.x with exporters 0.223+ and 0.300+';

/** An internal of OpenTelemetry's packages that this version does not have. */
export class SdkInternalsError extends Error {
  constructor(internal: string, consequence: string) {
    super(`hpy-node/otel: ${internal} is not there in this OpenTelemetry version (hpy-node is tested with ${TESTED}): ${consequence}`);
    this.name = 'SdkInternalsError';
  }
}

// 1. Readers and their producer lists.

interface ReaderInternals {
  _metricProducers?: MetricProducer[];
  selectAggregationTemporality?(type: InstrumentType): AggregationTemporality;
}

/** A reader of a provider, with the producer list hpy-node adds to. */
export interface ReaderSlot {
  producers: MetricProducer[];
  /** Whether the reader asks for delta histograms. */
  wantsDelta: boolean;
}

const PRODUCERS = 'MeterProvider._sharedState.metricCollectors[]._metricReader._metricProducers';

/** The MetricReaders of an sdk-metrics MeterProvider, or undefined when the
 * provider does not have the shape (another implementation of the API). */
export function metricReadersOf(provider: ApiMeterProvider): unknown[] | undefined {
  const collectors = (provider as { _sharedState?: { metricCollectors?: Array<{ _metricReader?: unknown }> } })?._sharedState?.metricCollectors;
  return Array.isArray(collectors) ? collectors.map((c) => c?._metricReader) : undefined;
}

/** The producer lists of the provider's readers, or an SdkInternalsError
 * saying why they cannot be reached. */
export function readerSlotsOf(provider: ApiMeterProvider): ReaderSlot[] | SdkInternalsError {
  const readers = metricReadersOf(provider) as Array<ReaderInternals | undefined> | undefined;
  if (!readers || !readers.every((r) => Array.isArray(r?._metricProducers))) {
    return new SdkInternalsError(PRODUCERS, 'the readers of this MeterProvider cannot be reached (or it is not an @opentelemetry/sdk-metrics MeterProvider)');
  }
  return readers.map((r) => ({
    producers: r!._metricProducers!,
    wantsDelta: r!.selectAggregationTemporality?.(InstrumentType.HISTOGRAM) === AggregationTemporality.DELTA,
  }));
}

// 2. The Prometheus exporter's own server.

/** The server a PrometheusExporter made for itself (created unlistened; it
 * listens unless the port was taken or preventServerStart was given), or
 * undefined when `reader` is not one or has no such field. */
export function exporterServerOf(reader: unknown): Server | undefined {
  const r = reader as { getMetricsRequestHandler?: unknown; _server?: Server } | undefined;
  return typeof r?.getMetricsRequestHandler === 'function' && typeof r._server?.listening === 'boolean' ? r._server : undefined;
}

// 3. The Prometheus serializer's histogram lines.

type Attributes = Record<string, unknown>;
export type SerializeHistogram = (name: string, data: MetricData, point: DataPoint<Histogram>, additional?: Attributes) => string;

interface SerializerInternals {
  _appendTimestamp?: unknown;
  _serializeHistogramDataPoint?: SerializeHistogram;
}

/** The serializer's own histogram method and its timestamp setting, with a
 * way to replace the method; an SdkInternalsError when it has neither. */
export function histogramHooksOf(serializer: PrometheusSerializer): { stock: SerializeHistogram; appendTimestamp: boolean; replace(fn: SerializeHistogram): void } | SdkInternalsError {
  const self = serializer as unknown as SerializerInternals;
  if (typeof self._serializeHistogramDataPoint !== 'function' || typeof self._appendTimestamp !== 'boolean') {
    return new SdkInternalsError('PrometheusSerializer._serializeHistogramDataPoint', "/metrics uses OpenTelemetry's own serializer (the same text, 6x slower for histograms)");
  }
  return {
    stock: self._serializeHistogramDataPoint.bind(serializer),
    appendTimestamp: self._appendTimestamp,
    replace(fn) {
      self._serializeHistogramDataPoint = fn;
    },
  };
}

// 4. The OTLP/HTTP exporter's transport.

export type AgentFactory = (protocol: string) => Agent | Promise<Agent>;

interface HttpTransport {
  send(data: Uint8Array, timeoutMillis: number): Promise<unknown>;
  _parameters: { agentFactory: AgentFactory };
}

interface ExporterInternals {
  _delegate?: { _transport?: HttpTransport | { _transport?: HttpTransport } };
}

function isHttpTransport(t: unknown): t is HttpTransport {
  const candidate = t as Partial<HttpTransport> | undefined;
  return typeof candidate?.send === 'function' && typeof candidate._parameters?.agentFactory === 'function';
}

/** Takes the retrying transport out of an OTLPMetricExporter (http/json or
 * http/protobuf) and wraps its agent factory with `wrap`; throws an
 * SdkInternalsError when the exporter does not have that shape. */
export function rewireOtlpTransport(exporter: object, wrap: (make: AgentFactory) => AgentFactory): void {
  const delegate = (exporter as ExporterInternals)._delegate;
  const outer = delegate?._transport;
  // The stock exporter wraps its HTTP transport in a retrying one.
  const http = isHttpTransport(outer) ? outer : (outer as { _transport?: unknown } | undefined)?._transport;
  if (!delegate || !isHttpTransport(http)) {
    throw new SdkInternalsError(
      'OTLPMetricExporter._delegate._transport._parameters.agentFactory',
      "its pushes could keep the process alive, so hpy-node does not push; install a version in the range of hpy-node's package.json (npm ls @opentelemetry/exporter-metrics-otlp-http)",
    );
  }
  delegate._transport = http;
  http._parameters.agentFactory = wrap(http._parameters.agentFactory);
}

// All four, on fresh objects of the installed packages.

export interface SdkInternalCheck {
  internal: string;
  /** Undefined when the internal is there. */
  problem?: string;
}

/** Checks, on fresh objects of the installed OpenTelemetry packages (no
 * network, no port), every internal hpy-node uses; one entry each, with the
 * problem when it is not there. */
export function checkSdkInternals(): SdkInternalCheck[] {
  // Required here: only this check builds these objects, and an application
  // that never calls it need not load the OTLP exporter.
  const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
  const { PrometheusExporter, PrometheusSerializer } = require('@opentelemetry/exporter-prometheus') as typeof import('@opentelemetry/exporter-prometheus');
  const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
  class ProbeReader extends MetricReader {
    protected async onShutdown(): Promise<void> {}
    protected async onForceFlush(): Promise<void> {}
  }
  const probe = (internal: string, run: () => string | undefined): SdkInternalCheck => {
    try {
      const problem = run();
      return problem === undefined ? { internal } : { internal, problem };
    } catch (err) {
      return { internal, problem: (err as Error).message };
    }
  };
  return [
    probe(PRODUCERS, () => {
      const slots = readerSlotsOf(new MeterProvider({ readers: [new ProbeReader()] }));
      return slots instanceof Error ? slots.message : undefined;
    }),
    probe('PrometheusExporter._server', () =>
      exporterServerOf(new PrometheusExporter({ preventServerStart: true })) ? undefined : new SdkInternalsError('PrometheusExporter._server', "hpy-node/register cannot tell whether the application's exporter found its port taken").message,
    ),
    probe('PrometheusSerializer._serializeHistogramDataPoint', () => {
      const hooks = histogramHooksOf(new PrometheusSerializer());
      return hooks instanceof Error ? hooks.message : undefined;
    }),
    probe('OTLPMetricExporter._delegate._transport._parameters.agentFactory', () => {
      rewireOtlpTransport(new OTLPMetricExporter({ url: 'http://127.0.0.1:1/v1/metrics' }), (make) => make);
      return undefined;
    }),
  ];
}
