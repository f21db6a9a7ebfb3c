// What hpy-node/register (../register.ts) runs once the SDK is there:
// `node --require hpy-node/register app.js` (or
// `--import hpy-node/register` for ES modules) exports the HPy trace metrics
// with no code change, as OTEL_METRICS_EXPORTER and friends say. Whatever
// goes wrong here is printed and the application runs on without metrics.
//
// An application with its own OpenTelemetry SDK (NodeSDK) reads the same
// OTEL_* variables, and with OTEL_METRICS_EXPORTER=prometheus both would
// listen on :9464: whoever comes second fails, and OpenTelemetry reports that
// only to its diag logger, so the application's metrics would silently be
// gone. So hpy-node/register joins the application's global MeterProvider
// when there is one (the metrics leave through the application's readers, on
// its endpoint), and gives the application's startup JOIN_WAIT_MS to
// register it. /metrics does not wait for that (it made the first scrape
// wait 2.4 s): nothing leaves an endpoint until it is scraped, so hpy-node's
// endpoint serves from start-up with what there is, and is handed over when
// the application's provider turns up (otel/hand-over.ts). The pushes (OTLP,
// console) do wait, or they would send every series twice. A provider that
// turns up after the wait gets a loud warning.
import type { MeterProvider } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { otelResource, readOtelConfig, sdkDisabled, type OtelConfig } from './config';
import { startExportersOf, type ConfiguredExporters } from './configured';
import { globalMeterProvider } from './global-provider';
import { handOver } from './hand-over';
import { registerHpyMetrics } from './register-metrics';
import { hpyMetricProducer, type HpyMetricProducer } from './producer';
import type { PrometheusEndpoint } from './prometheus';

/** How long the application's startup has to register its MeterProvider. */
const JOIN_WAIT_MS = 2000;
const POLL_MS = 25;
/** How often a provider that turns up later is looked for. */
const LATE_CHECK_MS = 1000;

function say(line: string): void {
  process.stderr.write(`hpy-node: ${line}\n`);
}

/** The application's global MeterProvider, if it registered one. */
const applicationProvider = globalMeterProvider;

let hinted = false;

function hintAtHpy(): void {
  if (hinted) return;
  hinted = true;
  if (!/trace/.test(process.env.HPY ?? '')) {
    say('HPY does not select trace mode, so no module is traced and hpy.api.* stays empty; run with HPY=trace (or HPY=mymodule:trace)');
  }
}

/** What the environment asks for, read once at start-up. */
interface Setup {
  config: OtelConfig;
  /** One producer for all of hpy-node's own exporters, so a problem in the
   * store is reported once. */
  producer: HpyMetricProducer;
  resource?: Resource;
}

function metricsOff(err: Error, what = 'metrics are off'): void {
  say(`${err.message.replace(/^hpy-node: /, '')}\nhpy-node: ${what}; the application runs on.`);
}

/** hpy-node's /metrics, started at once (see the top of this file), or
 * why it could not start. A port found taken is not reported here: the
 * application's own exporter, started in the same instant, may hold it, and
 * then joining its provider is the right outcome (startWhenReady decides). */
interface EarlyEndpoint {
  endpoint?: PrometheusEndpoint;
  portTaken?: Error;
}

