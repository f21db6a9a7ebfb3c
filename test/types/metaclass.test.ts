// Metaclasses: a type of builtin_shape Type (its instances are classes) given
// to HPyType_FromSpec as HPyType_SpecParam_Metaclass. HPy 0.9.0's
// test_hpytype.py test_metaclass and test_specparam_multiple_metaclass_fails,
// and what JavaScript sees: the class is an instance of its metaclass, and
// the metaclass's methods are the class's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { get_call_counts } from '../../src/trace/index';

const SRC = `
typedef struct { int meta_magic; int meta_member; char some_more[64]; } DummyMeta;
HPyType_HELPERS(DummyMeta, HPyType_BuiltinShape_Type)
typedef struct { int member; } Dummy;
HPyType_HELPERS(Dummy)

/* a method of the metaclass: a class method of every class made with it */
HPyDef_METH(DummyMeta_magic, "magic", HPyFunc_NOARGS)
static HPy DummyMeta_magic_impl(HPyContext *ctx, HPy cls)
{
    return HPyLong_FromLong(ctx, DummyMeta_AsStruct(ctx, cls)->meta_magic);
}
static HPyDef *DummyMeta_defines[] = { &DummyMeta_magic, NULL };
static HPyType_Spec DummyMeta_spec = {
    .name = "mytest.DummyMeta",
    .basicsize = sizeof(DummyMeta),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = SHAPE(DummyMeta),
    .defines = DummyMeta_defines,
};

HPyDef_MEMBER(member, "member", HPyMember_INT, offsetof(Dummy, member))
static HPyDef *Dummy_defines[] = { &member, NULL };
static HPyType_Spec Dummy_spec = {
    .name = "mytest.Dummy",
    .basicsize = sizeof(Dummy),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = SHAPE(Dummy),
    .defines = Dummy_defines,
};

/* a Type-shaped type with its own tp_new cannot be a metaclass */
HPyDef_SLOT(NewMeta_new, HPy_tp_new)
static HPy NewMeta_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw) { return HPy_Dup(ctx, ctx->h_None); }
static HPyDef *NewMeta_defines[] = { &NewMeta_new, NULL };
static HPyType_Spec NewMeta_spec = { .name = "mytest.NewMeta", .builtin_shape = HPyType_BuiltinShape_Type, .defines = NewMeta_defines };

HPyDef_METH(set_meta_data, "set_meta_data", HPyFunc_O)
static HPy set_meta_data_impl(HPyContext *ctx, HPy self, HPy arg)
{
    DummyMeta *data = DummyMeta_AsStruct(ctx, arg);
    if (data == NULL) return HPy_NULL;
    data->meta_magic = 42;
    data->meta_member = 11;
    for (size_t i = 0; i < 64; ++i)
        data->some_more[i] = (char) i;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(get_meta_data, "get_meta_data", HPyFunc_O)
static HPy get_meta_data_impl(HPyContext *ctx, HPy self, HPy arg)
{
    DummyMeta *data = DummyMeta_AsStruct(ctx, arg);
    if (data == NULL) return HPy_NULL;
    for (size_t i = 0; i < 64; ++i) {
        if (data->some_more[i] != (char) i) {
            HPyErr_SetString(ctx, ctx->h_RuntimeError, "some_more got mangled");
            return HPy_NULL;
        }
    }
    return HPyLong_FromLong(ctx, data->meta_magic + data->meta_member);
}

HPyDef_METH(set_member, "set_member", HPyFunc_O)
static HPy set_member_impl(HPyContext *ctx, HPy self, HPy arg)
{
    Dummy_AsStruct(ctx, arg)->member = 123614;
    return HPy_Dup(ctx, ctx->h_None);
}

/* create_type(target, name, metaclass[, base]): HPy's test adds the class to
 * the module, which is frozen here once loaded; so to target */
HPyDef_METH(create_type, "create_type", HPyFunc_VARARGS)
static HPy create_type_impl(HPyContext *ctx, HPy module, const HPy *args, size_t nargs)
{
    HPy target, metaclass, base = HPy_NULL;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "OsO|O", &target, &Dummy_spec.name, &metaclass, &base))
        return HPy_NULL;
    HPyType_SpecParam specparam[] = {
        { HPyType_SpecParam_Metaclass, metaclass },
        { HPy_IsNull(base) ? (HPyType_SpecParam_Kind)0 : HPyType_SpecParam_Base, base },
        { (HPyType_SpecParam_Kind)0 }
    };
    const char *bare_name = strrchr(Dummy_spec.name, '.');
    bare_name = bare_name == NULL ? Dummy_spec.name : bare_name + 1;
    if (!HPyHelpers_AddType(ctx, target, bare_name, &Dummy_spec, specparam))
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(two_metaclasses, "two_metaclasses", HPyFunc_NOARGS)
static HPy two_metaclasses_impl(HPyContext *ctx, HPy module)
{
    static HPyType_Spec spec = { .name = "mytest.Two" };
    HPyType_SpecParam param[] = {
        { HPyType_SpecParam_Metaclass, ctx->h_TypeType },
        { HPyType_SpecParam_Metaclass, ctx->h_LongType },
        { (HPyType_SpecParam_Kind)0 }
    };
    return HPyType_FromSpec(ctx, &spec, param);
}

HPyDef_METH(type_of, "type_of", HPyFunc_O)
static HPy type_of_impl(HPyContext *ctx, HPy self, HPy o) { return HPy_Type(ctx, o); }
HPyDef_METH(is_type, "is_type", HPyFunc_VARARGS)
static HPy is_type_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPyBool_FromLong(ctx, HPy_TypeCheck(ctx, args[0], args[1]));
}

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    HPyType_SpecParam param[] = { { HPyType_SpecParam_Base, ctx->h_TypeType }, { (HPyType_SpecParam_Kind)0 } };
    if (!HPyHelpers_AddType(ctx, m, "DummyMeta", &DummyMeta_spec, param)) return -1;
    return HPyHelpers_AddType(ctx, m, "NewMeta", &NewMeta_spec, param) ? 0 : -1;
}
`;

