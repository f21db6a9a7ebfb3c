// The application's own OpenTelemetry set-up, configured by the standard
// variables (OTEL_METRICS_EXPORTER=prometheus, OTEL_SERVICE_NAME, ...), as
// NodeSDK's documentation has it. Loaded before the application:
//   node --import ./examples/otel/instrumentation.mjs --import hpy-node/register app.mjs
import { NodeSDK } from '@opentelemetry/sdk-node';

const sdk = new NodeSDK();
sdk.start();
process.once('beforeExit', () => sdk.shutdown());