function startEndpoint(setup: Setup): Promise<EarlyEndpoint> {
  return startExportersOf(setup.config, ['prometheus'], setup.producer, setup.resource).then(
    ({ prometheus }) => {
      if (prometheus) say(`Prometheus metrics at ${prometheus.url}`);
      hintAtHpy();
      return { endpoint: prometheus };
    },
    (err: Error) => {
      if ((err.cause as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') return { portTaken: err };
      metricsOff(err, '/metrics is off');
      return {};
    },
  );
}

function endpointOf(early: EarlyEndpoint): PrometheusEndpoint | undefined {
  if (early.portTaken) metricsOff(early.portTaken, '/metrics is off');
  return early.endpoint;
}

/** Puts hpy-node's metrics on the application's provider; `early` is
 * hpy-node's endpoint, which served until now and is handed over. */
async function join(provider: MeterProvider, early?: Promise<EarlyEndpoint>): Promise<void> {
  let histogram: boolean;
  try {
    histogram = registerHpyMetrics(provider, { warn: (message) => say(message.replace(/^hpy-node(\/otel)?: /, '')) }).histogram;
  } catch (err) {
    const kept = early && endpointOf(await early);
    return metricsOff(
      new Error(`could not join the application's MeterProvider: ${(err as Error).message}`),
      kept ? `hpy.api.* stay on hpy-node's own endpoint, ${kept.url}` : 'metrics are off',
    );
  }
  const started = early ? await early : {};
  const endpoint = started.endpoint;
  const handed = endpoint ? await handOver(endpoint, provider) : undefined;
  const ours = !endpoint
    ? started.portTaken
      ? "hpy-node's own endpoint found the port taken (by the application's exporter, started at the same time) and starts no exporter"
      : 'hpy-node starts no exporter of its own'
    : handed === 'closed'
      ? `hpy-node's own endpoint, ${endpoint.url}, is closed`
      : `hpy-node's endpoint, ${endpoint.url}, answers with the application's PrometheusExporter from now on (it found the port taken)`;
  say(`joined the application's OpenTelemetry MeterProvider: hpy.api.* leave through its readers${histogram ? '' : ' (counters only, see above)'}; ${ours}`);
  hintAtHpy();
}

/** Warns, once, when the application registers its provider after
 * hpy-node's own exporters started. */
function watchForLateProvider(prometheus: PrometheusEndpoint | undefined): void {
  const timer = setInterval(() => {
    if (!applicationProvider()) return;
    clearInterval(timer);
    const where = prometheus ? ` and serves Prometheus on ${prometheus.host}:${prometheus.port}` : '';
    const clash = prometheus && /prometheus/i.test(process.env.OTEL_METRICS_EXPORTER ?? '')
      ? ` OTEL_METRICS_EXPORTER asks the application's SDK for Prometheus too: its exporter could not listen on port ${prometheus.port}, ` +
        'and its own metrics are missing (OpenTelemetry reports that only to its diag logger).'
      : '';
    say(
      `WARNING: the application registered its OpenTelemetry MeterProvider after hpy-node had started its own exporters${where}.${clash} ` +
        "To put hpy-node's metrics on the application's provider instead, start the SDK before hpy-node/register " +
        '(node --import ./instrumentation.mjs --import hpy-node/register app.mjs), or ' +
        "give NodeSDK new HpyInstrumentation() from hpy-node/otel among its instrumentations, without hpy-node/register.",
    );
  }, LATE_CHECK_MS);
  timer.unref();
}

/** Starts the pushes (OTLP, console) the environment asks for. `exiting`:
 * the application is already done (beforeExit), so they push their last
 * numbers right away. */
function startPushes(setup: Setup, exiting: boolean): Promise<ConfiguredExporters | undefined> {
  return startExportersOf(setup.config, ['otlp', 'console'], setup.producer, setup.resource).then(
    (running) => {
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
      if (pushes.length > 0) hintAtHpy();
      return running;
    },
    (err: Error) => {
      metricsOff(err);
      return undefined;
    },
  );
}

/** Joins the application's provider as soon as it is there. Otherwise the
 * endpoint starts at once, and the pushes when the application's startup
 * registered no provider within JOIN_WAIT_MS, or was done before that. */
function startWhenReady(): void {
  const already = applicationProvider();
  if (already) return void join(already).catch((err: Error) => metricsOff(err));
  let setup: Setup | Error;
  try {
    const config = readOtelConfig();
    setup = { config, producer: hpyMetricProducer(), resource: config.exporters.length > 0 ? otelResource() : undefined };
  } catch (err) {
    // Reported only if there is no provider to join, which does not need it.
    setup = err as Error;
  }
  const early = !(setup instanceof Error) && setup.config.prometheus ? startEndpoint(setup) : undefined;
  let decided = false;
  let exiting = false;
  const decide = (provider: MeterProvider | undefined): void => {
    if (decided) return;
    decided = true;
    clearInterval(poll);
    process.off('beforeExit', atExit);
    if (provider) return void join(provider, early).catch((err: Error) => metricsOff(err));
    if (setup instanceof Error) return metricsOff(setup);
    // At beforeExit the loop has nothing left to do: hold it while the
    // pushes start and their last push begins (which then holds the
    // process itself, for at most OTEL_METRIC_EXPORT_TIMEOUT).
    const hold = exiting ? setTimeout(() => {}, JOIN_WAIT_MS) : undefined;
    void Promise.all([early?.then(endpointOf), startPushes(setup, exiting)])
      .then(([endpoint, running]) => {
        if (endpoint || running?.otlp || running?.console) watchForLateProvider(endpoint);
      })
      .finally(() => clearTimeout(hold));
  };
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
  startWhenReady();
}
