// What holds between the call counter and the duration histogram: calls are
// counted when they start and enter the histogram when they finish, so
// `_count` <= calls, equal at rest. Here a collection runs while a traced
// call (an HPy_Call back into JavaScript) is still running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectionResult } from '@opentelemetry/sdk-metrics';
import { hpyMetricProducer } from '../../src/otel';
import { FastHistogramSerializer } from '../../src/otel/serializer';
import { makeModule } from '../support/make-module';
import { sample } from './helpers';

const CALL_BACK_SRC = `
HPyDef_METH(call_back, "call_back", HPyFunc_O)
static HPy call_back_impl(HPyContext *ctx, HPy self, HPy fn) {
    return HPy_Call(ctx, fn, NULL, 0, HPy_NULL);
}`;

const serializer = new FastHistogramSerializer(undefined, false, undefined, false, true);
const CALLS = 'hpy_api_calls_total{hpy_function="ctx_Call",hpy_module="count_in_flight"}';
const COUNT = 'hpy_api_duration_count{hpy_function="ctx_Call",hpy_module="count_in_flight"}';

async function text(collection: Promise<CollectionResult>): Promise<string> {
  return serializer.serialize((await collection).resourceMetrics);
}

test('_count is the calls minus the calls still running: less while one runs, equal at rest', async () => {
  const m = makeModule<{ call_back(fn: () => unknown): unknown }>(CALL_BACK_SRC, { mode: 'trace', name: 'count_in_flight' });
  const producer = hpyMetricProducer();
  for (let i = 0; i < 3; i++) m.call_back(() => i);

  // The producer reads the native store when collect() is called.
  let midCall: Promise<CollectionResult> | undefined;
  m.call_back(() => {
    midCall = producer.collect();
  });
  const during = await text(midCall!);
  assert.equal(sample(during, CALLS), 4, 'the running call is counted');
  assert.equal(sample(during, COUNT), 3, 'and not yet in the histogram');

  // Two levels deep: two calls running.
  m.call_back(() => m.call_back(() => (midCall = producer.collect())));
  const nested = await text(midCall!);
  assert.equal(sample(nested, CALLS) - sample(nested, COUNT), 2);

  const atRest = await text(producer.collect());
  assert.equal(sample(atRest, CALLS), 6);
  assert.equal(sample(atRest, COUNT), 6);
});
