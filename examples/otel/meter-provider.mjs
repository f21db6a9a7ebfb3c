// A MeterProvider built by hand, with a reader of your choice (here
// OpenTelemetry's console exporter) given hpy-node's producer.
//
//   npm run seed
//   node examples/otel/meter-provider.mjs
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { load } from 'hpy-node';
import { hpyMetricProducer } from 'hpy-node/otel';

const reader = new PeriodicExportingMetricReader({
  exporter: new ConsoleMetricExporter(),
  exportIntervalMillis: 10000,
  metricProducers: [hpyMetricProducer()],
});
const meterProvider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'shop' }), readers: [reader] });

const snippets = load(process.argv[2] ?? 'build/snippets.hpy.so', { mode: 'trace' });
for (let i = 0; i < 1000; i++) snippets.add(i, 1);

// Exports once more on the way out.
await meterProvider.shutdown();
