// No OpenTelemetry set-up of your own: hpy-node serves /metrics itself.
//
//   npm run seed
//   node examples/otel/prometheus.mjs   # then: curl http://127.0.0.1:9464/metrics
import { load } from 'hpy-node';
import { startPrometheusExporter } from 'hpy-node/otel';

// Host and port default to OTEL_EXPORTER_PROMETHEUS_HOST/PORT (127.0.0.1:9464).
const endpoint = await startPrometheusExporter({ endpoint: '/metrics' });
console.log(`metrics at ${endpoint.url}`);

const snippets = load(process.argv[2] ?? 'build/snippets.hpy.so', { mode: 'trace' });
// The endpoint does not keep the process alive; the application's work does.
setInterval(() => snippets.add(1, 2), 100);
