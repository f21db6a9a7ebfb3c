// registerHpyCollector's prefix: in front of every family and sample name
// (labels keep theirs), and a TypeError naming the problem when it would not
// make valid Prometheus metric names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { registerHpyCollector } from '../../src/prom-client';
import type { DebugModuleStats } from '../../src/otel/producer';
import { endpointText, families, only } from './families';
import { entry, fn, mod, snap, withEntries } from './helpers';

const SNAPSHOT = withEntries(snap([100, 1000], mod('snippets', [fn('ctx_Add', 450, [1, 2, 0])])), entry('snippets', 'add', 900, [0, 3, 0], [['ctx_Add', 3, 450]]));
const DEBUG: DebugModuleStats[] = [{ name: 'snippets', path: '/ext/snippets.hpy.so', openHandles: 2, invalidUses: 1 }];
const options = { snapshot: () => SNAPSHOT, debug: () => DEBUG };

test('the prefix is in front of every name: the endpoint families, renamed', async () => {
  const registry = new Registry();
  const registration = registerHpyCollector(registry, { ...options, prefix: 'shop_' });
  assert.deepEqual(registration.names, [
    'shop_hpy_api_calls_total',
    'shop_hpy_api_duration',
    'shop_hpy_extension_calls_total',
    'shop_hpy_extension_duration',
    'shop_hpy_extension_api_duration_total',
    'shop_hpy_debug_open_handles',
    'shop_hpy_debug_invalid_uses_total',
    'shop_hpy_otel_collection_errors_total',
  ]);
  const text = await registry.metrics();
  for (const line of text.split('\n').filter((l) => l !== '')) assert.match(line, /^(# (HELP|TYPE) )?shop_hpy_/);
  // Take the prefix off again: what is left is the endpoint's, exactly.
  const unprefixed = families(text.replace(/^(# (?:HELP|TYPE) )?shop_/gm, '$1'));
  assert.deepEqual(unprefixed, only(families(await endpointText(options)), 'hpy_'));
  assert.match(text, /^shop_hpy_api_duration_bucket\{hpy_function="ctx_Add",hpy_module="snippets",le="\+Inf"\} 3$/m);
  registration.unregister();
  assert.equal(await registry.metrics(), '\n');
});

test('an empty prefix is no prefix', () => {
  const registration = registerHpyCollector(new Registry(), { ...options, prefix: '' });
  assert.equal(registration.names[0], 'hpy_api_calls_total');
});

test('a prefix that would not make valid metric names is a TypeError saying why', () => {
  const cases: [unknown, RegExp][] = [
    ['9shop_', /prefix "9shop_" would not make valid metric names: a metric name cannot start with a digit/],
    ['shop-', /prefix "shop-" would not make valid metric names: "-" is not allowed in a metric name: use letters, digits and _/],
    ['shop.', /"\." is not allowed in a metric name/],
    ['café_', /"é" is not allowed in a metric name/],
    ['shop:', /":" is reserved for the names of recording rules: use _/],
    ['__shop', /names starting with "__" are reserved for Prometheus itself/],
    [7, /registerHpyCollector: prefix must be a string of letters, digits and _ that does not start with a digit or __, such as 'shop_', got 7/],
  ];
  for (const [prefix, message] of cases) {
    const registry = new Registry();
    assert.throws(() => registerHpyCollector(registry, { ...options, prefix: prefix as string }), { name: 'TypeError', message }, String(prefix));
    assert.equal(registry.getMetricsAsArray().length, 0, 'nothing registered');
  }
});
