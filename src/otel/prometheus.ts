// The Prometheus face: a scrape handler to mount in any HTTP server, and a
// small server of our own for it. Transport only; the numbers come from the
// producer, the text from OpenTelemetry's PrometheusSerializer.
//
// We serve the exporter's collection ourselves rather than through
// PrometheusExporter's own server because (1) it answers 200 with a comment
// when collection fails, which Prometheus takes as a healthy target with no
// series, (2) it treats port 0 as "unset" and listens on 9464, and (3) its
// listen error is a bare EADDRINUSE.
// Kept in the emitted .d.ts (preserve): its types name Node's, and a
// consumer's tsc may not load Node's types by itself (TypeScript 7's default).
/// <reference types="node" preserve="true" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requirePeer } from '../optional-peer';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { otelResource, readPrometheusConfig, type PrometheusConfig } from './config';
import { accepts, checkOptions, type Accepts } from '../args';
import { hpyMetricProducer } from './producer';
import { sharedCollection } from './shared-collection';
import { neverHoldTheProcess } from './unheld-server';

export interface PrometheusHandlerOptions {
  /** Source of the hpy.* metrics. @default hpyMetricProducer() */
  producer?: MetricProducer;
  /** Resource shown as `target_info`. @default otelResource() (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) */
  resource?: Resource;
  /** Keep the otel_scope_name/otel_scope_version labels on every series.
   * They are about 30% of the bytes and say only "hpy-node". @default false */
  withScopeInfo?: boolean;
}

export interface PrometheusHandler {
  /** Answers GET and HEAD with the metrics in Prometheus text format (503
   * if collection fails), any other method with 405; mount it at the path
   * you like. Scrapes that arrive together share one collection. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** The provider the scrape reads: its meters' instruments are served too. */
  meterProvider: MeterProvider;
  /** Stops reading; later requests answer 503. */
  shutdown(): Promise<void>;
}

export interface PrometheusExporterOptions extends PrometheusHandlerOptions, Partial<PrometheusConfig> {}

export interface PrometheusEndpoint extends PrometheusHandler {
  /** Where to scrape: `http://127.0.0.1:9464/metrics`, with the address
   * listened on (`0.0.0.0` for a host of `0`). */
  url: string;
  /** The address listened on, as the system reports it. */
  host: string;
  /** The port listened on (the one picked, when 0 was asked). */
  port: number;
  endpoint: string;
  server: Server;
}

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
/** The methods a scrape may use; anything else would run a collection on the
 * application's event loop for nothing. */
export const SCRAPE_METHODS = ['GET', 'HEAD'] as const;

const HANDLER_OPTIONS: { readonly [K in keyof PrometheusHandlerOptions]-?: Accepts } = {
  producer: accepts.metricProducer,
  resource: accepts.resource,
  withScopeInfo: accepts.boolean,
};

const EXPORTER_OPTIONS: { readonly [K in keyof PrometheusExporterOptions]-?: Accepts } = {
  ...HANDLER_OPTIONS,
  host: { what: 'a host name or address (a non-empty string)', test: accepts.nonEmptyString.test },
  port: accepts.integer(0, 65535),
  endpoint: { what: 'a path starting with "/", as in "/metrics"', test: (v) => typeof v === 'string' && v.startsWith('/') },
};

/** A scrape handler over a PrometheusExporter (a cumulative MetricReader) on
 * its own MeterProvider, for an HTTP server you already run. */
export function createPrometheusHandler(options?: PrometheusHandlerOptions): PrometheusHandler {
  return handlerFor(checkOptions<PrometheusHandlerOptions>('createPrometheusHandler', options, HANDLER_OPTIONS, '{ withScopeInfo: true }'));
}

function handlerFor(options: PrometheusHandlerOptions): PrometheusHandler {
  // An optional peer, needed only here; the serializer builds on it.
  const { PrometheusExporter } = requirePeer("hpy-node's Prometheus endpoint", '@opentelemetry/exporter-prometheus');
  const { scrapeSerializer } = require('./serializer') as typeof import('./serializer');
  const producer = options.producer ?? hpyMetricProducer();
  const exporter = new PrometheusExporter({ preventServerStart: true, metricProducers: [producer], withoutScopeInfo: !options.withScopeInfo });
  const serializer = scrapeSerializer(options.withScopeInfo);
  const meterProvider = new MeterProvider({ resource: options.resource ?? otelResource(), readers: [exporter] });
  const collectOnce = sharedCollection(async () => serializer.serialize((await exporter.collect()).resourceMetrics));
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (!(SCRAPE_METHODS as readonly string[]).includes(req.method ?? '')) {
      res.writeHead(405, { allow: SCRAPE_METHODS.join(', '), 'content-type': TEXT });
      res.end(`hpy-node: ${req.method} is not allowed on the metrics endpoint; scrape it with ${SCRAPE_METHODS.join(' or ')}\n`);
      return;
    }
    // Errors inside the result are modules the producer skipped: it already
    // reported them, and the rest is worth serving.
    collectOnce().then(
      (text) => {
        res.writeHead(200, { 'content-type': CONTENT_TYPE });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: Error) => {
        res.writeHead(503, { 'content-type': TEXT });
        res.end(`hpy-node: metrics collection failed: ${err.message}\n`);
      },
    );
  };
  let stopped: Promise<void> | undefined;
  return { handler, meterProvider, shutdown: () => (stopped ??= meterProvider.shutdown()) };
}

