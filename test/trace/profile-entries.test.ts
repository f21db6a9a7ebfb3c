// Every way into an extension's C code is a profile entry (get_profile), with
// the documented name: slots called from JavaScript, tp_init, call functions
// set with HPy_SetCallFunction, buffer slots, tp_finalize, tp_traverse and
// tp_destroy run at collection, capsule destructors, HPy_mod_create.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeModule, TMP_DIR } from '../support/make-module';
import { buildExtension } from '../../src/cli/build';
import { bufferOf, load } from '../../src/index';
import { get_profile, type ProfileRow } from '../../src/trace/index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const KINDS_SRC = `
typedef struct { long v; HPyCallFunction call_func; double data[2]; } ThingObject;
HPyType_HELPERS(ThingObject)
static long destroyed, finalized, dtors;

HPyDef_SLOT(Thing_init, HPy_tp_init)
static int Thing_init_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    ThingObject_AsStruct(ctx, self)->v = nargs > 0 ? HPyLong_AsLong(ctx, args[0]) : 0;
    return 0;
}
HPyDef_SLOT(Thing_repr, HPy_tp_repr)
static HPy Thing_repr_impl(HPyContext *ctx, HPy self) { return HPyUnicode_FromString(ctx, "<Thing>"); }
HPyDef_SLOT(Thing_hash, HPy_tp_hash)
static HPy_hash_t Thing_hash_impl(HPyContext *ctx, HPy self) { return ThingObject_AsStruct(ctx, self)->v; }
HPyDef_SLOT(Thing_richcompare, HPy_tp_richcompare)
static HPy Thing_richcompare_impl(HPyContext *ctx, HPy a, HPy b, HPy_RichCmpOp op) { return HPy_Dup(ctx, ctx->h_True); }
HPyDef_SLOT(Thing_len, HPy_sq_length)
static HPy_ssize_t Thing_len_impl(HPyContext *ctx, HPy self) { return 2; }
HPyDef_SLOT(Thing_getitem, HPy_mp_subscript)
static HPy Thing_getitem_impl(HPyContext *ctx, HPy self, HPy key) { return HPy_Dup(ctx, key); }
HPyDef_MEMBER(Thing_vcall, "__vectorcalloffset__", HPyMember_HPYSSIZET, offsetof(ThingObject, call_func), .readonly = 1)
HPyDef_CALL_FUNCTION(Thing_call_func)
static HPy Thing_call_func_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
{
    return HPyLong_FromLong(ctx, (long)nargs);
}
HPyDef_SLOT(Thing_getbuffer, HPy_bf_getbuffer)
static int Thing_getbuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *buf, int flags)
{
    ThingObject *t = ThingObject_AsStruct(ctx, self);
    buf->buf = t->data;
    buf->len = sizeof t->data;
    buf->itemsize = sizeof(double);
    buf->readonly = 0;
    buf->ndim = 1;
    buf->format = (char *)"d";
    buf->shape = NULL;
    buf->strides = NULL;
    buf->suboffsets = NULL;
    buf->internal = NULL;
    buf->obj = HPy_Dup(ctx, self);
    return 0;
}
HPyDef_SLOT(Thing_releasebuffer, HPy_bf_releasebuffer)
static void Thing_releasebuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *buf) { }
HPyDef_SLOT(Thing_finalize, HPy_tp_finalize)
static void Thing_finalize_impl(HPyContext *ctx, HPy self) { finalized++; }
HPyDef_SLOT(Thing_traverse, HPy_tp_traverse)
static int Thing_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg) { return 0; }
HPyDef_SLOT(Thing_destroy, HPy_tp_destroy)
static void Thing_destroy_impl(void *obj) { destroyed++; }

static HPyDef *Thing_defines[] = { &Thing_init, &Thing_repr, &Thing_hash, &Thing_richcompare, &Thing_len, &Thing_getitem,
                                   &Thing_vcall, &Thing_getbuffer, &Thing_releasebuffer, &Thing_finalize, &Thing_traverse, &Thing_destroy, NULL };
static HPyType_Spec Thing_spec = { .name = "kinds.Thing", .basicsize = sizeof(ThingObject), .defines = Thing_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Thing", &Thing_spec, NULL) ? 0 : -1;
}

