// hpy-node/prom-client at par with the OpenTelemetry /metrics endpoint, on
// the real native store: for one quiescent process state, the registry holds
// the endpoint's families (names, help, types), label sets and values, in
// trace mode and, with debug mode's two metrics, in debug+trace mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { HPY_METRICS } from '../../src/otel/semconv';
import { prometheusFamilyName } from '../../src/prometheus-name';
import { registerHpyCollector } from '../../src/prom-client';
import { makeModule } from '../support/make-module';
import { endpointText, families, only, type Family } from './families';

const SRC = `
HPyDef_METH(leak, "leak", HPyFunc_O)
static HPy leak_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_Dup(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    return HPy_Add(ctx, args[0], args[1]);
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

const DEBUG_FAMILIES = HPY_METRICS.filter((m) => m.debugOnly).map((m) => prometheusFamilyName(m));

/** The hpy_ families of the endpoint and of a fresh registry, read one after
 * the other with no HPy call in between. */
async function both(): Promise<{ endpoint: Map<string, Family>; bridge: Map<string, Family> }> {
  const registry = new Registry();
  registerHpyCollector(registry);
  const endpoint = only(families(await endpointText()), 'hpy_');
  const bridge = only(families(await registry.metrics()), 'hpy_');
  return { endpoint, bridge };
}

/** Every endpoint family is in the registry, equal in help, type, label
 * sets and values; the registry's other families have no samples (prom-client
 * writes HELP and TYPE for a registered metric even when it has none). */
function assertSameFamilies(endpoint: Map<string, Family>, bridge: Map<string, Family>): void {
  for (const [name, family] of endpoint) assert.deepEqual(bridge.get(name), family, `family ${name}`);
  for (const [name, family] of bridge) if (!endpoint.has(name)) assert.equal(family.samples.size, 0, `${name} has samples the endpoint does not show`);
}

test('trace mode: the endpoint families, label sets and values; the debug families empty', async () => {
  const mod = makeModule(SRC, { mode: 'trace', name: 'prom_parity_trace' });
  for (let i = 0; i < 5; i++) mod.add(i, 2);
  mod.leak('x');
  const { endpoint, bridge } = await both();
  assert.ok(endpoint.get('hpy_api_calls_total')?.samples.has('hpy_api_calls_total{hpy_function="ctx_Add",hpy_module="prom_parity_trace"}'), 'the endpoint shows the traced calls');
  assertSameFamilies(endpoint, bridge);
  for (const name of DEBUG_FAMILIES) {
    assert.equal(endpoint.has(name), false, `${name}: no module is in debug mode`);
    assert.equal(bridge.get(name)?.type, name === 'hpy_debug_open_handles' ? 'gauge' : 'counter');
  }
});

test('debug+trace mode: the same, debug mode\'s gauge and counter included', async () => {
  const mod = makeModule(SRC, { mode: 'debug+trace', name: 'prom_parity_debug' });
  mod.add(1, 2);
  mod.leak('a');
  mod.leak('b');
  assert.throws(() => mod.double_close(), /already closed/);
  const { endpoint, bridge } = await both();
  assert.deepEqual([...bridge.keys()].sort(), [...endpoint.keys()].sort(), 'the same families');
  assertSameFamilies(endpoint, bridge);
  const open = bridge.get('hpy_debug_open_handles')!.samples.get('hpy_debug_open_handles{hpy_module="prom_parity_debug"}');
  const invalid = bridge.get('hpy_debug_invalid_uses_total')!.samples.get('hpy_debug_invalid_uses_total{hpy_module="prom_parity_debug"}');
  assert.ok(open !== undefined && open >= 2, `open handles ${open}`);
  assert.equal(invalid, 1);
  assert.equal(bridge.get('hpy_debug_open_handles')!.type, 'gauge');
  assert.equal(bridge.get('hpy_debug_invalid_uses_total')!.type, 'counter');
});
