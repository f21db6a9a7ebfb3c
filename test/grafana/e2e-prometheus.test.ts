// End to end with the real parts: a traced extension under load (and one in
// debug mode), hpy-node's /metrics endpoint, a real Prometheus scraping it,
// and every query of the Grafana dashboard run through Prometheus' HTTP API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { load } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';
import { startPrometheusExporter } from '../../src/otel/index';
import { panelQueries } from '../../grafana/src/dashboard';
import { startPrometheus, Prometheus } from '../support/prometheus';
import { runDashboardQueries } from '../support/dashboard-queries';
import { TMP_DIR, makeModule } from '../support/make-module';

interface Workload {
  add(a: number, b: number): number;
  sum_list(items: number[]): number;
  make_record(name: string, value: number): unknown;
  shout(text: string): string;
  apply(fn: (x: number) => number, x: number): number;
}

const DEBUG_SRC = `
HPyDef_METH(leak, "leak", HPyFunc_O)
static HPy leak_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_Dup(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(double_close, "double_close", HPyFunc_NOARGS)
static HPy double_close_impl(HPyContext *ctx, HPy self)
{
    HPy a = HPyLong_FromLong(ctx, 1);
    HPy_Close(ctx, a);
    HPy_Close(ctx, a);
    return HPy_Dup(ctx, ctx->h_None);
}
`;

describe('a real Prometheus scraping a traced workload', () => {
  let prom: Prometheus | undefined;
  let exporter: Awaited<ReturnType<typeof startPrometheusExporter>> | undefined;
  let countsAtEnd: Record<string, number> = {};

  before(async () => {
    const so = buildExtension(resolve(__dirname, '..', '..', 'examples', 'workload.c'), { output: join(TMP_DIR, 'workload.hpy.so') });
    const w = load(so, { mode: 'trace' }) as unknown as Workload;
    // A module in debug mode that leaks a handle per call and misuses one
    // now and then, so the dashboard's debug row has data to show.
    const dbg = makeModule(DEBUG_SRC, { mode: 'debug', name: 'e2e_debug' });
    exporter = await startPrometheusExporter({ host: '127.0.0.1', port: 0 });
    prom = await startPrometheus({ target: `127.0.0.1:${exporter.port}`, job: 'hpy-e2e', scrapeInterval: '1s' });
    let i = 0;
    const loadTimer = setInterval(() => {
      for (let k = 0; k < 50; k++, i++) {
        w.add(i, 1);
        w.sum_list([1, 2, 3, i]);
        w.make_record('r', i);
        w.shout('hi');
        w.apply((x) => x + 1, i);
      }
      dbg.leak(i);
      try {
        dbg.double_close();
      } catch {
        // the invalid use this module exists to make
      }
    }, 5);
    try {
      await prom.waitForScrape({ scrapes: 4, timeoutMs: 30_000 });
    } finally {
      clearInterval(loadTimer);
    }
    countsAtEnd = get_call_counts({ module: 'workload' });
    // Then Prometheus must hold the final counts: a scrape that began after
    // the last call. Counted, not timed: a scrape not stored yet when
    // `stored` is read began at most one timeout (<= the interval) before,
    // so the second scrape stored after it began after this point.
    const stored = await prom.scrapeCount();
    await prom.waitForScrape({ scrapes: stored + 2, window: '1h', timeoutMs: 30_000 });
  });

  after(async () => {
    await prom?.stop();
    await exporter?.shutdown();
  });

  test('hpy_api_calls_total equals get_call_counts() for every used function', async () => {
    const r = await prom!.query('hpy_api_calls_total{job="hpy-e2e",hpy_module="workload"}');
    const scraped = new Map(r.series.map((s) => [s.metric.hpy_function, Number(s.values.at(-1)![1])]));
    const used = Object.entries(countsAtEnd).filter(([, n]) => n > 0);
    assert.ok(used.length >= 10, `the workload uses ${used.length} functions`);
    for (const [name, n] of used) assert.equal(scraped.get(name), n, name);
    assert.equal(scraped.size, used.length, 'no series for unused functions');
  });

  test('the histogram count of each function equals its call count', async () => {
    const r = await prom!.query('hpy_api_duration_count{job="hpy-e2e",hpy_module="workload"}');
    for (const s of r.series) assert.equal(Number(s.values.at(-1)![1]), countsAtEnd[s.metric.hpy_function as keyof typeof countsAtEnd], s.metric.hpy_function);
  });

  test('every panel query of the dashboard returns data', async () => {
    const results = await runDashboardQueries(prom!, { substitutions: { job: 'hpy-e2e' } });
    assert.equal(results.length, panelQueries().length);
    for (const r of results) {
      assert.ok(r.result.series.length > 0, `panel "${r.panel}" ${r.refId} returned no series: ${r.sent}`);
      assert.ok(r.finiteSamples > 0, `panel "${r.panel}" ${r.refId} returned only NaN/Inf: ${r.sent}`);
    }
  });
});
