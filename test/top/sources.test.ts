// What top computes from its sources, on exact inputs: the exposition's
// samples, the per-entry series the endpoint is to export, and the rates and
// per-call numbers between two snapshots; and what a narrow frame keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExposition } from '../../src/top/exposition';
import { ENTRY_SERIES, snapshotFromExposition } from '../../src/top/url-source';
import { entryLines, functionLines } from '../../src/top/rates';
import { renderFrame } from '../../src/top/render';
import type { Snapshot } from '../../src/top/snapshot';

test('the exposition parser reads labels with escapes, timestamps and special values, and names the line it cannot read', () => {
  const series = parseExposition(
    [
      '# HELP a_total help text',
      '# TYPE a_total counter',
      'a_total{x="1",path="C:\\\\DIR",msg="say \\"hi\\"\\n"} 3 1700000000000',
      'b_bucket{le="+Inf"} +Inf',
      'c 1.5e-9',
      '',
    ].join('\n'),
  );
  assert.deepEqual(series, [
    { name: 'a_total', labels: { x: '1', path: 'C:\\DIR', msg: 'say "hi"\n' }, value: 3 },
    { name: 'b_bucket', labels: { le: '+Inf' }, value: Infinity },
    { name: 'c', labels: {}, value: 1.5e-9 },
  ]);
  assert.throws(() => parseExposition('ok 1\n{x="1"} 2'), /line 2 is not a Prometheus sample \(no metric name\)/);
  assert.throws(() => parseExposition('a{x="1" 2'), /line 1 is not a Prometheus sample \(unclosed labels\)/);
  assert.throws(() => parseExposition('a{x="1"} abc'), /line 1 is not a Prometheus sample \(no value\)/);
});

test('a scrape with per-function series only: functions, no entries; with hpy_extension_* series: entries too, with their API time', () => {
  const functionsOnly = [
    'hpy_api_calls_total{hpy_function="ctx_New",hpy_module="vector"} 40',
    'hpy_api_duration_sum{hpy_function="ctx_New",hpy_module="vector"} 0.000002',
    'hpy_api_duration_count{hpy_function="ctx_New",hpy_module="vector"} 40',
    'hpy_otel_collection_errors_total 0',
  ].join('\n');
  const s = snapshotFromExposition(functionsOnly, 5);
  assert.deepEqual(s, { atMs: 5, entries: undefined, functions: [{ module: 'vector', function: 'ctx_New', calls: 40, ns: 2000 }] });
  assert.deepEqual(ENTRY_SERIES, {
    calls: 'hpy_extension_calls_total',
    durationSum: 'hpy_extension_duration_sum',
    apiDuration: 'hpy_extension_api_duration_total',
    entryLabel: 'hpy_entry',
  });
  const withEntries = `${functionsOnly}
hpy_extension_calls_total{hpy_entry="vector.Vec.nb_add",hpy_module="vector"} 20
hpy_extension_duration_sum{hpy_entry="vector.Vec.nb_add",hpy_module="vector"} 0.00001
`;
  assert.deepEqual(snapshotFromExposition(withEntries, 5).entries, [{ module: 'vector', entry: 'vector.Vec.nb_add', calls: 20, total_ns: 10000, functions: {} }]);
  // With the API time: the entry view's API share between two scrapes.
  const api = (calls: number, total: number, apiS: number) => `${functionsOnly}
hpy_extension_calls_total{hpy_entry="vector.Vec.nb_add",hpy_module="vector"} ${calls}
hpy_extension_duration_sum{hpy_entry="vector.Vec.nb_add",hpy_module="vector"} ${total}
hpy_extension_api_duration_total{hpy_entry="vector.Vec.nb_add",hpy_module="vector"} ${apiS}
`;
  const first = snapshotFromExposition(api(20, 0.00001, 0.000004), 1000);
  assert.equal(first.entries?.[0].api_ns, 4000);
  const [line] = entryLines(first, snapshotFromExposition(api(40, 0.00003, 0.000014), 2000))!;
  assert.ok(Math.abs((line.apiShare ?? NaN) - 0.5) < 1e-9, `API share ${line.apiShare}`);
  assert.throws(() => snapshotFromExposition('up 1\n', 0, 'http://x/metrics'), /http:\/\/x\/metrics has no hpy-node metrics/);
});

const snap = (atMs: number, calls: number, totalNs: number, apiNs: number, newCalls: number): Snapshot => ({
  atMs,
  entries: [{ module: 'm', entry: 'm.T.nb_add', calls, total_ns: totalNs, api_ns: apiNs, functions: { ctx_New: { calls: newCalls, ns: apiNs } } }],
  functions: [{ module: 'm', function: 'ctx_New', calls: newCalls, ns: apiNs }],
});

test('rates are over the interval between two snapshots; means and per-call numbers too', () => {
  const a = snap(1000, 100, 100_000, 40_000, 100);
  const b = snap(3000, 300, 500_000, 240_000, 500);
  const [e] = entryLines(a, b)!;
  assert.equal(e.calls, 300);
  assert.equal(e.callsPerS, 100); // 200 calls in 2 s
  assert.equal(e.meanNs, 2000); // 400 µs over 200 calls
  assert.equal(e.nsPerS, 200_000);
  assert.equal(e.apiShare, 0.5);
  assert.deepEqual(e.top, [{ function: 'ctx_New', perCall: 2 }]); // 400 ctx_New in 200 calls
  const [f] = functionLines(a, b);
  assert.deepEqual(f, { function: 'ctx_New', module: 'm', calls: 500, callsPerS: 200, meanNs: 500, nsPerS: 100_000, timeShare: 1 });
  // Without an earlier snapshot: no rates, means since the start.
  const [first] = entryLines(undefined, b)!;
  assert.equal(first.callsPerS, undefined);
  assert.equal(first.meanNs, 500_000 / 300);
  // An interval without calls: the rate is 0, the mean is the cumulative one.
  const [idle] = entryLines(b, { ...b, atMs: 4000 })!;
  assert.equal(idle.callsPerS, 0);
  assert.equal(idle.meanNs, 500_000 / 300);
});

test('a narrow terminal cuts the source at the end of the header, never the view, the sort or the time', () => {
  const source = `${'/a/long/path/to/node'.repeat(8)} app.js`;
  const [header] = renderFrame({ source, view: 'entries', sort: 'time', entries: [], functions: [], status: [], atMs: Date.UTC(2026, 0, 1, 12, 34, 56), keys: true, width: 80 });
  assert.equal(header.length, 80);
  assert.match(header, /^hpy-node top {2}entries, by time\/s {2}\d\d:\d\d:\d\d {2}\/a\/long\/path/);
  assert.ok(header.endsWith('…'), header);
});
