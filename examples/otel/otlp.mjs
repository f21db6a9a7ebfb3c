// Pushing to an OpenTelemetry collector over OTLP/HTTP. Endpoint, protocol,
// headers, interval and temporality come from the OTEL_EXPORTER_OTLP_* and
// OTEL_METRIC_EXPORT_* variables (default http://localhost:4318/v1/metrics).
//
//   npm run seed
//   node examples/otel/otlp.mjs
import { load } from 'hpy-node';
import { startOtlpExporter } from 'hpy-node/otel';

const push = startOtlpExporter();
console.log(`pushing to ${push.url}`);

const snippets = load(process.argv[2] ?? 'build/snippets.hpy.so', { mode: 'trace' });
for (let i = 0; i < 1000; i++) snippets.add(i, 1);

// The last numbers, before the process ends (waits at most OTEL_METRIC_EXPORT_TIMEOUT).
await push.shutdown();