HPyDef_METH(set_call, "set_call", HPyFunc_O)
static HPy set_call_impl(HPyContext *ctx, HPy self, HPy arg)
{
    if (HPy_SetCallFunction(ctx, arg, &Thing_call_func) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyCapsule_DESTRUCTOR(cap_dtor)
static void cap_dtor_impl(const char *name, void *pointer, void *context) { dtors++; }
static int payload = 1;
HPyDef_METH(capsule, "capsule", HPyFunc_NOARGS)
static HPy capsule_impl(HPyContext *ctx, HPy self) { return HPyCapsule_New(ctx, &payload, "kinds.cap", &cap_dtor); }

HPyDef_METH(counts, "counts", HPyFunc_NOARGS)
static HPy counts_impl(HPyContext *ctx, HPy self)
{
    return HPy_BuildValue(ctx, "lll", destroyed, finalized, dtors);
}
`;

// A create slot comes alone: no doc (makeModule adds one).
const CREATE_SRC = `#include "hpy.h"
HPyDef_SLOT(create, HPy_mod_create)
static HPy create_impl(HPyContext *ctx, HPy spec) { return HPyDict_New(ctx); }
static HPyDef *defines[] = { &create, NULL };
static HPyModuleDef moduledef = { .defines = defines };
HPy_MODINIT(kinds_create, moduledef)
`;

type Thing = Record<symbol, (...args: unknown[]) => unknown>;
interface Kinds {
  Thing: new (v?: number) => Thing;
  set_call(t: Thing): null;
  capsule(): object;
  counts(): [number, number, number];
}

function rowsByName(rows: ProfileRow[]): Map<string, ProfileRow> {
  return new Map(rows.map((r) => [r.entry, r]));
}

test('slots, tp_init, HPy_SetCallFunction, buffers, tp_finalize, tp_traverse, tp_destroy and capsule destructors are entries', async () => {
  const m = makeModule<Kinds>(KINDS_SRC, { mode: 'trace', name: 'kinds' });
  const sym = (s: string): symbol => Symbol.for(`hpy.${s}`);
  (() => {
    const t = new m.Thing(5);
    assert.equal(t[sym('tp_repr')](), '<Thing>');
    assert.equal(t[sym('tp_hash')](), 5);
    assert.equal(t[sym('tp_richcompare')](t, 2), true);
    assert.equal(t[sym('sq_length')](), 2);
    assert.equal(t[sym('mp_subscript')]('k'), 'k');
    m.set_call(t);
    assert.equal(t[sym('tp_call')](1, 2, 3), 3);
    const view = bufferOf(t);
    view.release();
    m.capsule();
  })();
  for (let i = 0; i < 50 && m.counts().some((n) => n === 0); i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  assert.deepEqual(m.counts().map((n) => n > 0), [true, true, true], 'tp_destroy, tp_finalize and the capsule destructor ran');
  const rows = rowsByName(get_profile({ module: 'kinds' }));
  const calls = (entry: string): number | undefined => rows.get(entry)?.calls;
  assert.equal(calls('kinds.Thing.tp_init'), 1);
  assert.equal(rows.get('kinds.Thing.tp_init')!.functions.ctx_Long_AsInt64_t?.calls, 1);
  for (const slot of ['tp_repr', 'tp_hash', 'tp_richcompare', 'sq_length', 'mp_subscript', 'bf_getbuffer', 'bf_releasebuffer'])
    assert.equal(calls(`kinds.Thing.${slot}`), 1, slot);
  assert.equal(calls('kinds.Thing.call_function'), 1);
  assert.equal(rows.get('kinds.Thing.call_function')!.functions.ctx_Long_FromInt64_t?.calls, 1);
  assert.equal(calls('kinds.set_call'), 1);
  assert.equal(calls('kinds.capsule'), 1);
  const [destroyed, finalized, dtors] = m.counts();
  assert.equal(calls('kinds.Thing.tp_destroy'), destroyed);
  assert.equal(calls('kinds.Thing.tp_finalize'), finalized);
  assert.equal(calls('kinds.Thing.tp_traverse'), finalized, 'tp_finalize clears the fields tp_traverse visits first');
  assert.equal(calls('kinds.capsule_destructor'), dtors);
  assert.equal(calls('kinds.HPy_mod_exec'), 1);
});

test('HPy_mod_create is an entry', () => {
  const dir = join(TMP_DIR, 'kinds_create');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'kinds_create.c'), CREATE_SRC);
  load(buildExtension(join(dir, 'kinds_create.c'), { output: join(dir, 'kinds_create.hpy.so') }), { mode: 'trace' });
  const rows = get_profile({ module: 'kinds_create' });
  assert.deepEqual(rows.map((r) => [r.entry, r.calls, Object.keys(r.functions)]), [['kinds_create.HPy_mod_create', 1, ['ctx_Dict_New']]]);
});
