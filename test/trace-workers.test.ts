import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildModule } from './support/make-module';
import { load } from '../src/index';
import { get_call_counts } from '../src/trace/index';

const SRC = `
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_Add(ctx, args[0], args[1]);
}`;

function runWorker(path: string, calls: number): Promise<{ sum: number; seen: number }> {
  return new Promise((resolve, reject) => {
    // Workers start from JavaScript: register tsx, then run the TypeScript body.
    const body = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'fixtures', 'trace-worker.ts'))});`;
    const w = new Worker(body, { eval: true, workerData: { path, calls } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

test('4 workers calling one traced module at once: counts are exact and summed in every thread', async () => {
  const path = buildModule(SRC, { mode: 'trace', name: 'trace_workers' });
  const main = load(path, { mode: 'trace' }) as unknown as { f(a: number, b: number): number };
  const calls = 20000;
  const before = get_call_counts({ module: 'trace_workers' }).ctx_Add;
  const results = await Promise.all([1, 2, 3, 4].map(() => runWorker(path, calls)));
  for (const r of results) {
    assert.equal(r.sum, (calls * (calls - 1)) / 2 + calls, 'each worker computes with its own module instance');
    assert.ok(r.seen >= before + calls, 'a worker sees at least its own calls in get_call_counts()');
  }
  assert.equal(get_call_counts({ module: 'trace_workers' }).ctx_Add - before, 4 * calls);
  // The main thread keeps working with the same shared object, counted on top.
  assert.equal(main.f(2, 3), 5);
  assert.equal(get_call_counts({ module: 'trace_workers' }).ctx_Add - before, 4 * calls + 1);
});

test('counts survive worker exit and a new worker continues them', async () => {
  const path = buildModule(SRC, { mode: 'trace', name: 'trace_workers' });
  const before = get_call_counts({ module: 'trace_workers' }).ctx_Add;
  await runWorker(path, 1000);
  await runWorker(path, 500);
  assert.equal(get_call_counts({ module: 'trace_workers' }).ctx_Add - before, 1500);
});
