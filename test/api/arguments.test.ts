// Every public function checks its arguments: a wrong one is a TypeError
// that names the function, the parameter and what it accepts, never what
// the first property access happened to throw ("Cannot read properties of
// null", "raw.trim is not a function").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import * as index from '../../src/index';
import * as trace from '../../src/trace/index';
import * as otel from '../../src/otel/index';
import * as promClient from '../../src/prom-client';
import { describe as describeValue } from '../../src/args';

const ENTRY_POINTS = { 'hpy-node': index, 'hpy-node/trace': trace, 'hpy-node/otel': otel, 'hpy-node/prom-client': promClient } as Record<string, Record<string, unknown>>;
const LEAKS = /Cannot read propert|is not a function|is not iterable|Cannot destructure|undefined \(reading/;

/** Runs `call`, sync or async, and returns what it threw (undefined if nothing). */
async function thrown(call: () => unknown): Promise<Error | undefined> {
  try {
    await call();
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

const isClass = (f: unknown): boolean => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));

test('every exported function, given null first, either accepts it or names itself and its parameter', async () => {
  let checked = 0;
  for (const [entry, exports] of Object.entries(ENTRY_POINTS)) {
    for (const [name, fn] of Object.entries(exports)) {
      if (typeof fn !== 'function' || isClass(fn)) continue;
      checked++;
      const err = await thrown(() => (fn as (a: unknown) => unknown)(null));
      if (!err) continue; // null is a value it takes (set_trace_functions(null) clears on_enter)
      assert.equal(err.name, 'TypeError', `${entry} ${name}(null): ${err.message}`);
      assert.doesNotMatch(err.message, LEAKS, `${entry} ${name}(null)`);
      assert.match(err.message, new RegExp(`^${fn.name}: \\w+ must be .*, got null$`), `${entry} ${name}(null)`);
    }
  }
  assert.ok(checked >= 23, `${checked} functions checked`);
  trace.set_trace_functions(null, null);
});

const provider = () => new MeterProvider({ readers: [new (class extends MetricReader { protected async onShutdown() {} protected async onForceFlush() {} })()] });

const CASES: Array<[string, () => unknown, string | RegExp]> = [
  ['load(path, null)', () => index.load('/no/such/ext.hpy.so', null as never), "load: options must be an object such as { mode: 'trace' }, or omitted, got null"],
  ['load(path, { mdoe })', () => index.load('/no/such/ext.hpy.so', { mdoe: 'trace' } as never), 'load: unknown option "mdoe" in options; the options are mode'],
  ['load(path, { mode: "fast" })', () => index.load('/no/such/ext.hpy.so', { mode: 'fast' as never }), 'load: mode must be one of universal, debug, trace, debug+trace or a list of modes that combine ([\'debug\', \'trace\']), got "fast"'],
  ['load("")', () => index.load(''), 'load: path must be the path of an HPy shared object (a non-empty string or a file: URL), got ""'],
  ['moduleNameOf(7)', () => index.moduleNameOf(7 as never), 'moduleNameOf: file must be a string, got 7'],
  ['new ContextVar(1)', () => new index.ContextVar(1 as never), 'ContextVar: name must be a string, got 1'],
  ['namedtuple("P", 5)', () => index.namedtuple('P', 5 as never), 'namedtuple: fieldNames must be a string of names ("x, y") or an iterable of strings, got 5'],
  ['namedtuple("P", "x", { rename: 1 })', () => index.namedtuple('P', 'x', { rename: 1 as never }), 'namedtuple: rename must be true or false, got 1'],
  ['new Code("1", 5)', () => new index.Code('1', 5 as never), 'Code: filename must be a string, got 5'],
  ['code.run(globals, 5)', () => new index.Code('1').run({}, 5 as never), 'Code.run: locals must be a dict (a plain object or a Map), the same object as globals, or undefined, got 5'],
  ['parseHpyEnv(["trace"])', () => index.parseHpyEnv(['trace'] as never), 'parseHpyEnv: value must be the value of HPY (a string) or undefined, got an array'],
  ['get_call_counts("snippets")', () => trace.get_call_counts('snippets' as never), `get_call_counts: query must be an object such as { module: 'snippets' }, or omitted, got "snippets"`],
  ['get_durations({ module: 42 })', () => trace.get_durations({ module: 42 as never }), 'get_durations: module must be a module name, a path, or an object returned by load(), got 42'],
  ['set_trace_functions({ onEnter })', () => trace.set_trace_functions({ onEnter: () => {} } as never), 'set_trace_functions: unknown option "onEnter" in hooks; the options are on_enter or on_exit'],
  ['set_trace_functions(f, 42)', () => trace.set_trace_functions(() => {}, 42 as never), 'set_trace_functions: on_exit must be a function, null (to clear it) or omitted (to keep it), got 42'],
  ['get_summary({ byModule: "yes" })', () => trace.get_summary({ byModule: 'yes' as never }), 'get_summary: byModule must be true or false, got "yes"'],
  ['bucketQuantile(2, ...)', () => trace.bucketQuantile(2, [10], [1, 0]), 'bucketQuantile: q must be a number from 0 to 1, got 2'],
  ['bucketQuantile(.5, [10], [1])', () => trace.bucketQuantile(0.5, [10], [1]), 'bucketQuantile: buckets must be an array of 2 counts (one per bound, and +Inf), got an array'],
  ['hpyMetricProducer({ snapshot: 1 })', () => otel.hpyMetricProducer({ snapshot: 1 as never }), 'hpyMetricProducer: snapshot must be a function, got 1'],
  ['new HpyMetricProducer(null)', () => new otel.HpyMetricProducer(null as never), /^HpyMetricProducer: options must be an object such as .*, or omitted, got null$/],
  ['new HpyInstrumentation({ enabled: 1 })', () => new otel.HpyInstrumentation({ enabled: 1 as never }), 'HpyInstrumentation: enabled must be true or false, got 1'],
  ['registerHpyMetrics(provider, null)', () => otel.registerHpyMetrics(provider(), null as never), /^registerHpyMetrics: options must be an object such as .*, or omitted, got null$/],
  ['createPrometheusHandler({ producer: {} })', () => otel.createPrometheusHandler({ producer: {} as never }), 'createPrometheusHandler: producer must be a MetricProducer (an object with collect(), such as hpyMetricProducer()), got an object'],
  ['createPrometheusHandler({ resource: {} })', () => otel.createPrometheusHandler({ resource: { 'service.name': 'x' } as never }), /^createPrometheusHandler: resource must be an OpenTelemetry Resource/],
  ['startPrometheusExporter({ port: "9464" })', () => otel.startPrometheusExporter({ port: '9464' as never }), 'startPrometheusExporter: port must be a whole number from 0 to 65535, got "9464"'],
  ['startPrometheusExporter({ endpoint: "metrics" })', () => otel.startPrometheusExporter({ port: 0, endpoint: 'metrics' }), 'startPrometheusExporter: endpoint must be a path starting with "/", as in "/metrics", got "metrics"'],
  ['startOtlpExporter({ url })', () => otel.startOtlpExporter({ url: 'collector:4318' }), 'startOtlpExporter: url must be an http:// or https:// URL, got "collector:4318"'],
  ['startOtlpExporter({ intervalMillis: 0 })', () => otel.startOtlpExporter({ intervalMillis: 0 }), 'startOtlpExporter: intervalMillis must be a whole number of ms from 1 to 2147483647, got 0'],
  ['startOtlpExporter({ headers })', () => otel.startOtlpExporter({ headers: { 'x-n': 1 } as never }), 'startOtlpExporter: headers must be an object of header names and string values, got an object'],
  ['startConfiguredExporters({ producer: 1 })', () => otel.startConfiguredExporters({ producer: 1 as never }), /^startConfiguredExporters: producer must be a MetricProducer/],
  ['readOtelConfig({ OTEL_METRICS_EXPORTER: 1 })', () => otel.readOtelConfig({ OTEL_METRICS_EXPORTER: 1 } as never), /^readOtelConfig: env must be an environment such as process.env/],
  ['parseExporters(123)', () => otel.parseExporters(123 as never), 'parseExporters: raw must be the value of OTEL_METRICS_EXPORTER (a string) or undefined, got 123'],
];

for (const [what, call, message] of CASES) {
  test(`${what} is a TypeError naming the parameter`, async () => {
    const err = await thrown(call);
    assert.ok(err, `${what} did not throw`);
    assert.equal(err.name, 'TypeError', err.message);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
  });
}

test('values are described in messages by kind, strings quoted and cut', () => {
  assert.deepEqual(
    [null, undefined, 'x', 3, true, 5n, [], {}, new Map(), () => {}, Symbol('s')].map(describeValue),
    ['null', 'undefined', '"x"', '3', 'true', '5n', 'an array', 'an object', 'a Map', 'a function', 'a symbol'],
  );
  assert.equal(describeValue('y'.repeat(100)), JSON.stringify(`${'y'.repeat(60)}...`));
});
