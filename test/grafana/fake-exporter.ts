// A stand-in for hpy-node's /metrics endpoint, serving what OpenTelemetry's
// Prometheus exporter writes for hpy.api.calls and hpy.api.duration:
// counters and consistent histograms (count = +Inf bucket, sum matching the
// buckets) for a few (module, function) pairs, and hpy.extension.* per
// (module, entry) pairs, growing on every scrape.
import { createServer, Server } from 'node:http';

/** 1-2-5 from 10 ns to 10 s, as the native store buckets durations. */
export const BOUNDS: number[] = [];
for (let e = -8; e <= 0; e++) for (const m of [1, 2, 5]) BOUNDS.push(Number(`${m}e${e}`));
BOUNDS.push(10);

interface Profile {
  module: string;
  fn: string;
  /** Calls per scrape by bucket upper bound (seconds). */
  perScrape: Map<number, number>;
}

export const PROFILES: Profile[] = [
  { module: 'snippets', fn: 'ctx_Add', perScrape: new Map([[5e-8, 600], [1e-7, 350], [1e-6, 50]]) },
  { module: 'snippets', fn: 'ctx_Long_FromInt64_t', perScrape: new Map([[2e-8, 300], [5e-8, 100]]) },
  { module: 'workload', fn: 'ctx_Add', perScrape: new Map([[1e-7, 80], [2e-7, 20]]) },
  { module: 'workload', fn: 'ctx_Unicode_FromString', perScrape: new Map([[1e-6, 40], [2e-6, 9], [1e-4, 1]]) },
];

interface EntryProfile {
  module: string;
  entry: string;
  /** Calls per scrape by bucket upper bound (seconds). */
  perScrape: Map<number, number>;
  /** The part of an entry's time inside the HPy API. */
  apiShare: number;
}

export const ENTRY_PROFILES: EntryProfile[] = [
  { module: 'snippets', entry: 'snippets.add', perScrape: new Map([[1e-6, 300], [2e-6, 20]]), apiShare: 0.6 },
  { module: 'snippets', entry: 'snippets.Point.nb_add', perScrape: new Map([[5e-7, 90], [1e-5, 2]]), apiShare: 0.35 },
  { module: 'workload', entry: 'workload.encode', perScrape: new Map([[5e-5, 30], [1e-3, 1]]), apiShare: 0.8 },
];

interface State {
  calls: number;
  sum: number;
  /** Non-cumulative counts per bound; the last slot is +Inf. */
  buckets: number[];
}

export class FakeExporter {
  private readonly server: Server;
  private readonly state: State[] = PROFILES.map(() => ({ calls: 0, sum: 0, buckets: new Array<number>(BOUNDS.length + 1).fill(0) }));
  private readonly entryState: State[] = ENTRY_PROFILES.map(() => ({ calls: 0, sum: 0, buckets: new Array<number>(BOUNDS.length + 1).fill(0) }));
  /** Every calls value served, per `module/fn`: a scrape's value must be one of these. */
  readonly served = new Map<string, number[]>();
  scrapes = 0;

  constructor() {
    this.server = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end('not found\n');
        return;
      }
      this.advance();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(this.render());
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    return `127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private advance(): void {
    this.scrapes++;
    PROFILES.forEach((p, i) => {
      const s = this.state[i];
      for (const [bound, n] of p.perScrape) {
        s.buckets[BOUNDS.indexOf(bound)] += n;
        s.calls += n;
        s.sum += n * bound * 0.7; // a duration inside the bucket
      }
      const key = `${p.module}/${p.fn}`;
      this.served.set(key, [...(this.served.get(key) ?? []), s.calls]);
    });
    ENTRY_PROFILES.forEach((p, i) => {
      const s = this.entryState[i];
      for (const [bound, n] of p.perScrape) {
        s.buckets[BOUNDS.indexOf(bound)] += n;
        s.calls += n;
        s.sum += n * bound * 0.7;
      }
    });
  }

  /** A histogram's _count, _sum and cumulative _bucket lines. */
  private static histogram(name: string, labels: string, s: State): string[] {
    const lines = [`${name}_count{${labels}} ${s.calls}`, `${name}_sum{${labels}} ${s.sum}`];
    let cumulative = 0;
    BOUNDS.forEach((b, j) => {
      cumulative += s.buckets[j];
      lines.push(`${name}_bucket{${labels},le="${b}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{${labels},le="+Inf"} ${cumulative + s.buckets[BOUNDS.length]}`);
    return lines;
  }

  private render(): string {
    const scope = 'otel_scope_name="hpy-node",otel_scope_version="0.1.0"';
    const lines = [
      '# HELP target_info Target metadata',
      '# TYPE target_info gauge',
      'target_info{service_name="hpy-node-fake",telemetry_sdk_language="nodejs",telemetry_sdk_name="opentelemetry",telemetry_sdk_version="2.2.0"} 1',
      '# HELP hpy_api_calls_total Calls of HPy API functions',
      '# TYPE hpy_api_calls_total counter',
    ];
    const labels = (p: Profile) => `${scope},hpy_function="${p.fn}",hpy_module="${p.module}"`;
    PROFILES.forEach((p, i) => lines.push(`hpy_api_calls_total{${labels(p)}} ${this.state[i].calls}`));
    lines.push('# HELP hpy_api_duration Duration of HPy API calls', '# TYPE hpy_api_duration histogram');
    PROFILES.forEach((p, i) => lines.push(...FakeExporter.histogram('hpy_api_duration', labels(p), this.state[i])));
    const entryLabels = (p: EntryProfile) => `${scope},hpy_entry="${p.entry}",hpy_module="${p.module}"`;
    lines.push('# HELP hpy_extension_calls_total Calls into an extension C function', '# TYPE hpy_extension_calls_total counter');
    ENTRY_PROFILES.forEach((p, i) => lines.push(`hpy_extension_calls_total{${entryLabels(p)}} ${this.entryState[i].calls}`));
    lines.push('# HELP hpy_extension_duration Inclusive duration of calls into an extension C function', '# TYPE hpy_extension_duration histogram');
    ENTRY_PROFILES.forEach((p, i) => lines.push(...FakeExporter.histogram('hpy_extension_duration', entryLabels(p), this.entryState[i])));
    lines.push('# HELP hpy_extension_api_duration_total Time extension C functions spent inside HPy API calls', '# TYPE hpy_extension_api_duration_total counter');
    ENTRY_PROFILES.forEach((p, i) => lines.push(`hpy_extension_api_duration_total{${entryLabels(p)}} ${this.entryState[i].sum * p.apiShare}`));
    lines.push(
      '# HELP hpy_otel_collection_errors_total Failed reads of the native store',
      '# TYPE hpy_otel_collection_errors_total counter',
      `hpy_otel_collection_errors_total{${scope}} 0`,
      '# HELP hpy_debug_open_handles Debug handles a module in debug mode holds open',
      '# TYPE hpy_debug_open_handles gauge',
      `hpy_debug_open_handles{${scope},hpy_module="workload"} ${this.state.length}`,
      '# HELP hpy_debug_invalid_uses_total Invalid uses debug mode detected',
      '# TYPE hpy_debug_invalid_uses_total counter',
      `hpy_debug_invalid_uses_total{${scope},hpy_module="workload"} ${this.state[0].calls}`,
    );
    return `${lines.join('\n')}\n`;
  }
}
