// hpy-node/register: `node --require hpy-node/register app.js` (or
// `--import hpy-node/register` for ES modules) exports the HPy trace metrics
// with no code change, as OTEL_METRICS_EXPORTER and friends say
// (otel/auto-export.ts). It never stops the application: without the
// OpenTelemetry SDK (an optional peer of hpy-node) it says what to install,
// and the application runs on without metrics.
import { MissingPeerError, PROMETHEUS_PEERS, requirePeers, SDK_PEERS } from './optional-peer';

// Prometheus is OTEL_METRICS_EXPORTER's default: its exporter is named up
// front, so that one `npm install` gives a working /metrics. (An OTLP
// exporter that is missing is named when the push starts.)
const exporters = process.env.OTEL_METRICS_EXPORTER?.trim() || 'prometheus';
const needs = /prometheus/.test(exporters) ? PROMETHEUS_PEERS : SDK_PEERS;

try {
  requirePeers('hpy-node/register', needs);
  require('./otel/auto-export');
} catch (err) {
  if (!(err instanceof MissingPeerError)) throw err;
  process.stderr.write(`hpy-node: ${err.message}\nhpy-node: metrics are off; the application runs on.\n`);
}
