// hpy-node/register: `node --require hpy-node/register app.js` (or
// `--import hpy-node/register` for ES modules) exports the HPy trace metrics
// with no code change, as OTEL_METRICS_EXPORTER and friends say. Whatever
// goes wrong here is printed and the application runs on without metrics.
import { startConfiguredExporters } from './otel/configured';

function say(line: string): void {
  process.stderr.write(`hpy-node: ${line}\n`);
}

startConfiguredExporters().then(
  (running) => {
    if (running.prometheus) say(`Prometheus metrics at ${running.prometheus.url}`);
    if (running.otlp) {
      say(`pushing OTLP metrics to ${running.otlp.url} (${running.otlp.protocol})`);
      // Nothing the push does holds the process open, so beforeExit comes
      // when the application is done; the last push then keeps it alive for
      // at most OTEL_METRIC_EXPORT_TIMEOUT. `once`: beforeExit fires again
      // when that push is over.
      const otlp = running.otlp;
      process.once('beforeExit', () => {
        otlp.shutdown().catch((err: Error) => say(`the last OTLP metrics push failed: ${err.message}`));
      });
    }
    if (running.exporters.length > 0 && !/trace/.test(process.env.HPY ?? '')) {
      say('HPY does not select trace mode, so no module is traced and hpy.api.* stays empty; run with HPY=trace (or HPY=mymodule:trace)');
    }
  },
  (err: Error) => say(`${err.message.replace(/^hpy-node: /, '')}\nhpy-node: metrics are off; the application runs on.`),
);
