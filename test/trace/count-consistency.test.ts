// Every collection reads each shard's count and histogram as one consistent
// pair: for every function, the histogram's count (the sum of its buckets,
// Prometheus' _count) is at most the calls counted, while 4 workers call a
// traced module as fast as they can. A call is counted when it starts and
// enters the histogram when it ends, so a reader that took the count before
// the buckets saw _count above calls in about 1 collection in 300-600.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildModule } from '../support/make-module';
import { traceSnapshot } from '../../src/native';

// f(a, b) makes 1000 back-to-back traced calls (HPy_Dup and HPy_Close of a
// long): calls that start and end within one read of the store are what the
// race needs, so they come every few nanoseconds.
const SRC = `
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs) {
    for (int i = 0; i < 1000; i++) HPy_Close(ctx, HPy_Dup(ctx, args[0]));
    return HPy_Add(ctx, args[0], args[1]);
}`;
const WORKERS = 4;
const COLLECTIONS = 60_000;
const MAX_MS = 12_000;

test(`_count <= calls in every one of ${COLLECTIONS} collections while ${WORKERS} workers call a traced module`, async () => {
  const path = buildModule(SRC, { mode: 'trace', name: 'trace_count_consistency' });
  const flags = new Int32Array(new SharedArrayBuffer(8)); // [stop, started]
  const body = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, '..', 'fixtures', 'trace-hammer-worker.ts'))});`;
  const workers = Array.from({ length: WORKERS }, () => new Worker(body, { eval: true, workerData: { path, flags } }));
  const exited = workers.map((w) => new Promise<void>((resolve, reject) => { w.once('error', reject); w.once('exit', () => resolve()); }));
  try {
    const t0 = Date.now();
    while (Atomics.load(flags, 1) < WORKERS) {
      assert.ok(Date.now() - t0 < 60_000, 'the workers started');
      await new Promise((r) => setTimeout(r, 10));
    }
    const start = Date.now();
    let collections = 0;
    let calls = 0;
    const bad: string[] = [];
    // Synchronous: the workers run while this thread collects.
    for (; collections < COLLECTIONS && Date.now() - start < MAX_MS; collections++) {
      for (const m of traceSnapshot().modules) {
        if (m.name !== 'trace_count_consistency') continue;
        for (const f of m.functions) {
          const count = f.buckets.reduce((a, b) => a + b, 0);
          if (count > f.calls) bad.push(`collection ${collections}: function ${f.id} has _count ${count} > calls ${f.calls}`);
          calls = Math.max(calls, f.calls);
        }
      }
    }
    assert.ok(calls > 100_000, `the workers made calls during the collections (${calls})`);
    assert.ok(collections >= 500, `enough collections to see the race (${collections})`);
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${collections} collections had _count > calls`);
  } finally {
    Atomics.store(flags, 0, 1);
    await Promise.all(exited);
  }
});