function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  const how = {
    EADDRINUSE: `the port is in use (another process, or another exporter in this one). Set OTEL_EXPORTER_PROMETHEUS_PORT (or pass { port }) to a free port, or 0 for any free port`,
    EACCES: `permission denied: ports below 1024 need privileges; use a port from 1024 up, such as the default 9464`,
    EADDRNOTAVAIL: `${host} is not an address of this machine; set OTEL_EXPORTER_PROMETHEUS_HOST to one (127.0.0.1, or 0.0.0.0 for all interfaces)`,
    ENOTFOUND: `the host name ${host} does not resolve; set OTEL_EXPORTER_PROMETHEUS_HOST to an address such as 127.0.0.1`,
  }[err.code ?? ''];
  return new Error(`hpy-node: cannot serve Prometheus metrics on ${where}: ${how ?? err.message}`, { cause: err });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** What each of our servers answers at its endpoint path. */
const routes = new WeakMap<Server, { handler: PrometheusHandler['handler']; stopOwn: () => Promise<void> }>();

/** Internal to hpy-node/register, which starts its endpoint before the
 * application's SDK and hands it over when the SDK's PrometheusExporter finds
 * the port taken: from now on `endpoint` answers its path with `handler`, and
 * its own collection stops. Its server (port, connections) stays as it is. */
export async function serveInstead(endpoint: PrometheusEndpoint, handler: PrometheusHandler['handler']): Promise<void> {
  const route = routes.get(endpoint.server);
  if (!route) throw new Error('hpy-node: serveInstead takes an endpoint from startPrometheusExporter');
  route.handler = handler;
  await route.stopOwn();
}

/** Serves the metrics at http://HOST:PORT/ENDPOINT, by default
 * OTEL_EXPORTER_PROMETHEUS_HOST (127.0.0.1) and OTEL_EXPORTER_PROMETHEUS_PORT
 * (9464), `/metrics`. Rejects with an Error naming host:port when it cannot
 * listen. Neither the server nor its connections keep the process alive
 * (a scrape being answered does, until it is answered). */
export async function startPrometheusExporter(options?: PrometheusExporterOptions): Promise<PrometheusEndpoint> {
  options = checkOptions<PrometheusExporterOptions>('startPrometheusExporter', options, EXPORTER_OPTIONS, "{ host: '127.0.0.1', port: 9464 }");
  const fromEnv = options.host === undefined || options.port === undefined ? readPrometheusConfig() : undefined;
  const host = options.host ?? fromEnv!.host;
  const port = options.port ?? fromEnv!.port;
  const endpoint = options.endpoint ?? '/metrics';
  const { producer, resource, withScopeInfo } = options;
  const scrape = handlerFor({ producer, resource, withScopeInfo });
  const route = { handler: scrape.handler, stopOwn: scrape.shutdown };
  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://host').pathname === endpoint) return route.handler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`not found: hpy-node serves metrics at ${endpoint}\n`);
  });
  routes.set(server, route);
  // Before listening, so that no connection comes before its listener. The
  // listen itself still completes: its address lookup holds the loop.
  neverHoldTheProcess(server);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await scrape.shutdown();
    throw listenError(err as NodeJS.ErrnoException, host, port);
  }
  // What was bound, not what was asked: "0" or "localhost" would make a URL
  // that names no address (http://0:9464) or hides which one.
  const { address, port: bound } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (stopped ??= new Promise<void>((resolve) => {
      // Prometheus keeps its connection open between scrapes: close them,
      // or close() would wait for the next scrape's keep-alive to time out.
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(() => scrape.shutdown()));
  return { ...scrape, shutdown, url: `http://${urlHost(address)}:${bound}${endpoint}`, host: address, port: bound, endpoint, server };
}
