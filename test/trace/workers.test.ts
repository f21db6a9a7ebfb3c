import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ADD_F_SRC as SRC, buildModule } from '../support/make-module';
import { load } from '../../src/index';
import { get_call_counts, set_trace_functions } from '../../src/trace/index';

interface WorkerReport {
  sum: number;
  seen: number;
  hookCalls: number;
}

/** Runs the worker body and resolves, once the worker has exited, with its report. */
function runWorker(path: string, calls: number, hook = false): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    // Workers start from JavaScript: register tsx, then run the TypeScript body.
    const body = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, '..', 'fixtures', 'trace-worker.ts'))});`;
    const w = new Worker(body, { eval: true, workerData: { path, calls, hook } });
    let report: WorkerReport | undefined;
    w.once('message', (m: WorkerReport) => (report = m));
    w.once('error', reject);
    w.once('exit', () => (report ? resolve(report) : reject(new Error('the worker exited without a report'))));
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

test('a hook set in a worker runs for its calls only, and the worker may exit with it still set', async () => {
  const path = buildModule(SRC, { mode: 'trace', name: 'trace_workers' });
  const main = load(path, { mode: 'trace' }) as unknown as { f(a: number, b: number): number };
  let mainHookCalls = 0;
  const r = await runWorker(path, 300, true);
  assert.equal(r.hookCalls, 300, 'one ctx_Add per call, each seen by the worker hook');
  // Hooks belong to their thread: the main thread has none, and the exited
  // worker's is gone with its environment.
  set_trace_functions(null, () => mainHookCalls++);
  try {
    assert.equal(main.f(1, 2), 3);
    assert.equal(mainHookCalls, 1);
  } finally {
    set_trace_functions(null, null);
  }
});

test('a module loaded in universal mode by a worker is reported as such in every thread', async () => {
  const path = buildModule(SRC, { mode: 'universal', name: 'worker_universal' });
  await new Promise<void>((resolve, reject) => {
    const body = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'index.ts'))}).load(${JSON.stringify(path)}, { mode: 'universal' });`;
    const w = new Worker(body, { eval: true });
    w.once('error', reject);
    w.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exit ${code}`))));
  });
  assert.throws(() => get_call_counts({ module: 'worker_universal' }), /worker_universal\.hpy\.so is loaded in universal mode/);
});
