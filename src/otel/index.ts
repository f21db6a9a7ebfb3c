// hpy-node/otel: the native trace store as OpenTelemetry metrics
// (hpy.api.calls, hpy.api.duration, and per entry hpy.extension.calls,
// hpy.extension.duration, hpy.extension.api_duration), served to Prometheus
// or pushed over OTLP.
//
// With your own SDK set-up (NodeSDK), new HpyInstrumentation() among its
// instrumentations or registerHpyMetrics() puts the metrics on its provider
// (see meter-provider.ts for how), in either order, or pass
// hpyMetricProducer() to a reader you build; otherwise the start* functions
// build reader and MeterProvider for you.
//
// The SDK is an optional peer of hpy-node: checked first, so that without it
// the error names what to install rather than the first import that failed.
import { requirePeers, SDK_PEERS } from '../optional-peer';
requirePeers('hpy-node/otel', SDK_PEERS);
export { hpyMetricProducer, HpyMetricProducer } from './producer';
export { registerHpyMetrics } from './register-metrics';
export { HpyInstrumentation } from './instrumentation';
export type { HpyInstrumentationConfig } from './instrumentation';
export type { HpyMetricsRegistration } from './meter-provider';
export type { HpyMetricProducerOptions, SnapshotSource } from './producer';
export type { SelectionOptions } from './selection';
export { startPrometheusExporter, createPrometheusHandler } from './prometheus';
export type { PrometheusExporterOptions, PrometheusHandlerOptions, PrometheusHandler, PrometheusEndpoint } from './prometheus';
export { startOtlpExporter } from './otlp';
export type { OtlpExporterOptions, OtlpPush } from './otlp';
export { startConfiguredExporters } from './configured';
export type { ConfiguredExporters, ConfiguredExportersOptions } from './configured';
export { readOtelConfig, parseExporters, otelResource, EXPORTER_NAMES, OTLP_PROTOCOLS } from './config';
export type { OtelConfig, PrometheusConfig, OtlpConfig, OtlpProtocol, ExporterName } from './config';
export * from './semconv';
export { checkSdkInternals, SdkInternalsError } from './sdk-internals';
export type { SdkInternalCheck } from './sdk-internals';