const m = makeModule<Record<string, any>>(SRC, { prelude: '#include <string.h>' });
const made: Record<string, any> = {};

test('test_metaclass: a class made with a metaclass is its instance and carries its struct (HPy_AsStruct_Type)', () => {
  assert.equal(m.type_of(m.DummyMeta), Function, 'type(DummyMeta) is type');
  m.create_type(made, 'mytest.Dummy', m.DummyMeta);
  assert.equal(m.type_of(made.Dummy), m.DummyMeta);
  assert.ok(made.Dummy instanceof m.DummyMeta && made.Dummy instanceof Function);
  assert.equal(m.is_type(made.Dummy, m.DummyMeta), true);
  assert.equal(m.set_meta_data(made.Dummy), undefined);
  assert.equal(m.get_meta_data(made.Dummy), 42 + 11);
  assert.equal(made.Dummy.magic(), 42, "the metaclass's methods are the class's");
  const d = new made.Dummy();
  m.set_member(d);
  assert.equal(d.member, 123614);
  assert.throws(() => m.get_meta_data(d), { name: 'TypeError', message: /^HPy_AsStruct_Type: the object is an instance of 'mytest.Dummy', whose builtin_shape is Object/ });
});

test('what cannot be a metaclass is a TypeError; two metaclasses a ValueError', () => {
  assert.throws(() => m.create_type(made, 'mytest.DummyFail0', 'hello'), { name: 'TypeError', message: /must be a type inheriting from type/ });
  class WithCustomNew {
    constructor() {
      console.log('hello');
    }
  }
  assert.throws(() => m.create_type(made, 'mytest.DummyFail1', WithCustomNew), { name: 'TypeError', message: /JavaScript classes have no metaclass protocol/ });
  assert.throws(() => m.create_type(made, 'mytest.DummyIntMeta', m.type_of(1)), TypeError);
  assert.throws(() => m.create_type(made, 'mytest.DummyNewMeta', m.NewMeta), { name: 'TypeError', message: /has its own tp_new/ });
  assert.throws(() => m.two_metaclasses(), { name: 'ValueError', message: /more than one HPyType_SpecParam_Metaclass/ });
  assert.throws(() => m.create_type(made, 'mytest.WithBase', m.DummyMeta, m.DummyMeta), { name: 'NotImplementedError', message: /both a base and the metaclass/ });
});

test('a metaclass makes classes only through HPyType_FromSpec: new of it is a TypeError', () => {
  assert.throws(() => new m.DummyMeta('X', [], {}), { name: 'TypeError', message: /is a metaclass: its instances are the classes HPyType_FromSpec makes with it/ });
});

test('trace and debug mode: ctx_AsStruct_Type is counted, and a metaclass works under debug mode', () => {
  const before = get_call_counts() as Record<string, number>;
  const tm: Record<string, any> = {};
  const t = makeModule<Record<string, any>>(SRC, { prelude: '#include <string.h>', mode: 'trace' });
  t.create_type(tm, 'mytest.Dummy', t.DummyMeta);
  t.set_meta_data(tm.Dummy);
  assert.equal(t.get_meta_data(tm.Dummy), 53);
  const after = get_call_counts() as Record<string, number>;
  assert.equal(after.ctx_AsStruct_Type - (before.ctx_AsStruct_Type ?? 0), 2);

  const dm: Record<string, any> = {};
  const dbg = makeModule<Record<string, any>>(SRC, { prelude: '#include <string.h>', mode: 'debug' });
  dbg.create_type(dm, 'mytest.Dummy', dbg.DummyMeta);
  dbg.set_meta_data(dm.Dummy);
  assert.equal(dbg.get_meta_data(dm.Dummy), 53);
  assert.equal(dm.Dummy.magic(), 42);
});
