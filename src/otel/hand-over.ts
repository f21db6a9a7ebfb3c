// hpy-node/register serves /metrics from start-up, before the application's
// own SDK is there to say whether it wants the port. An SDK configured by the
// same OTEL_* variables (OTEL_METRICS_EXPORTER=prometheus) then finds the
// port taken: its PrometheusExporter stays a reader of the application's
// provider, with no server, and says so only to OpenTelemetry's diag logger.
// When hpy-node joins that provider, its endpoint answers with that exporter
// (through getMetricsRequestHandler, the exporter's public handler for
// mounting in another server), so the port serves what the application's
// endpoint would have: the application's metrics and hpy.api.*. Without such
// an exporter, hpy-node's endpoint closes: the metrics leave through the
// application's readers, and hpy-node keeps no endpoint of its own.
import type { MeterProvider } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exporterServerOf, metricReadersOf } from './sdk-internals';
import { serveInstead, type PrometheusEndpoint } from './prometheus';

interface PrometheusReader {
  getMetricsRequestHandler(req: IncomingMessage, res: ServerResponse): void;
}

/** A PrometheusExporter on `provider` whose server is not listening: it found
 * the port taken (or was built with preventServerStart, to be mounted in the
 * application's server; answering with it on hpy-node's port is harmless). */
export function unservedPrometheusReader(provider: MeterProvider): PrometheusReader | undefined {
  return metricReadersOf(provider)?.find((reader): reader is PrometheusReader => exporterServerOf(reader)?.listening === false);
}

/** What became of hpy-node's endpoint. */
export type HandedOver = 'answers with the application exporter' | 'closed';

/** Hands `endpoint` over to the application's `provider` (see the top of
 * this file). */
export async function handOver(endpoint: PrometheusEndpoint, provider: MeterProvider): Promise<HandedOver> {
  const reader = unservedPrometheusReader(provider);
  if (!reader) {
    await endpoint.shutdown();
    return 'closed';
  }
  await serveInstead(endpoint, (req, res) => reader.getMetricsRequestHandler(req, res));
  return 'answers with the application exporter';
}
