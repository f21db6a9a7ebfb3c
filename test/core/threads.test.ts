// The threading contract: HPy calls are valid only on the thread that called
// into the extension, during that call. A call from a thread without a
// JavaScript environment fails (HPy_NULL, -1; HPy_Close does nothing) and
// says so on stderr once per thread, not once per call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModule } from '../support/make-module';
import { childJson, runChild, SRC_INDEX } from '../fixtures/reliability-native-child';

// foreign(threads): starts `threads` pthreads one after another; each makes
// 5 context calls plus an HPy_Close. Returns how many calls failed.
const PRELUDE = `
#include <pthread.h>
typedef struct { HPyContext *ctx; HPy arg; int failed; } Job;
static void *worker(void *p) {
    Job *job = p;
    for (int i = 0; i < 3; i++) {
        HPy h = HPyLong_FromLong(job->ctx, i);
        if (HPy_IsNull(h)) job->failed++;
        HPy_Close(job->ctx, h);
    }
    if (HPyLong_AsLong(job->ctx, job->arg) == -1) job->failed++;
    if (HPy_SetAttr_s(job->ctx, job->arg, "x", job->arg) == -1) job->failed++;
    HPy_Close(job->ctx, job->arg);   /* not this thread's handle: nothing happens */
    return NULL;
}`;
const FOREIGN = `
HPyDef_METH(foreign, "foreign", HPyFunc_O)
static HPy foreign_impl(HPyContext *ctx, HPy self, HPy arg) {
    long threads = HPyLong_AsLong(ctx, arg);
    int failed = 0;
    for (long t = 0; t < threads; t++) {
        Job job = { ctx, arg, 0 };
        pthread_t th;
        if (pthread_create(&th, NULL, worker, &job) != 0) {
            HPyErr_SetString(ctx, ctx->h_OSError, "pthread_create failed");
            return HPy_NULL;
        }
        pthread_join(th, NULL);
        failed += job.failed;
    }
    return HPyLong_FromLong(ctx, failed);
}`;

for (const mode of ['universal', 'trace'] as const) {
  test(`${mode} mode: calls from a thread without JavaScript fail, with one stderr line per thread`, () => {
    const path = buildModule(FOREIGN, { name: `rthread_${mode}`, mode, prelude: PRELUDE });
    const script = `
const { load } = require(${JSON.stringify(SRC_INDEX)});
const m = load(${JSON.stringify(path)}, { mode: ${JSON.stringify(mode)} });
const out = { one: m.foreign(1) };
process.stderr.write('--- second call\\n');
out.two = m.foreign(2);
out.after = m.foreign(0);
console.log(JSON.stringify(out));`;
    const r = runChild(script);
    const out = childJson<{ one: number; two: number; after: number }>(r);
    assert.deepEqual(out, { one: 5, two: 10, after: 0 }, 'every foreign call failed; the caller is unaffected');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('hpy-node:'));
    assert.equal(lines.length, 3, `one line per thread (1, then 2 threads):\n${r.stderr}`);
    for (const line of lines) {
      assert.match(line, /^hpy-node: ctx_Long_FromInt64_t was called on a thread that has no JavaScript environment/);
      assert.match(line, /HPy calls are only valid on the thread that called into the extension, while that call runs/);
      assert.match(line, /This and later HPy calls on this thread fail \(return HPy_NULL or -1; HPy_Close does nothing\) without another message/);
    }
    assert.ok(r.stderr.indexOf('--- second call') < r.stderr.lastIndexOf('hpy-node:'), 'a new thread gets its own line');
  });
}
