// HPyHelpers_PackArgsAndKeywords, HPyHelpers_AddType and the struct
// sequence helpers: HPy 0.9.0's test_helpers.py and test_hpystructseq.py,
// with more on struct sequences in test/types/structseq.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { SystemError } from '../../src/index';

type Fn = (...args: unknown[]) => unknown;
const tuple = (...items: unknown[]) => Object.freeze(items);

const m = makeModule<Record<string, Fn>>(`
/* (positional tuple or None, keyword dict or None) */
static HPy pack_result(HPyContext *ctx, const HPy *args, size_t nargs, HPy kwnames) {
    HPy out[] = { HPy_NULL, HPy_NULL };
    if (!HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, kwnames, &out[0], &out[1]))
        return HPy_NULL;
    for (int i = 0; i < 2; i++)
        if (HPy_IsNull(out[i])) out[i] = HPy_Dup(ctx, ctx->h_None);
    HPy result = HPyTuple_FromArray(ctx, out, 2);
    for (int i = 0; i < 2; i++) HPy_Close(ctx, out[i]);
    return result;
}
/* as HPy's test: a KEYWORDS method (kwnames is HPy_NULL from JavaScript) */
HPyDef_METH(pack, "pack", HPyFunc_KEYWORDS)
static HPy pack_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs, HPy kwnames) {
    return pack_result(ctx, args, (size_t)nargs, kwnames);
}
/* pack_kw(npos, kwnames, ...values): HPy's calling convention laid out in C */
HPyDef_METH(pack_kw, "pack_kw", HPyFunc_VARARGS)
static HPy pack_kw_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    size_t npos = (size_t)HPyLong_AsInt64_t(ctx, args[0]);
    HPy kwnames = HPy_Is(ctx, args[1], ctx->h_None) ? HPy_NULL : args[1];
    return pack_result(ctx, args + 2, npos, kwnames);
}
HPyDef_METH(pack_error, "pack_error", HPyFunc_O)
static HPy pack_error_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy t = HPy_NULL, d = HPy_NULL;
    const HPy args[] = { ctx->h_None, ctx->h_True, ctx->h_False };
    size_t nargs = sizeof(args) / sizeof(args[0]);
    int success;
    switch (HPyLong_AsInt64_t(ctx, arg)) {
    case 0: success = HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, HPy_NULL, NULL, &d); break;
    case 1: success = HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, HPy_NULL, &t, NULL); break;
    case 2: success = HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, HPy_NULL, NULL, NULL); break;
    case 3: success = HPyHelpers_PackArgsAndKeywords(ctx, args, nargs, ctx->h_None, &t, &d); break;
    default:
        HPyErr_SetString(ctx, ctx->h_ValueError, "unknown test mode");
        return HPy_NULL;
    }
    /* on failure the outputs are not written */
    if (!success && (!HPy_IsNull(t) || !HPy_IsNull(d))) {
        HPyErr_Clear(ctx);
        HPyErr_SetString(ctx, ctx->h_AssertionError, "an output was written on failure");
    }
    return success ? HPy_Dup(ctx, ctx->h_None) : HPy_NULL;
}

static HPyType_Spec dummy_spec = { .name = "mytest.Dummy" };
HPyDef_METH(add_type, "add_type", HPyFunc_O)
static HPy add_type_impl(HPyContext *ctx, HPy self, HPy target) {
    if (!HPyHelpers_AddType(ctx, target, "Dummy", &dummy_spec, NULL))
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}

static HPyStructSequence_Field structseq_fields[] = {
    { "field0", "doc0" },
    { "field1", NULL },
    { NULL, NULL },
    { NULL, NULL },
};
static HPyStructSequence_Desc withfields_desc = {
    .name = "mytest.WithFields",
    .doc = "some doc",
    .fields = structseq_fields,
};
static HPyStructSequence_Field sentinel = { NULL, NULL };
static HPyStructSequence_Desc noname_desc = { .fields = &sentinel };

HPyDef_METH(new_type, "new_type", HPyFunc_NOARGS)
static HPy new_type_impl(HPyContext *ctx, HPy self) {
    structseq_fields[2].name = HPyStructSequence_UnnamedField;
    return HPyStructSequence_NewType(ctx, &withfields_desc);
}
HPyDef_METH(new_type_noname, "new_type_noname", HPyFunc_NOARGS)
static HPy new_type_noname_impl(HPyContext *ctx, HPy self) {
    return HPyStructSequence_NewType(ctx, &noname_desc);
}
HPyDef_METH(unnamed_field, "unnamed_field", HPyFunc_NOARGS)
static HPy unnamed_field_impl(HPyContext *ctx, HPy self) {
    return HPyUnicode_FromString(ctx, HPyStructSequence_UnnamedField);
}
#define N 3
HPyDef_METH(build, "build", HPyFunc_O)
static HPy build_impl(HPyContext *ctx, HPy self, HPy type) {
    HPy elements[N];
    elements[0] = HPyLong_FromInt64_t(ctx, 1);
    elements[1] = HPyFloat_FromDouble(ctx, 2.0);
    elements[2] = HPyUnicode_FromString(ctx, "3");
    HPy structseq = HPyStructSequence_New(ctx, type, N, elements);
    for (int i = 0; i < N; i++)
        HPy_Close(ctx, elements[i]);
    return structseq;
}
`);

