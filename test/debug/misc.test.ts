// HPy 0.9.0's test/debug/test_misc.py on hpy-node's debug mode: misused type
// and string functions. HPy's debug mode ends the process with a message;
// hpy-node fails the call with an error that says what was wrong (the same
// checks hold in universal mode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';

const SRC = `
typedef struct { int value; } DummyObject;
HPyType_HELPERS(DummyObject, HPyType_BuiltinShape_Object)
static HPyType_Spec Dummy_spec = { .name = "mytest.Dummy", .basicsize = sizeof(DummyObject), .builtin_shape = HPyType_BuiltinShape_Object };
static HPyType_Spec TypeShaped_spec = { .name = "mytest.TypeShaped", .basicsize = sizeof(DummyObject), .builtin_shape = HPyType_BuiltinShape_Type };
static HPyType_Spec WithMeta_spec = { .name = "mytest.WithMeta" };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m) { return HPyHelpers_AddType(ctx, m, "Dummy", &Dummy_spec, NULL) ? 0 : -1; }

HPyDef_METH(make_type_shaped, "make_type_shaped", HPyFunc_NOARGS)
static HPy make_type_shaped_impl(HPyContext *ctx, HPy self)
{
    /* a class whose metaclass has builtin_shape Type: its struct is not an Object's */
    HPy meta = HPyType_FromSpec(ctx, &TypeShaped_spec, NULL);
    if (HPy_IsNull(meta)) return HPy_NULL;
    HPyType_SpecParam params[] = { { HPyType_SpecParam_Metaclass, meta }, { (HPyType_SpecParam_Kind)0 } };
    HPy cls = HPyType_FromSpec(ctx, &WithMeta_spec, params);
    HPy_Close(ctx, meta);
    return cls;
}

HPyDef_METH(as_struct, "as_struct", HPyFunc_O)
static HPy as_struct_impl(HPyContext *ctx, HPy self, HPy arg)
{
    DummyObject *d = DummyObject_AsStruct(ctx, arg);
    return d ? HPyLong_FromLong(ctx, d->value) : HPy_NULL;
}

HPyDef_METH(typecheck, "typecheck", HPyFunc_VARARGS)
static HPy typecheck_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    int r = HPy_TypeCheck(ctx, args[0], args[1]);
    return HPyErr_Occurred(ctx) ? HPy_NULL : HPyBool_FromLong(ctx, r);
}

HPyDef_METH(getname, "getname", HPyFunc_O)
static HPy getname_impl(HPyContext *ctx, HPy self, HPy t)
{
    const char *n = HPyType_GetName(ctx, t);
    return n ? HPyUnicode_FromString(ctx, n) : HPy_NULL;
}

HPyDef_METH(issubtype, "issubtype", HPyFunc_VARARGS)
static HPy issubtype_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    int r = HPyType_IsSubtype(ctx, args[0], args[1]);
    return HPyErr_Occurred(ctx) ? HPy_NULL : HPyLong_FromLong(ctx, r);
}

HPyDef_METH(substring, "substring", HPyFunc_VARARGS)
static HPy substring_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPyUnicode_Substring(ctx, args[0], HPyLong_AsSsize_t(ctx, args[1]), HPyLong_AsSsize_t(ctx, args[2]));
}
`;

type Misc = {
  Dummy: new () => object;
  make_type_shaped(): unknown;
  as_struct(o: unknown): number;
  typecheck(o: unknown, t: unknown): boolean;
  getname(t: unknown): string;
  issubtype(a: unknown, b: unknown): number;
  substring(s: unknown, start: number, end: number): string;
};

const m = makeModule<Misc>(SRC, { mode: 'debug' });

test('test_use_invalid_as_struct: AsStruct of what is not an instance of the type, or of a type of another shape', () => {
  assert.equal(m.as_struct(new m.Dummy()), 0);
  for (const o of [{}, 'x', 1]) {
    assert.throws(() => m.as_struct(o), { name: 'TypeError', message: /^HPy_AsStruct_Object: the object is not an instance of a type made by HPyType_FromSpec/ });
  }
  assert.throws(() => m.as_struct(m.make_type_shaped()), { name: 'TypeError', message: /^HPy_AsStruct_Object: the object's type 'mytest.TypeShaped' has builtin_shape 1/ });
});

test('test_typecheck: the second argument must be a type', () => {
  assert.equal(m.typecheck(new m.Dummy(), m.Dummy), true);
  assert.throws(() => m.typecheck('hello', 2), { name: 'TypeError', message: /^ctx_TypeCheck: the type argument is not a class/ });
});

test('test_type_getname: the argument must be a type', () => {
  assert.equal(m.getname(m.Dummy), 'Dummy');
  assert.throws(() => m.getname('hello'), { name: 'TypeError', message: /^ctx_Type_GetName: expected a class, got string/ });
});

test('test_type_issubtype: both arguments must be types', () => {
  assert.equal(m.issubtype(m.Dummy, Object), 1);
  assert.throws(() => m.issubtype(Boolean, 'hello'), { name: 'TypeError', message: /^ctx_Type_IsSubtype: both arguments must be classes/ });
  assert.throws(() => m.issubtype('hello', String), { name: 'TypeError', message: /^ctx_Type_IsSubtype: both arguments must be classes/ });
});

test('test_unicode_substring: a string, and indices within it', () => {
  assert.equal(m.substring('hello', 1, 3), 'el');
  assert.throws(() => m.substring(Buffer.from('hello'), 2, 3), { name: 'TypeError', message: /^ctx_Unicode_Substring: expected a string, got Buffer/ });
  assert.throws(() => m.substring('hello', -1, 2), { name: 'IndexError', message: /string index out of range/ });
});
