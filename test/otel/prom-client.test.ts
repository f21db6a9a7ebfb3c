// hpy-node/prom-client with the real prom-client: the same series as the
// OpenTelemetry Prometheus endpoint, in the application's Registry, read at
// scrape time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Registry, type OpenMetricsContentType } from 'prom-client';
import { registerHpyCollector } from '../../src/prom-client';
import { endpointText } from './families';
import { entry, fn, mod, samples, snap, withEntries } from './helpers';

const SNAPSHOT = withEntries(
  snap([100, 1000], mod('snippets', [fn('ctx_Add', 450, [1, 2, 0]), fn('ctx_Long_FromInt64_t', 2500, [0, 1, 1], 3)]), mod('other', [fn('ctx_Add', 90, [1, 0, 0])])),
  entry('snippets', 'add', 1800, [0, 2, 1], [['ctx_Add', 3, 450]]),
  entry('snippets', 'long', 5000, [0, 0, 2], [['ctx_Long_FromInt64_t', 3, 2500]], 3),
  entry('other', 'add', 150, [0, 1, 0], [['ctx_Add', 1, 90]]),
);
const NAMES = [
  'hpy_api_calls_total',
  'hpy_api_duration',
  'hpy_extension_calls_total',
  'hpy_extension_duration',
  'hpy_extension_api_duration_total',
  'hpy_debug_open_handles',
  'hpy_debug_invalid_uses_total',
  'hpy_otel_collection_errors_total',
];

/** The OpenTelemetry endpoint's text for a snapshot (SNAPSHOT by default). */
const otelText = (snapshot = () => SNAPSHOT): Promise<string> => endpointText({ snapshot });

test('the registry serves the same samples as the OpenTelemetry endpoint, next to the application metrics', async () => {
  const registry = new Registry();
  new Counter({ name: 'app_requests_total', help: 'requests', registers: [registry] }).inc(4);
  const registration = registerHpyCollector(registry, { snapshot: () => SNAPSHOT });
  assert.deepEqual(registration.names, NAMES);
  const text = await registry.metrics();
  const hpy = (t: string) => samples(t).filter((l) => l.startsWith('hpy_')).sort();
  assert.deepEqual(hpy(text), hpy(await otelText()));
  assert.match(text, /^app_requests_total 4$/m);
  assert.match(text, /^# TYPE hpy_api_duration histogram$/m);
  assert.match(text, /^# TYPE hpy_api_calls_total counter$/m);
  assert.match(text, /^hpy_api_duration_bucket\{hpy_function="ctx_Add",hpy_module="snippets",le="\+Inf"\} 3$/m);
  // Calls still running: 3 calls, 2 finished.
  assert.match(text, /^hpy_api_calls_total\{hpy_function="ctx_Long_FromInt64_t",hpy_module="snippets"\} 3$/m);
  assert.match(text, /^hpy_api_duration_count\{hpy_function="ctx_Long_FromInt64_t",hpy_module="snippets"\} 2$/m);
  assert.match(text, /^# TYPE hpy_extension_duration histogram$/m);
  assert.match(text, /^hpy_extension_calls_total\{hpy_entry="snippets.long",hpy_module="snippets"\} 3$/m);
  assert.match(text, /^hpy_extension_duration_count\{hpy_entry="snippets.long",hpy_module="snippets"\} 2$/m);
  assert.match(text, /^hpy_extension_duration_bucket\{hpy_entry="snippets.add",hpy_module="snippets",le="0.000001"\} 2$/m);
  assert.match(text, /^hpy_extension_api_duration_total\{hpy_entry="snippets.add",hpy_module="snippets"\} 4.5e-7$/m);
});

test('read at scrape time: each scrape reads the store once, and sees what it holds now', async () => {
  const registry = new Registry();
  let reads = 0;
  let calls = 1;
  registerHpyCollector(registry, {
    snapshot: () => {
      reads++;
      return snap([100], mod('snippets', [fn('ctx_Add', 10 * calls, [calls, 0])]));
    },
  });
  assert.equal(reads, 0, 'nothing is read before a scrape');
  assert.match(await registry.metrics(), /^hpy_api_calls_total\{[^}]*\} 1$/m);
  assert.equal(reads, 1, 'five metrics, one read');
  calls = 7;
  assert.match(await registry.metrics(), /^hpy_api_calls_total\{[^}]*\} 7$/m);
  assert.equal(reads, 2);
});

test("default labels, OpenMetrics and JSON: prom-client's own formats apply", async () => {
  // prom-client's types declare no constructor argument; the class takes the content type.
  const OpenMetricsRegistry = Registry as unknown as new (type: string) => Registry<OpenMetricsContentType>;
  const open = new OpenMetricsRegistry(Registry.OPENMETRICS_CONTENT_TYPE);
  open.setDefaultLabels({ app: 'shop' });
  registerHpyCollector(open, { snapshot: () => SNAPSHOT, debug: () => [{ name: 'snippets', path: '/ext/snippets.hpy.so', openHandles: 2, invalidUses: 1 }] });
  const text = await open.metrics();
  assert.match(text, /^# TYPE hpy_debug_invalid_uses counter$/m);
  assert.match(text, /^hpy_debug_invalid_uses_total\{hpy_module="snippets",app="shop"\} 1$/m);
  assert.match(text, /^hpy_debug_open_handles\{hpy_module="snippets",app="shop"\} 2$/m);
  assert.match(text, /^# TYPE hpy_api_calls counter$/m);
  assert.match(text, /^hpy_api_calls_total\{hpy_function="ctx_Add",hpy_module="other",app="shop"\} 1$/m);
  assert.match(text, /^hpy_otel_collection_errors_total\{app="shop"\} 0$/m);
  assert.match(text, /# EOF\n$/);
  const json = await open.getMetricsAsJSON();
  assert.deepEqual(json.map((m) => m.name).sort(), NAMES.map((n) => n.replace(/_total$/, '')).sort());
});

test('unregister takes the series off; a second registration is refused; a bad registry is named', async () => {
  const registry = new Registry();
  const first = registerHpyCollector(registry, { snapshot: () => SNAPSHOT });
  assert.throws(() => registerHpyCollector(registry), new RegExp(`already has ${NAMES.join(', ')}; call unregister\\(\\)`));
  first.unregister();
  assert.equal(await registry.metrics(), '\n');
  registerHpyCollector(registry, { snapshot: () => SNAPSHOT }).unregister();
  assert.throws(() => registerHpyCollector({} as Registry), { name: 'TypeError', message: /registry must be a prom-client Registry/ });
});

test("without a registry, prom-client's default register", async () => {
  const { register } = await import('prom-client');
  const registration = registerHpyCollector(undefined, { snapshot: () => SNAPSHOT });
  try {
    assert.match(await register.metrics(), /^hpy_api_calls_total\{hpy_function="ctx_Add",hpy_module="snippets"\} 3$/m);
  } finally {
    registration.unregister();
  }
});

test('a store that cannot be read: the error counter rises, the scrape still answers', async () => {
  const registry = new Registry();
  const warnings: string[] = [];
  registerHpyCollector(registry, {
    snapshot: () => {
      throw new Error('store gone');
    },
    warn: (m) => warnings.push(m),
  });
  const text = await registry.metrics();
  assert.match(text, /^hpy_otel_collection_errors_total 1$/m);
  assert.doesNotMatch(text, /^hpy_api_calls_total\{/m);
  assert.match(warnings[0], /store gone/);
});
