// set_closed_handles_queue_max_size(n) bounds the closed-handles queue; it
// does not allocate it. The queue grows as handles are closed, up to the
// bound: 2**31 used to allocate twice that many records at once
// (std::bad_alloc, the process aborted) and 1e8 took 4.8 GB. Run in a child
// process, since before the fix it aborted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildModule } from '../support/make-module';
import { childJson, ROOT, runChild, SRC_INDEX } from '../fixtures/reliability-native-child';

const SRC = `
HPyDef_METH(churn, "churn", HPyFunc_O)
static HPy churn_impl(HPyContext *ctx, HPy self, HPy n) {
    long count = HPyLong_AsLong(ctx, n);
    for (long i = 0; i < count; i++) HPy_Close(ctx, HPy_Dup(ctx, self));
    return HPy_Dup(ctx, ctx->h_None);
}`;

test('set_closed_handles_queue_max_size(2**31 or 1e8) allocates nothing up front; the queue fills as handles close', () => {
  const so = buildModule(SRC, { mode: 'debug' });
  const script = `
const { load } = require(${JSON.stringify(SRC_INDEX)});
const debug = require(${JSON.stringify(join(ROOT, 'src', 'debug', 'index.ts'))});
const m = load(${JSON.stringify(so)}, { mode: 'debug' });
m.churn(10);
const out = {};
for (const size of [2 ** 31, 1e8, 3, 2 ** 40]) {
  const rss = process.memoryUsage.rss();
  debug.set_closed_handles_queue_max_size(size);
  const before = debug.get_closed_handles().length;
  m.churn(5000);
  out[size] = { max: debug.get_closed_handles_queue_max_size(), before, after: debug.get_closed_handles().length, mb: (process.memoryUsage.rss() - rss) / 2 ** 20 };
}
console.log(JSON.stringify(out));`;
  const out = childJson<Record<string, { max: number; before: number; after: number; mb: number }>>(runChild(script));
  for (const [size, r] of Object.entries(out)) {
    assert.equal(r.max, Number(size), `${size}: the bound is kept`);
    assert.ok(r.mb < 64, `${size}: setting the bound and 5000 closes grew RSS by ${r.mb.toFixed(1)} MB`);
  }
  // Every close is kept below the bound: nothing dropped early.
  assert.ok(out[2 ** 31].after >= out[2 ** 31].before + 5000, JSON.stringify(out[2 ** 31]));
  assert.ok(out[1e8].after >= 10000, JSON.stringify(out[1e8]));
  assert.deepEqual([out[3].before, out[3].after], [3, 3], 'a lower bound drops the oldest');
  assert.equal(out[2 ** 40].before, 3);
  assert.ok(out[2 ** 40].after >= 3 + 5000, 'raised again: the 3 kept and the 5000 new (and the call\'s own)');
});
