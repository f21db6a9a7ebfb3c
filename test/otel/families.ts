// Prometheus text exposition (0.0.4) read back into families, so two
// exporters' output can be compared by what Prometheus would store (names,
// help, types, label sets, values) rather than by line order, which differs
// (OpenTelemetry writes a histogram's _count first, prom-client last).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrometheusHandler, hpyMetricProducer, type HpyMetricProducerOptions } from '../../src/otel';
import { TEST_RESOURCE, close, get } from './helpers';

export interface Family {
  help?: string;
  type?: string;
  /** `name{label="value",...}` with labels sorted, to its value. */
  samples: Map<string, number>;
}

const SAMPLE = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Families by name; a sample belongs to the family of the last HELP or
 * TYPE line, as in the text format. */
export function families(text: string): Map<string, Family> {
  const out = new Map<string, Family>();
  let current: Family | undefined;
  const family = (name: string): Family => {
    let f = out.get(name);
    if (!f) out.set(name, (f = { samples: new Map() }));
    return (current = f);
  };
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const f = family(meta[2]);
      if (meta[1] === 'HELP') f.help = meta[3];
      else f.type = meta[3];
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m || !current) throw new Error(`not a sample line of a family: ${line}`);
    const labels = [...(m[2] ?? '').matchAll(LABEL)].map(([, k, v]) => `${k}="${v}"`).sort();
    current.samples.set(`${m[1]}{${labels.join(',')}}`, Number(m[3]));
  }
  return out;
}

/** Families whose name starts with `prefix`. */
export function only(all: Map<string, Family>, prefix: string): Map<string, Family> {
  return new Map([...all].filter(([name]) => name.startsWith(prefix)));
}

/** What the OpenTelemetry /metrics endpoint serves, from a producer with
 * these options (the native store and debug state by default). */
export async function endpointText(options?: HpyMetricProducerOptions): Promise<string> {
  const { handler, shutdown } = createPrometheusHandler({ producer: hpyMetricProducer(options), resource: TEST_RESOURCE });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return (await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`)).text;
  } finally {
    await close(server);
    await shutdown();
  }
}

/** `promtool check metrics` on `text`: its exit status and what it said
 * (lint problems go to stdout, parse errors to stderr); null when there is no
 * promtool on the PATH. */
export function promtool(text: string): { status: number | null; output: string } | null {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return null;
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
