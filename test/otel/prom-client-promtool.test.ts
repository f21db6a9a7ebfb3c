// The registry's text passes `promtool check metrics` (parse and lint),
// debug mode's families and a prefix included, next to an application
// metric; and so does the endpoint's, so the two are held to one standard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Registry } from 'prom-client';
import { registerHpyCollector } from '../../src/prom-client';
import type { DebugModuleStats } from '../../src/otel/producer';
import { endpointText, promtool } from './families';
import { fn, mod, snap } from './helpers';

const SNAPSHOT = snap([100, 1000], mod('snippets', [fn('ctx_Add', 450, [1, 2, 0]), fn('ctx_Long_FromInt64_t', 2500, [0, 1, 1], 3)]), mod('other', [fn('ctx_Add', 90, [1, 0, 0])]));
const DEBUG: DebugModuleStats[] = [{ name: 'snippets', path: '/ext/snippets.hpy.so', openHandles: 2, invalidUses: 1 }];
const options = { snapshot: () => SNAPSHOT, debug: () => DEBUG };

const skip = promtool('') === null ? 'promtool is not installed (https://prometheus.io/download/)' : false;

test('promtool check metrics: the registry, with and without a prefix, debug mode on and off', { skip }, async () => {
  for (const [prefix, debug] of [['', options.debug], ['shop_', options.debug], ['', () => []]] as const) {
    const registry = new Registry();
    new Counter({ name: 'app_requests_total', help: 'Requests served', registers: [registry] }).inc(4);
    registerHpyCollector(registry, { snapshot: options.snapshot, debug, prefix });
    const text = await registry.metrics();
    assert.match(text, /hpy_api_duration_bucket/);
    assert.deepEqual(promtool(text), { status: 0, output: '' }, `prefix ${JSON.stringify(prefix)}, ${debug().length} debug modules:\n${text}`);
  }
});

test('promtool check metrics: the endpoint, for comparison', { skip }, async () => {
  const text = await endpointText(options);
  assert.match(text, /hpy_debug_open_handles/);
  assert.deepEqual(promtool(text), { status: 0, output: '' });
});
