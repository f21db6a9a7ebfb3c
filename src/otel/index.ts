// hpy-node/otel: the native trace store as OpenTelemetry metrics
// (hpy.api.calls, hpy.api.duration), served to Prometheus or pushed over OTLP.
//
// OpenTelemetry has no way to add a producer to an existing MeterProvider,
// and no asynchronous histogram instrument: pre-aggregated histograms enter
// only through a reader's `metricProducers`. So with your own SDK setup, pass
// hpyMetricProducer() to your reader(s); otherwise use the start* functions,
// which build reader and MeterProvider for you.
export { hpyMetricProducer, HpyMetricProducer } from './producer';
export type { HpyMetricProducerOptions, SnapshotSource } from './producer';
export { startPrometheusExporter, createPrometheusHandler } from './prometheus';
export type { PrometheusExporterOptions, PrometheusHandlerOptions, PrometheusHandler, PrometheusEndpoint } from './prometheus';
export { startOtlpExporter } from './otlp';
export type { OtlpExporterOptions, OtlpPush } from './otlp';
export { startConfiguredExporters } from './configured';
export type { ConfiguredExporters, ConfiguredExportersOptions } from './configured';
export { readOtelConfig, parseExporters, otelResource, EXPORTER_NAMES } from './config';
export type { OtelConfig, PrometheusConfig, OtlpConfig, ExporterName } from './config';
export * from './semconv';
