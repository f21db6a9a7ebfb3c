// HPy_tp_traverse checked by debug mode. V8 never needs tp_traverse, so a
// missing or incomplete one passes unnoticed on hpy-node while the same
// extension leaks every cycle through the missed field on CPython. Debug mode
// reports a store into a field tp_traverse does not visit, a store into a
// field of a type without tp_traverse, and a type whose HPyField members
// have no tp_traverse; universal and trace mode do not look.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { set_on_invalid_handle } from '../../src/debug/index';

const TRAVERSE_SRC = `
typedef struct { HPyField seen; HPyField missed; } HalfObject;
HPyType_HELPERS(HalfObject)

HPyDef_SLOT(Half_traverse, HPy_tp_traverse)
static int Half_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((HalfObject *)self)->seen);
    return 0;
}

HPyDef_METH(Half_store, "store", HPyFunc_VARARGS)
static HPy Half_store_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HalfObject *h = HalfObject_AsStruct(ctx, self);
    HPyField *f = HPyLong_AsLong(ctx, args[0]) ? &h->missed : &h->seen;
    HPyField_Store(ctx, self, f, HPy_Is(ctx, args[1], ctx->h_None) ? HPy_NULL : args[1]);
    return HPy_Dup(ctx, ctx->h_None);
}

static HPyDef *Half_defines[] = { &Half_traverse, &Half_store, NULL };
static HPyType_Spec Half_spec = {
    .name = "trav.Half", .basicsize = sizeof(HalfObject), .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .defines = Half_defines,
};

/* a subtype made by FromSpec: its own field, visited by its own tp_traverse;
   the base's fields stay the base's tp_traverse's business */
typedef struct { HalfObject base; HPyField more; } MoreObject;
HPyType_HELPERS(MoreObject)

HPyDef_SLOT(More_traverse, HPy_tp_traverse)
static int More_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((MoreObject *)self)->more);
    return 0;
}

HPyDef_METH(More_store_more, "store_more", HPyFunc_O)
static HPy More_store_more_impl(HPyContext *ctx, HPy self, HPy v)
{
    HPyField_Store(ctx, self, &MoreObject_AsStruct(ctx, self)->more, v);
    return HPy_Dup(ctx, ctx->h_None);
}

static HPyDef *More_defines[] = { &More_traverse, &More_store_more, NULL };
static HPyType_Spec More_spec = { .name = "trav.More", .basicsize = sizeof(MoreObject), .defines = More_defines };

/* no tp_traverse at all; its field is not a member */
typedef struct { long pad; HPyField f; } BareObject;
HPyType_HELPERS(BareObject)

HPyDef_METH(Bare_store, "store", HPyFunc_O)
static HPy Bare_store_impl(HPyContext *ctx, HPy self, HPy v)
{
    HPyField_Store(ctx, self, &BareObject_AsStruct(ctx, self)->f, v);
    return HPy_Dup(ctx, ctx->h_None);
}

static HPyDef *Bare_defines[] = { &Bare_store, NULL };
static HPyType_Spec Bare_spec = { .name = "trav.Bare", .basicsize = sizeof(BareObject), .defines = Bare_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    HPy half = HPyHelpers_AddType(ctx, m, "Half", &Half_spec, NULL) ? HPy_GetAttr_s(ctx, m, "Half") : HPy_NULL;
    if (HPy_IsNull(half)) return -1;
    HPyType_SpecParam params[] = { { HPyType_SpecParam_Base, half }, { 0 } };
    int ok = HPyHelpers_AddType(ctx, m, "More", &More_spec, params) && HPyHelpers_AddType(ctx, m, "Bare", &Bare_spec, NULL);
    HPy_Close(ctx, half);
    return ok ? 0 : -1;
}
`;

/* a member that is an HPyField, and no tp_traverse */
const MEMBER_SRC = `
typedef struct { HPyField value; } BoxObject;
HPyType_HELPERS(BoxObject)
HPyDef_MEMBER(Box_value, "value", HPyMember_OBJECT, offsetof(BoxObject, value))
static HPyDef *Box_defines[] = { &Box_value, NULL };
static HPyType_Spec Box_spec = { .name = "trav.Box", .basicsize = sizeof(BoxObject), .defines = Box_defines };
HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m) { return HPyHelpers_AddType(ctx, m, "Box", &Box_spec, NULL) ? 0 : -1; }
`;

interface Half { store(missed: 0 | 1, v: unknown): void }
type TravModule = {
  Half: new () => Half;
  More: new () => Half & { store_more(v: unknown): void };
  Bare: new () => { store(v: unknown): void };
};

test('debug mode reports a store into a field tp_traverse does not visit, naming the type and the offset', () => {
  const m = makeModule<TravModule>(TRAVERSE_SRC, { mode: 'debug' });
  const h = new m.Half();
  h.store(0, { a: 1 });                      // visited: fine
  h.store(1, undefined as unknown);          // None: clearing is no store of a value
  assert.throws(() => h.store(1, { b: 2 }), {
    name: 'SystemError',
    message: /^hpy-node debug mode \(module '.*'\): HPyField_Store into the HPyField at offset 8 of a 'trav\.Half' instance, which its tp_traverse does not visit: on CPython this object's cycles would never be collected/,
  });
});

test('debug mode: a subtype\'s tp_traverse and its base\'s together cover the fields', () => {
  const m = makeModule<TravModule>(TRAVERSE_SRC, { mode: 'debug' });
  const x = new m.More();
  x.store(0, x);
  x.store_more(x);
  assert.throws(() => x.store(1, x), { name: 'SystemError', message: /offset 8 of a 'trav\.More' instance, which its tp_traverse does not visit/ });
});

test('debug mode reports a store into a field of a type without tp_traverse', () => {
  const m = makeModule<TravModule>(TRAVERSE_SRC, { mode: 'debug' });
  assert.throws(() => new m.Bare().store(1), {
    name: 'SystemError',
    message: /HPyField_Store into the HPyField at offset 8 of a 'trav\.Bare' instance, whose type has no HPy_tp_traverse: on CPython this object's cycles would never be collected \(define HPy_tp_traverse/,
  });
});

test('debug mode reports a type whose HPyField members have no tp_traverse, at HPyType_FromSpec', () => {
  assert.throws(() => makeModule(MEMBER_SRC, { mode: 'debug' }), {
    message: /HPyType_FromSpec\(trav\.Box\): member 'value' \(offset 0\) is an HPyField, but the type has no HPy_tp_traverse/,
  });
  let reports = 0;
  set_on_invalid_handle(() => reports++);
  try {
    const m = makeModule<{ Box: new () => { value: unknown } }>(MEMBER_SRC, { mode: 'debug', name: 'trav_box_reported' });
    const b = new m.Box();
    b.value = 5;
    assert.equal(b.value, 5, 'with an on_invalid_handle callback the module loads and works');
    assert.equal(reports, 1);
  } finally {
    set_on_invalid_handle(null);
  }
});

for (const mode of ['universal', 'trace'] as const) {
  test(`${mode} mode does not look at tp_traverse`, () => {
    const m = makeModule<TravModule>(TRAVERSE_SRC, { mode });
    new m.Half().store(1, { b: 2 });
    new m.Bare().store(1);
    const box = makeModule<{ Box: new () => { value: unknown } }>(MEMBER_SRC, { mode });
    assert.ok(new box.Box());
  });
}
