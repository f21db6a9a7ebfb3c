// `npm start`: the example workload in trace mode under a steady load,
// /metrics for Prometheus, and a live table of the top functions, until
// Ctrl-C. Options: --duration SECONDS (stop by itself), --port N, --host H,
// --interval SECONDS (table refresh).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { load } from '../load';
import { get_summary } from '../trace/index';
import { startPrometheusExporter } from '../otel/index';
import { buildExtension } from '../cli/build';
import { needsBuild } from '../cli/stale';
import { renderTable } from './table';

interface Workload {
  add(a: number, b: number): number;
  sum_list(items: number[]): number;
  make_record(name: string, value: number): Record<string, unknown>;
  shout(text: string): string;
  apply(fn: (x: number) => number, x: number): number;
}

const ROOT = resolve(__dirname, '..', '..');

function workloadModule(): Workload {
  const so = resolve(ROOT, 'build', 'workload.hpy.so');
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      port: { type: 'string', default: process.env.OTEL_EXPORTER_PROMETHEUS_PORT ?? '9464' },
      host: { type: 'string', default: process.env.OTEL_EXPORTER_PROMETHEUS_HOST ?? '127.0.0.1' },
      interval: { type: 'string', default: '3' },
    },
  });
  const w = workloadModule();
  let endpoint: string;
  try {
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
  const print = () => {
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    process.stdout.write(`\nhpy-node demo: ${i.toLocaleString('en-US')} batches in ${secs} s; metrics at ${endpoint}; Ctrl-C to stop\n`);
    process.stdout.write(`${renderTable(get_summary())}\n`);
  };
  const table = setInterval(print, Number(values.interval) * 1000);
  const stop = () => {
    clearInterval(load);
    clearInterval(table);
    print();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (values.duration !== undefined) setTimeout(stop, Number(values.duration) * 1000);
}

main().catch((err: Error) => {
  process.stderr.write(`hpy-node demo: ${err.message}\n`);
  process.exit(1);
});
