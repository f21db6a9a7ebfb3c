// A real Prometheus (Debian's package, 2.42) for tests: started on loopback
// with its own temporary config and data folder, scraping one target every
// second, queried through its HTTP API, and stopped by its pid.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

export interface PrometheusOptions {
  /** `host:port` to scrape. */
  target: string;
  /** Default `/metrics`. */
  metricsPath?: string;
  /** Scrape job name; default `hpy-node-test`. */
  job?: string;
  /** Default `1s`: short, so rate() has points a few seconds after start. */
  scrapeInterval?: string;
  /** How long to wait for /-/ready; default 10 s. */
  readyTimeoutMs?: number;
}

/** One series of a query answer: labels and (time, value) points, values as Prometheus sends them. */
export interface Series {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface QueryResult {
  resultType: 'matrix' | 'vector' | 'scalar' | 'string';
  series: Series[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Prometheus {
  private stopped = false;
  private readonly exited: Promise<void>;

  constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly job: string,
    private readonly dir: string,
    private readonly log: () => string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  private async api(path: string, params: Record<string, string>): Promise<unknown> {
    const res = await fetch(`${this.url}${path}?${new URLSearchParams(params)}`);
    const body = (await res.json()) as { status: string; data?: unknown; error?: string; errorType?: string };
    if (body.status !== 'success') {
      throw new Error(`Prometheus ${path} failed (${res.status} ${body.errorType ?? ''}): ${body.error ?? 'no error text'}; params ${JSON.stringify(params)}`);
    }
    return body.data;
  }

  /** Normalizes vector, matrix and scalar answers to a list of series. */
  private static toResult(data: unknown): QueryResult {
    const d = data as { resultType: QueryResult['resultType']; result: unknown };
    if (d.resultType === 'matrix') return { resultType: d.resultType, series: d.result as Series[] };
    if (d.resultType === 'vector') {
      const v = d.result as { metric: Record<string, string>; value: [number, string] }[];
      return { resultType: d.resultType, series: v.map((s) => ({ metric: s.metric, values: [s.value] })) };
    }
    return { resultType: d.resultType, series: [{ metric: {}, values: [d.result as [number, string]] }] };
  }

  /** Instant query at `time` (seconds since epoch; default now). */
  async query(expr: string, time?: number): Promise<QueryResult> {
    return Prometheus.toResult(await this.api('/api/v1/query', { query: expr, ...(time !== undefined ? { time: String(time) } : {}) }));
  }

  /** Range query from `start` to `end` (seconds since epoch) every `step` seconds. */
  async queryRange(expr: string, start: number, end: number, step = 1): Promise<QueryResult> {
    return Prometheus.toResult(await this.api('/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) }));
  }

  /** Values of one label over the series matching `match` (what a Grafana label_values variable lists). */
  async labelValues(label: string, match: string): Promise<string[]> {
    return (await this.api(`/api/v1/label/${encodeURIComponent(label)}/values`, { 'match[]': match })) as string[];
  }

  /**
   * Waits until the target has been scraped successfully at least `scrapes`
   * times and has delivered samples: then rate() over a few scrape intervals
   * has two points to work with.
   */
  async waitForScrape(options: { scrapes?: number; timeoutMs?: number; window?: string } = {}): Promise<void> {
    const scrapes = options.scrapes ?? 2;
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    const job = `job="${this.job}"`;
    const expr = `count_over_time(up{${job}}[${options.window ?? '1m'}]) >= ${scrapes} and on() (min(up{${job}}) == 1) and on() (min(scrape_samples_scraped{${job}}) > 0)`;
    let last = '';
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`Prometheus (pid ${this.pid}) exited while waiting for a scrape:\n${this.log()}`);
      const r = await this.query(expr);
      if (r.series.length > 0) return;
      const up = await this.query(`up{${job}}`);
      last = up.series.length ? `up=${up.series[0].values[0][1]}` : 'no scrape yet';
      await sleep(250);
    }
    const targets = await this.api('/api/v1/targets', {}).catch((e: Error) => e.message);
    throw new Error(`no ${scrapes} successful scrapes of job ${this.job} within the timeout (${last}); targets: ${JSON.stringify(targets)}`);
  }

  /** Scrapes of the target Prometheus has stored so far (in its first hour):
   * with waitForScrape({ window: '1h' }), a wait for scrapes that began
   * after some moment, counted rather than timed. */
  async scrapeCount(): Promise<number> {
    const r = await this.query(`count_over_time(up{job="${this.job}"}[1h])`);
    return r.series.length ? Number(r.series[0].values[0][1]) : 0;
  }

  /** Kills the server by its pid (SIGTERM, then SIGKILL after 5 s) and removes its config and data. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      process.kill(this.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (this.child.exitCode === null) process.kill(this.pid, 'SIGKILL');
      }, 5_000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts Prometheus and resolves once /-/ready answers 200. */
export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  if (!existsSync(PROMETHEUS_BIN)) {
    throw new Error(`Prometheus binary not found at ${PROMETHEUS_BIN}: install it: apt-get install prometheus (or set PROMETHEUS_BIN)`);
  }
  const job = options.job ?? 'hpy-node-test';
  const interval = options.scrapeInterval ?? '1s';
  const dir = mkdtempSync(join(tmpdir(), 'hpy-prometheus-'));
  // JSON is YAML, so the config needs no YAML writer and no quoting rules.
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    JSON.stringify({
      global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
      scrape_configs: [{ job_name: job, metrics_path: options.metricsPath ?? '/metrics', static_configs: [{ targets: [options.target] }] }],
    }),
  );

  // The port is free when probed but could be taken before Prometheus binds it: retry.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const child = spawn(
      PROMETHEUS_BIN,
      [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, `data-${attempt}`)}`, `--web.listen-address=${address}`, '--log.level=warn'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8_000);
    });
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const prom = new Prometheus(child, `http://${address}`, job, dir, () => stderr);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
    let ready = false;
    while (Date.now() < deadline && child.exitCode === null) {
      const failed = await Promise.race([spawnError, sleep(50).then(() => undefined)]);
      if (failed) throw new Error(`could not run ${PROMETHEUS_BIN}: ${failed.message}`);
      ready = await fetch(`${prom.url}/-/ready`).then((r) => r.ok, () => false);
      if (ready) return prom;
    }
    const exited = child.exitCode !== null;
    if (!exited) {
      // Kill only this attempt's process; the folder is shared with the retries.
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    }
    lastError = new Error(`Prometheus on ${address} ${exited ? `exited with code ${child.exitCode}` : 'was not ready in time'}:\n${stderr}`);
    if (!/address already in use/.test(stderr)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