test('PackArgsAndKeywords: positional arguments into a tuple, nothing into None', () => {
  assert.deepEqual(m.pack(), tuple(undefined, undefined));
  const bytes = Buffer.from('3');
  const r = m.pack(1, '2', bytes) as unknown[];
  assert.deepEqual(r, tuple(tuple(1, '2', bytes), undefined));
  assert.ok(Object.isFrozen(r[0]), 'a tuple');
});

test('PackArgsAndKeywords: keyword arguments into a dict', () => {
  const bytes = Buffer.from('3');
  const kw = (positional: unknown[], keywords: Record<string, unknown>) =>
    m.pack_kw(positional.length, Object.freeze(Object.keys(keywords)), ...positional, ...Object.values(keywords));
  assert.deepEqual(kw([1, '2', bytes], { a: 'b', c: 'd' }), tuple(tuple(1, '2', bytes), { a: 'b', c: 'd' }));
  assert.deepEqual(kw([], { a: 'b', c: 'd' }), tuple(undefined, { a: 'b', c: 'd' }));
  assert.deepEqual(m.pack_kw(0, Object.freeze([])), tuple(undefined, undefined), 'an empty kwnames tuple');
});

test('PackArgsAndKeywords: NULL outputs are a SystemError, kwnames that is not a tuple a TypeError; outputs untouched', () => {
  for (const mode of [0, 1, 2]) assert.throws(() => m.pack_error(mode), SystemError);
  assert.throws(() => m.pack_error(0), { message: /'out_pos_args' must not be NULL/ });
  assert.throws(() => m.pack_error(1), { message: /'out_kwd' must not be NULL/ });
  assert.throws(() => m.pack_error(3), TypeError);
});

test('AddType: the class made by HPyType_FromSpec becomes an attribute of the target', () => {
  const target: Record<string, unknown> = {};
  m.add_type(target);
  assert.equal(typeof target.Dummy, 'function');
  assert.equal((target.Dummy as { name: string }).name, 'Dummy');
});

test('StructSequence_NewType: a descriptor without a name is a SystemError', () => {
  assert.throws(() => m.new_type_noname(), { name: 'SystemError', message: /descriptor has no name/ });
});

test('StructSequence_NewType: a tuple-shaped class (test/types/structseq has the rest)', () => {
  const T = m.new_type() as { name: string; n_fields: number };
  assert.deepEqual([T.name, T.n_fields], ['WithFields', 3]);
  assert.equal(m.unnamed_field(), '_');
});

test('StructSequence_New: calls a type that has n_fields with the values; TypeError otherwise', () => {
  // What NewType will return once types exist, as far as New looks at it:
  // a callable with n_fields.
  function WithFields(...values: unknown[]) {
    return Object.freeze(Object.assign([...values], { field0: values[0], field1: values[1] }));
  }
  WithFields.n_fields = 3;
  const s0 = m.build(WithFields) as unknown[] & { field0: unknown; field1: unknown };
  assert.equal(s0.field0, 1);
  assert.equal(s0.field1, 2.0);
  assert.equal(s0[2], '3');

  function NoFields() {
    return Object.freeze([]);
  }
  NoFields.n_fields = 0;
  assert.throws(() => m.build(NoFields), { name: 'TypeError', message: 'expected exactly 0 arguments but got 3' });
  assert.throws(() => m.build(String), { name: 'TypeError', message: /does not look like a struct sequence type/ });
});
