// Figure 8: the application's own throughput while 4 clients scrape /metrics
// as fast as they can (issue 9). The application is the main thread running
// traced C loops in chunks on the event loop (setImmediate between chunks,
// so scrapes are served in between, as in a server); the scrapers run in
// another process (bench/scrapers.mjs) so that only the serving lands here.
//
// Three modes, interleaved: no scrapers; "per request" (before: a handler
// built here the way createPrometheusHandler was before issue 9, one
// collection and serialization per request); "shared" (createPrometheusHandler
// now: scrapes that come together share one collection). The store is a
// synthetic 10 functions x 1 module (bench/synthetic-store.ts), a small
// application's: with figure 6's larger shapes a scrape takes 15-60 ms and 4
// clients scraping flat out leave the application almost nothing either way.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { native } from '../../src/native';
import { createPrometheusHandler } from '../../src/otel/prometheus';
import { HpyMetricProducer } from '../../src/otel/producer';
import { scrapeSerializer } from '../../src/otel/serializer';
import { BENCH_DIR, BenchContext, Figure, FigureResult, LoopsModule, fmt, median, nowNs, target } from '../lib';
import { syntheticRaw, withRaw } from '../synthetic-store';

const SCRAPERS = 4;
/** Iterations of loop_add per chunk of application work (2 context calls each): about 0.5 ms traced. */
const CHUNK = 8000;

type Handler = { handler: (req: IncomingMessage, res: ServerResponse) => void; shutdown(): Promise<void> };
type Mode = 'none' | 'perRequest' | 'shared';

/** The scrape handler before issue 9: every request collects and serializes. */
function perRequestHandler(): Handler {
  const exporter = new PrometheusExporter({ preventServerStart: true, metricProducers: [new HpyMetricProducer()], withoutScopeInfo: true });
  const serializer = scrapeSerializer();
  const provider = new MeterProvider({ readers: [exporter] });
  return {
    handler: (_req, res) => {
      exporter.collect().then(({ resourceMetrics }) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(serializer.serialize(resourceMetrics));
      });
    },
    shutdown: () => provider.shutdown(),
  };
}

/** Context calls per second of the application over `ms`. */
function appThroughput(app: LoopsModule, ms: number): Promise<number> {
  return new Promise((resolve) => {
    const t0 = nowNs();
    const end = t0 + ms * 1e6;
    let chunks = 0;
    const step = (): void => {
      app.loop_add(CHUNK, 1, 2);
      chunks++;
      const now = nowNs();
      if (now < end) setImmediate(step);
      else resolve((chunks * CHUNK * 2) / ((now - t0) / 1e9));
    };
    setImmediate(step);
  });
}

/** Starts the scrapers against `url`; resolves once each has had an answer. */
function startScrapers(url: string): Promise<{ stop(): Promise<number> }> {
  const child = spawn(process.execPath, [join(BENCH_DIR, 'scrapers.mjs'), url, String(SCRAPERS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    const onData = (d: string): void => {
      out += d;
      if (!out.startsWith('started\n')) return;
      child.stdout.off('data', onData);
      resolve({
        stop: () =>
          new Promise<number>((done, fail) => {
            let rest = '';
            child.stdout.on('data', (x: string) => (rest += x));
            child.on('close', (code) => (code === 0 ? done(Number(rest.trim())) : fail(new Error(`bench: scrapers exited with ${code}`))));
            child.stdin.end();
          }),
      });
    };
    child.stdout.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`bench: scrapers exited with ${code} before starting`)));
  });
}

/** One measurement: the application's throughput over `ms` in `mode`, and the scrapes answered meanwhile. */
async function measure(app: LoopsModule, mode: Mode, ms: number): Promise<{ callsPerSec: number; scrapesPerSec: number }> {
  if (mode === 'none') return { callsPerSec: await appThroughput(app, ms), scrapesPerSec: 0 };
  const scrape: Handler = mode === 'shared' ? createPrometheusHandler() : perRequestHandler();
  const server = createServer((req, res) => scrape.handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const scrapers = await startScrapers(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    const t0 = nowNs();
    const callsPerSec = await appThroughput(app, ms);
    const seconds = (nowNs() - t0) / 1e9;
    const answers = await scrapers.stop();
    return { callsPerSec, scrapesPerSec: answers / seconds };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await scrape.shutdown();
  }
}

export const figure8: Figure = {
  id: 8,
  title: `Scrape load: application throughput while ${SCRAPERS} clients scrape as fast as they can`,
  async run(ctx: BenchContext): Promise<FigureResult> {
    const ms = ctx.config.scrapeLoadMs;
    const rounds = Math.min(ctx.config.runs, 3);
    const modes: Mode[] = ['none', 'perRequest', 'shared'];
    const samples: Record<Mode, Array<{ callsPerSec: number; scrapesPerSec: number }>> = { none: [], perRequest: [], shared: [] };
    const raw = syntheticRaw(10, 1, 1000, native.traceSnapshotRaw().boundsNs);
    await withRaw(raw, async () => {
      for (let r = 0; r < rounds; r++) {
        for (let j = 0; j < modes.length; j++) {
          const mode = modes[(r + j) % modes.length];
          samples[mode].push(await measure(ctx.trace, mode, ms));
        }
      }
    });
    const calls = (m: Mode): number => median(samples[m].map((s) => s.callsPerSec));
    const scrapes = (m: Mode): number => median(samples[m].map((s) => s.scrapesPerSec));
    const share = (m: Mode): number => (100 * calls(m)) / calls('none');
    const millions = (x: number): string => fmt(x / 1e6, 1);
    return {
      id: 8,
      title: this.title,
      rows: [
        { label: 'no scrapers', value: millions(calls('none')), unit: 'M calls/s', note: 'traced context calls of the application' },
        {
          label: 'per-request collection (before)',
          value: millions(calls('perRequest')),
          unit: 'M calls/s',
          note: `${fmt(share('perRequest'), 0)}% of no scrapers; ${fmt(scrapes('perRequest'), 0)} scrapes/s answered`,
        },
        {
          label: 'shared collection (now)',
          value: millions(calls('shared')),
          unit: 'M calls/s',
          note: `${fmt(share('shared'), 0)}% of no scrapers; ${fmt(scrapes('shared'), 0)} scrapes/s answered`,
        },
      ],
      targets: [target(`application keeps more of its throughput with shared collection than per request (x)`, calls('shared') / calls('perRequest'), 'min', 1)],
      notes: [
        `${rounds} rounds of ${ms} ms per mode, interleaved; medians. Store: synthetic 10 functions x 1 module. "Before" is a handler built in the figure that collects per request, as createPrometheusHandler did before issue 9.`,
      ],
      raw: { ms, rounds, scrapers: SCRAPERS, chunk: CHUNK, samples },
    };
  },
};
