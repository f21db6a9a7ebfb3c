import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DASHBOARD_PATH } from '../../grafana/build';
import { dashboard, panelQueries } from '../../grafana/src/dashboard';
import { Dashboard, Panel, QueryVariable } from '../../grafana/src/model';
import { startPrometheus, Prometheus } from '../support/prometheus';
import { runDashboardQueries, runVariableQueries } from '../support/dashboard-queries';
import { ENTRY_PROFILES, FakeExporter, PROFILES } from './fake-exporter';

const committed = (): Dashboard => JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;
const panels = (d: Dashboard): Panel[] => d.panels.filter((p): p is Panel => p.type !== 'row');

test('the committed dashboard JSON is what grafana/src generates', () => {
  assert.deepEqual(committed(), dashboard(), 'grafana/hpy-node-dashboard.json is stale: run `npx tsx grafana/build.ts`');
});

describe('dashboard lint', () => {
  const d = committed();

  test('keeps its fixed uid, so links and provisioning survive re-imports', () => {
    assert.equal(d.uid, 'hpy-node-api');
  });

  test('asks for a Prometheus datasource at import and offers it as a variable', () => {
    assert.deepEqual(
      d.__inputs.map((i) => [i.name, i.type, i.pluginId]),
      [['DS_PROMETHEUS', 'datasource', 'prometheus']],
    );
    const ds = d.templating.list.find((v) => v.type === 'datasource');
    assert.ok(ds, 'no datasource variable');
    assert.equal(ds.name, 'datasource');
    assert.equal(ds.query, 'prometheus');
    assert.equal(ds.current.value, '${DS_PROMETHEUS}', 'the variable defaults to the import input');
  });

  test('has multi-select job, instance, module and function variables with All', () => {
    const vars = d.templating.list.filter((v): v is QueryVariable => v.type === 'query');
    assert.deepEqual(vars.map((v) => v.name), ['job', 'instance', 'module', 'function']);
    for (const v of vars) {
      assert.ok(v.multi && v.includeAll, `${v.name}: multi-select with All`);
      assert.equal(v.datasource.uid, '${datasource}', `${v.name}: queries the datasource variable`);
    }
  });

  for (const p of panels(d)) {
    test(`panel "${p.title}" has a unit, a description and the datasource variable`, () => {
      assert.ok(p.fieldConfig.defaults.unit, 'unit');
      assert.ok(p.description.length >= 40, 'a description that says something');
      assert.equal(p.datasource.uid, '${datasource}');
      for (const t of p.targets) assert.equal(t.datasource.uid, '${datasource}', `target ${t.refId}`);
      assert.ok(p.targets.length > 0, 'at least one query');
    });
  }

  test('every query is filtered by job and instance, and rates use $__rate_interval', () => {
    for (const q of panelQueries(d)) {
      const where = `panel "${q.panel}" ${q.refId}: ${q.expr}`;
      assert.match(q.expr, /job=~"\$job", instance=~"\$instance"/, where);
      const ranges = [...q.expr.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
      // rate, irate, increase: function( metric{...}[range] ); anything else with a range is unexpected.
      const windowed = [...q.expr.matchAll(/\b(\w+)\(\w+\{[^}]*\}\[([^\]]+)\]\)/g)].map((m) => [m[1], m[2]]);
      assert.equal(windowed.length, ranges.length, `every range selector sits in a known function: ${where}`);
      for (const [fn, range] of windowed) {
        if (fn === 'increase' && q.instant) assert.equal(range, '$__range', `instant totals cover the time range: ${where}`);
        else {
          assert.ok(['rate', 'irate', 'increase'].includes(fn), `${fn}: ${where}`);
          assert.equal(range, '$__rate_interval', where);
        }
      }
    }
  });

  test('has the panels the spec asks for', () => {
    const ps = panels(d);
    const exprs = panelQueries(d).map((q) => q.expr).join('\n');
    assert.ok(ps.some((p) => p.type === 'heatmap' && p.targets[0].format === 'heatmap'), 'a heatmap of the buckets');
    const tbl = ps.find((p) => p.type === 'table');
    assert.ok(tbl && tbl.targets.every((t) => t.instant) && tbl.transformations?.[0].id === 'merge', 'a table of instant queries merged');
    assert.match(exprs, /topk\(/);
    assert.match(exprs, /histogram_quantile\(0\.5,/);
    assert.match(exprs, /histogram_quantile\(0\.99,/);
    assert.match(exprs, /sum by \(hpy_module\)/);
    assert.match(exprs, /hpy_extension_api_duration_total\{[^}]*\}\[\$__rate_interval\]\)\) \/ sum by \(hpy_module, hpy_entry\) \(rate\(hpy_extension_duration_sum/, 'API share per entry');
  });

  test('the "Extension functions" row: top entries by time, API share, calls per second, a table per entry', () => {
    const row = d.panels.find((p) => p.type === 'row' && p.title === 'Extension functions');
    assert.ok(row, 'no "Extension functions" row');
    const after = d.panels.slice(d.panels.indexOf(row) + 1);
    const mine = after.slice(0, after.findIndex((p) => p.type === 'row'));
    assert.deepEqual(
      mine.map((p) => (p as Panel).title),
      ['Top 10 extension functions by time', 'API share per extension function', 'Top 10 extension functions by calls per second', 'Mean duration per call, per extension function', 'Extension functions used'],
    );
    for (const p of mine as Panel[]) for (const t of p.targets) assert.match(t.expr, /hpy_extension_/, p.title);
  });

  test('panel ids and titles are unique and panels fit the 24-column grid', () => {
    const ids = d.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    const titles = panels(d).map((p) => p.title);
    assert.equal(new Set(titles).size, titles.length, 'query results are reported by panel title');
    for (const p of d.panels) assert.ok(p.gridPos.x + p.gridPos.w <= 24, p.title);
  });
});

describe('every panel query returns data from a real Prometheus', () => {
  let exporter: FakeExporter;
  let prom: Prometheus | undefined;
  let target: string;

  before(async () => {
    exporter = new FakeExporter();
    target = await exporter.listen();
    prom = await startPrometheus({ target, job: 'hpy-fake' });
    await prom.waitForScrape({ scrapes: 3, timeoutMs: 20_000 });
  });

  after(async () => {
    await prom?.stop();
    await exporter?.close();
  });

  test('with every variable on All', async () => {
    const results = await runDashboardQueries(prom!);
    assert.equal(results.length, panelQueries().length);
    for (const r of results) {
      assert.ok(r.result.series.length > 0, `panel "${r.panel}" ${r.refId} returned no series: ${r.sent}`);
      assert.ok(r.finiteSamples > 0, `panel "${r.panel}" ${r.refId} returned only NaN/Inf: ${r.sent}`);
    }
  });

  test('with job, instance, module and function narrowed', async () => {
    const results = await runDashboardQueries(prom!, { substitutions: { job: 'hpy-fake', instance: target, module: 'workload', function: 'ctx_Unicode_FromString' } });
    for (const r of results) {
      assert.ok(r.finiteSamples > 0, `panel "${r.panel}" ${r.refId}: ${r.sent}`);
      for (const s of r.result.series) {
        if ('hpy_module' in s.metric) assert.equal(s.metric.hpy_module, 'workload', r.panel);
        if ('hpy_function' in s.metric) assert.equal(s.metric.hpy_function, 'ctx_Unicode_FromString', r.panel);
      }
    }
  });

  test('the variable drop-downs list what the exporter serves', async () => {
    const vars = Object.fromEntries((await runVariableQueries(prom!)).map((v) => [v.name, v.values]));
    assert.deepEqual(vars.job, ['hpy-fake']);
    assert.deepEqual(vars.instance, [target]);
    assert.deepEqual(vars.module, ['snippets', 'workload']);
    assert.deepEqual(vars.function, [...new Set(PROFILES.map((p) => p.fn))].sort());
  });

  test('the "Extension functions" table has a row per entry the exporter serves, with every column', async () => {
    const results = (await runDashboardQueries(prom!)).filter((r) => r.panel === 'Extension functions used');
    assert.equal(results.length, 5);
    for (const r of results) {
      const entries = r.result.series.map((s) => s.metric.hpy_entry).sort();
      assert.deepEqual(entries, ENTRY_PROFILES.map((p) => p.entry).sort(), `${r.refId}: ${r.sent}`);
    }
    // Column D, the API share: the exporter's share, whatever the range's extrapolation.
    const share = results[3].result.series.map((s) => [s.metric.hpy_entry, Number(s.values.at(-1)![1]).toFixed(2)]).sort();
    assert.deepEqual(share, ENTRY_PROFILES.map((p) => [p.entry, p.apiShare.toFixed(2)]).sort());
  });

  test('the stored call counter is a value the exporter served', async () => {
    const r = await prom!.query('hpy_api_calls_total{hpy_module="snippets", hpy_function="ctx_Add"}');
    assert.equal(r.series.length, 1);
    assert.ok(exporter.served.get('snippets/ctx_Add')!.includes(Number(r.series[0].values[0][1])));
  });
});
