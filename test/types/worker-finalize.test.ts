// A worker stopped by terminate() gets no 'exit': its instances with
// tp_finalize, alive or collected with their finalizer still to run, get
// tp_destroy only, quietly (docs/types.md, "tp_finalize"). It used to print
// one stderr line per collected instance whose tp_finalize could not run
// (16-1700 per terminate). Runs in a child process to see its stderr (the
// line came from C, on fd 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildModule } from '../support/make-module';
import { ROOT, runChild, SRC_INDEX } from '../fixtures/reliability-native-child';

const SRC = `
#include <stdatomic.h>
typedef struct { long v; } FinObject;
HPyType_HELPERS(FinObject)
static atomic_long made, destroyed, finalized;
HPyDef_SLOT(Fin_new, HPy_tp_new)
static HPy Fin_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw) {
    FinObject *o;
    HPy h = HPy_New(ctx, cls, &o);
    if (!HPy_IsNull(h)) atomic_fetch_add(&made, 1);
    return h;
}
HPyDef_SLOT(Fin_finalize, HPy_tp_finalize)
static void Fin_finalize_impl(HPyContext *ctx, HPy self) { atomic_fetch_add(&finalized, 1); }
HPyDef_SLOT(Fin_destroy, HPy_tp_destroy)
static void Fin_destroy_impl(void *obj) { atomic_fetch_add(&destroyed, 1); }
static HPyDef *Fin_defines[] = { &Fin_new, &Fin_finalize, &Fin_destroy, NULL };
static HPyType_Spec Fin_spec = { .name = "wfin.Fin", .basicsize = sizeof(FinObject), .defines = Fin_defines };
HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m) { return HPyHelpers_AddType(ctx, m, "Fin", &Fin_spec, NULL) ? 0 : -1; }
HPyDef_METH(counts, "counts", HPyFunc_NOARGS)
static HPy counts_impl(HPyContext *ctx, HPy self) {
    return HPy_BuildValue(ctx, "(lll)", (long)made, (long)finalized, (long)destroyed);
}`;

test('worker terminate(): instances with tp_finalize get tp_destroy, and nothing is printed', () => {
  const so = buildModule(SRC, { name: 'wfin' });
  const worker = join(ROOT, 'test', 'fixtures', 'finalize-churn-worker.ts');
  const script = `
const { Worker } = require('node:worker_threads');
const { load } = require(${JSON.stringify(SRC_INDEX)});
const m = load(${JSON.stringify(so)});
(async () => {
  for (let round = 0; round < 4; round++) {
    const flags = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker("require('tsx/cjs'); require(" + JSON.stringify(${JSON.stringify(worker)}) + ");", { eval: true, workerData: { path: ${JSON.stringify(so)}, flags } });
    while (Atomics.load(flags, 0) < 20) await new Promise((r) => setTimeout(r, 5));
    await w.terminate();
  }
  console.log(JSON.stringify(m.counts()));
})();`;
  const r = runChild(script);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'terminate() is quiet');
  const [made, finalized, destroyed] = JSON.parse(r.stdout.trim().split('\n').pop()!) as number[];
  assert.ok(made >= 4 * 20 * 1000, `the workers made instances (${made})`);
  assert.equal(destroyed, made, 'every instance got tp_destroy');
  assert.ok(finalized <= made, 'tp_finalize at most once each');
});
