// NodeSDK, as most applications set up OpenTelemetry, with hpy-node's
// metrics among its instrumentations: NodeSDK hands HpyInstrumentation its
// MeterProvider, so one Prometheus endpoint serves the application's metrics
// and hpy.api.*.
//
//   npm run seed                       # builds build/snippets.hpy.so
//   node examples/otel/nodesdk.mjs     # then: curl http://127.0.0.1:9464/metrics
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { load } from 'hpy-node';
import { HpyInstrumentation } from 'hpy-node/otel';

// Port from OTEL_EXPORTER_PROMETHEUS_PORT, 9464 by default.
const sdk = new NodeSDK({
  metricReaders: [new PrometheusExporter()],
  instrumentations: [new HpyInstrumentation()],
});
sdk.start();

const snippets = load(process.argv[2] ?? 'build/snippets.hpy.so', { mode: 'trace' });
setInterval(() => snippets.add(1, 2), 100);
process.once('SIGTERM', () => sdk.shutdown().then(() => process.exit(0)));
