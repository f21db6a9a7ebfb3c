// NodeSDK again, the other way: hpy-node's producer given to the reader
// when it is built (OpenTelemetry's metricProducers option), no registration.
//
//   npm run seed
//   node examples/otel/nodesdk-producer.mjs   # then: curl http://127.0.0.1:9464/metrics
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { load } from 'hpy-node';
import { hpyMetricProducer } from 'hpy-node/otel';

const reader = new PrometheusExporter({ metricProducers: [hpyMetricProducer()] });
const sdk = new NodeSDK({ metricReaders: [reader] });
sdk.start();

const snippets = load(process.argv[2] ?? 'build/snippets.hpy.so', { mode: 'trace' });
setInterval(() => snippets.add(1, 2), 100);
process.once('SIGTERM', () => sdk.shutdown().then(() => process.exit(0)));
