// Debug mode in the OpenTelemetry bridge: open debug handles per module (a
// gauge) and invalid uses detected (a counter), read from the native state at
// collection time, and no hpy.debug series while no module is in debug mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { HpyMetricProducer } from '../../src/otel/producer';
import * as semconv from '../../src/otel/semconv';
import { makeModule } from '../support/make-module';

const SRC = `
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

async function debugPoints(producer: HpyMetricProducer, module: string) {
  const { resourceMetrics } = await producer.collect();
  const metrics = resourceMetrics.scopeMetrics[0].metrics;
  const find = (name: string) => metrics.find((m) => m.descriptor.name === name);
  const value = (name: string) => find(name)?.dataPoints.find((p) => p.attributes[semconv.ATTR_HPY_MODULE] === module)?.value as number | undefined;
  return { open: value(semconv.METRIC_HPY_DEBUG_OPEN_HANDLES), invalid: value(semconv.METRIC_HPY_DEBUG_INVALID_USES), gauge: find(semconv.METRIC_HPY_DEBUG_OPEN_HANDLES), counter: find(semconv.METRIC_HPY_DEBUG_INVALID_USES) };
}

test('no debug module, no hpy.debug series', async () => {
  const producer = new HpyMetricProducer({ debug: () => [] });
  const { gauge, counter } = await debugPoints(producer, 'x');
  assert.equal(gauge, undefined);
  assert.equal(counter, undefined);
});

test('open handles per module are a gauge, invalid uses a counter', async () => {
  const mod = makeModule(SRC, { mode: 'debug', name: 'metrics_debug' });
  const producer = new HpyMetricProducer();
  const before = await debugPoints(producer, 'metrics_debug');
  assert.equal(before.gauge?.dataPointType, DataPointType.GAUGE);
  assert.equal(before.counter?.dataPointType, DataPointType.SUM);
  mod.leak('a');
  mod.leak('b');
  assert.throws(() => mod.double_close(), /already closed/);
  const after = await debugPoints(producer, 'metrics_debug');
  assert.equal(after.open! - before.open!, 2);
  assert.equal(after.invalid! - before.invalid!, 1);
});

test('numbers that are not counts are a collection error, not a throw', async () => {
  const warnings: string[] = [];
  const producer = new HpyMetricProducer({ debug: () => [{ name: 'm', path: '/m', invalidUses: -1, openHandles: 0 }], warn: (w) => warnings.push(w), snapshot: () => ({ boundsNs: [1], modules: [] }) });
  const { gauge } = await debugPoints(producer, 'm');
  assert.equal(gauge, undefined);
  assert.equal(producer.collectionErrors, 1);
  assert.match(warnings[0], /the debug mode numbers could not be read: debug module "m": invalidUses=-1/);
});
