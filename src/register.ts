// hpy-node/register: `node --require hpy-node/register app.js` (or
// `--import hpy-node/register` for ES modules) exports the HPy trace metrics
// with no code change, as OTEL_METRICS_EXPORTER and friends say. Whatever
// goes wrong here is printed and the application runs on without metrics.
//
// An application with its own OpenTelemetry SDK (NodeSDK) reads the same
// OTEL_* variables, and with OTEL_METRICS_EXPORTER=prometheus both would
// listen on :9464: whoever comes second fails, and OpenTelemetry reports that
// only to its diag logger, so the application's metrics would silently be
// gone. So hpy-node/register first gives the application's startup a moment
// to register a global MeterProvider, and joins it when there is one (the
// metrics leave through the application's readers, on its endpoint).
// Otherwise it starts its own exporters; a provider that turns up after
// that gets a loud warning.
import { metrics, type MeterProvider } from '@opentelemetry/api';
import { sdkDisabled } from './otel/config';
import { startConfiguredExporters, type ConfiguredExporters } from './otel/configured';
import { registerHpyMetrics } from './otel/meter-provider';

/** How long the application's startup has to register its MeterProvider. */
const JOIN_WAIT_MS = 2000;
const POLL_MS = 25;
/** How often a provider that turns up later is looked for. */
const LATE_CHECK_MS = 1000;

function say(line: string): void {
  process.stderr.write(`hpy-node: ${line}\n`);
}

/** The application's global MeterProvider, if it registered one. */
function applicationProvider(): MeterProvider | undefined {
  const provider = metrics.getMeterProvider();
  return provider.constructor?.name === 'NoopMeterProvider' ? undefined : provider;
}

function hintAtHpy(): void {
  if (!/trace/.test(process.env.HPY ?? '')) {
    say('HPY does not select trace mode, so no module is traced and hpy.api.* stays empty; run with HPY=trace (or HPY=mymodule:trace)');
  }
}

function join(provider: MeterProvider): void {
  try {
    const registration = registerHpyMetrics(provider, { warn: (message) => say(message.replace(/^hpy-node(\/otel)?: /, '')) });
    say(
      `joined the application's OpenTelemetry MeterProvider: hpy.api.* leave through its readers${registration.histogram ? '' : ' (counters only, see above)'}; ` +
        'hpy-node starts no exporter of its own',
    );
    hintAtHpy();
  } catch (err) {
    say(`could not join the application's MeterProvider: ${(err as Error).message}\nhpy-node: metrics are off; the application runs on.`);
  }
}

/** Warns, once, when the application registers its provider after
 * hpy-node's own exporters started. */
function watchForLateProvider(running: ConfiguredExporters): void {
  const timer = setInterval(() => {
    if (!applicationProvider()) return;
    clearInterval(timer);
    const where = running.prometheus ? ` and serves Prometheus on ${running.prometheus.host}:${running.prometheus.port}` : '';
    const clash = running.prometheus && /prometheus/i.test(process.env.OTEL_METRICS_EXPORTER ?? '')
      ? ` OTEL_METRICS_EXPORTER asks the application's SDK for Prometheus too: its exporter could not listen on port ${running.prometheus.port}, ` +
        'and its own metrics are missing (OpenTelemetry reports that only to its diag logger).'
      : '';
    say(
      `WARNING: the application registered its OpenTelemetry MeterProvider after hpy-node had started its own exporters${where}.${clash} ` +
        "To put hpy-node's metrics on the application's provider instead, start the SDK before hpy-node/register " +
        '(node --import ./instrumentation.mjs --import hpy-node/register app.mjs) or call ' +
        "registerHpyMetrics(metrics.getMeterProvider()) from hpy-node/otel after sdk.start().",
    );
  }, LATE_CHECK_MS);
  timer.unref();
}

/** `exiting`: the application is already done (beforeExit), so the pushes
 * push their last numbers right away. */
function startOwn(exiting: boolean): Promise<void> {
  return startConfiguredExporters().then(
    (running) => {
      if (running.prometheus) say(`Prometheus metrics at ${running.prometheus.url}`);
      if (running.otlp) say(`pushing OTLP metrics to ${running.otlp.url} (${running.otlp.protocol})`);
      if (running.console) say('printing the metrics to stdout (console exporter)');
      const pushes = [running.otlp, running.console].filter((p) => p !== undefined);
      // Nothing a push does holds the process open, so beforeExit comes
      // when the application is done; the last push then keeps it alive for
      // at most OTEL_METRIC_EXPORT_TIMEOUT. `once`: beforeExit fires again
      // when that push is over.
      const last = (): void => {
        for (const push of pushes) push.shutdown().catch((err: Error) => say(`the last metrics push failed: ${err.message}`));
      };
      if (exiting) last();
      else if (pushes.length > 0) process.once('beforeExit', last);
      if (running.exporters.length > 0) {
        hintAtHpy();
        watchForLateProvider(running);
      }
    },
    (err: Error) => say(`${err.message.replace(/^hpy-node: /, '')}\nhpy-node: metrics are off; the application runs on.`),
  );
}

/** Joins the application's provider as soon as it is there; starts hpy-node's
 * own exporters when the application's startup registered none within
 * JOIN_WAIT_MS, or when the application is done before that. */
function decideWhenReady(): void {
  let decided = false;
  const decide = (provider: MeterProvider | undefined): void => {
    if (decided) return;
    decided = true;
    clearInterval(poll);
    process.off('beforeExit', atExit);
    if (provider) return join(provider);
    // At beforeExit the loop has nothing left to do: hold it while the
    // exporters start and their last push begins (which then holds the
    // process itself, for at most OTEL_METRIC_EXPORT_TIMEOUT).
    const hold = exiting ? setTimeout(() => {}, JOIN_WAIT_MS) : undefined;
    void startOwn(exiting).finally(() => clearTimeout(hold));
  };
  let exiting = false;
  const started = Date.now();
  const poll = setInterval(() => {
    const provider = applicationProvider();
    if (provider || Date.now() - started >= JOIN_WAIT_MS) decide(provider);
  }, POLL_MS);
  poll.unref();
  const atExit = (): void => {
    exiting = true;
    decide(applicationProvider());
  };
  process.once('beforeExit', atExit);
}

if (sdkDisabled(process.env, (message) => say(message.replace(/^hpy-node: /, '')))) {
  say('OTEL_SDK_DISABLED=true: hpy-node exports no metrics');
} else {
  decideWhenReady();
}
