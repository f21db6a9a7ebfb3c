// `npm start`: the example workload in trace mode under a steady load,
// /metrics for Prometheus, and a live table of the top functions, until
// Ctrl-C. `npm start -- --help` lists the options.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { load } from '../load';
import { get_summary } from '../trace/index';
import { buildExtension } from '../cli/build';
import { PROMETHEUS_PEERS, requirePeers } from '../optional-peer';
import { needsBuild } from '../cli/stale';
import { renderTable } from './table';
import { Screen } from './screen';
import { demoBuildDir } from './build-dir';

interface Workload {
  add(a: number, b: number): number;
  sum_list(items: number[]): number;
  make_record(name: string, value: number): Record<string, unknown>;
  shout(text: string): string;
  apply(fn: (x: number) => number, x: number): number;
}

const ROOT = resolve(__dirname, '..', '..');

function workloadModule(): Workload {
  const so = join(demoBuildDir(), 'workload.hpy.so');
  const source = resolve(ROOT, 'examples', 'workload.c');
  if (needsBuild(so, [source])) buildExtension(source, { output: so });
  return load(so, { mode: 'trace' }) as unknown as Workload;
}

function batch(w: Workload, i: number): void {
  const items = Array.from({ length: 20 }, (_, k) => k + i);
  w.sum_list(items);
  w.add(i, 1);
  w.make_record(`item${i}`, i);
  w.shout('hello hpy');
  w.apply((x) => x * 2, i);
}

const USAGE = `usage: npm start -- [options]      (in an installed package: node node_modules/hpy-node/dist/demo/main.js)

Runs the example extension examples/workload.c in trace mode under a steady
load, serves its metrics for Prometheus and shows the top functions by time
spent (redrawn in place on a terminal, appended otherwise), until Ctrl-C.

options:
  --duration SECONDS   stop by itself after this long
  --interval SECONDS   how often the table is refreshed (default 3)
  --port N             the /metrics port (default $OTEL_EXPORTER_PROMETHEUS_PORT, else 9464; 0: any free port)
  --host H             the /metrics host (default $OTEL_EXPORTER_PROMETHEUS_HOST, else 127.0.0.1)
  -h, --help           this help`;

function usageError(message: string): never {
  process.stderr.write(`hpy-node demo: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function seconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) usageError(`--${name} needs a positive number of seconds, got ${JSON.stringify(value)}`);
  return n;
}

function options() {
  try {
    return parseArgs({
      options: {
        help: { type: 'boolean', short: 'h' },
        duration: { type: 'string' },
        port: { type: 'string', default: process.env.OTEL_EXPORTER_PROMETHEUS_PORT ?? '9464' },
        host: { type: 'string', default: process.env.OTEL_EXPORTER_PROMETHEUS_HOST ?? '127.0.0.1' },
        interval: { type: 'string', default: '3' },
      },
    }).values;
  } catch (err) {
    usageError((err as Error).message);
  }
}

async function main(): Promise<void> {
  const values = options();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const duration = seconds('duration', values.duration);
  const interval = seconds('interval', values.interval) as number;
  if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) usageError(`--port needs a port number (0-65535), got ${JSON.stringify(values.port)}`);
  const w = workloadModule();
  let endpoint: string;
  try {
    // Required here: the OpenTelemetry SDK is an optional peer of hpy-node,
    // and without it the demo still runs, and says what /metrics needs.
    requirePeers("the demo's /metrics", PROMETHEUS_PEERS);
    const { startPrometheusExporter } = require('../otel/index') as typeof import('../otel/index');
    const exporter = await startPrometheusExporter({ host: values.host, port: Number(values.port) });
    endpoint = exporter.url;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nThe demo runs on without /metrics.\n`);
    endpoint = '(not serving)';
  }
  const started = Date.now();
  let i = 0;
  // A steady load that leaves the event loop free for scrapes.
  const load = setInterval(() => {
    for (let k = 0; k < 200; k++) batch(w, i++);
  }, 10);
  const screen = new Screen(process.stdout);
  const print = () => {
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    screen.show(`hpy-node demo: ${i.toLocaleString('en-US')} batches in ${secs} s; metrics at ${endpoint}; Ctrl-C to stop\n${renderTable(get_summary())}`);
  };
  const table = setInterval(print, interval * 1000);
  const stop = () => {
    clearInterval(load);
    clearInterval(table);
    print();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (duration !== undefined) setTimeout(stop, duration * 1000);
}

main().catch((err: Error) => {
  process.stderr.write(`hpy-node demo: ${err.message}\n`);
  process.exit(1);
});
