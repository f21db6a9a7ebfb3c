// More than one base (HPyType_SpecParam_Base given twice, or a BasesTuple of
// several): HPy 0.9.0's test_hpytype.py test_issubtype, and what hpy-node
// decides for JavaScript's single inheritance: the first base is the
// prototype parent, HPyType_IsSubtype and HPy_TypeCheck honour every base,
// and a later base with a C struct is a layout conflict (TypeError).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { Dict, Int } from '../../src/index';

const SRC = `
static HPyType_Spec Dummy_spec = { .name = "mytest.Dummy", .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE };
static HPyType_Spec Single_spec = { .name = "mytest.Single" };
static HPyType_Spec Dual_spec = { .name = "mytest.Dual" };
static HPyType_Spec Pair_spec = { .name = "mytest.Pair" };
typedef struct { long x; } WithStruct;
static HPyType_Spec WithStruct_spec = { .name = "mytest.WithStruct", .basicsize = sizeof(WithStruct),
                                        .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE };
static HPyType_Spec Conflict_spec = { .name = "mytest.Conflict" };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy module)
{
    HPy h_dummy = HPyType_FromSpec(ctx, &Dummy_spec, NULL);
    if (HPy_IsNull(h_dummy) || HPy_SetAttr_s(ctx, module, "Dummy", h_dummy) < 0) return -1;
    HPyType_SpecParam single_param[] = { { HPyType_SpecParam_Base, ctx->h_LongType }, { (HPyType_SpecParam_Kind)0 } };
    HPy h_single = HPyType_FromSpec(ctx, &Single_spec, single_param);
    if (HPy_IsNull(h_single) || HPy_SetAttr_s(ctx, module, "Single", h_single) < 0) return -1;
    HPy_Close(ctx, h_single);
    HPyType_SpecParam dual_param[] = {
        { HPyType_SpecParam_Base, ctx->h_LongType },
        { HPyType_SpecParam_Base, h_dummy },
        { (HPyType_SpecParam_Kind)0 }
    };
    HPy h_dual = HPyType_FromSpec(ctx, &Dual_spec, dual_param);
    if (HPy_IsNull(h_dual) || HPy_SetAttr_s(ctx, module, "Dual", h_dual) < 0) return -1;
    HPy_Close(ctx, h_dual);
    /* the same through a BasesTuple, the FromSpec type first */
    HPy items[2] = { h_dummy, ctx->h_DictType };
    HPy bases = HPyTuple_FromArray(ctx, items, 2);
    HPyType_SpecParam pair_param[] = { { HPyType_SpecParam_BasesTuple, bases }, { (HPyType_SpecParam_Kind)0 } };
    HPy h_pair = HPyType_FromSpec(ctx, &Pair_spec, pair_param);
    HPy_Close(ctx, bases);
    HPy_Close(ctx, h_dummy);
    if (HPy_IsNull(h_pair) || HPy_SetAttr_s(ctx, module, "Pair", h_pair) < 0) return -1;
    HPy_Close(ctx, h_pair);
    return 0;
}

/* conflict(): bases (Dummy-like object, WithStruct): the struct is not the first base's */
HPyDef_METH(conflict, "conflict", HPyFunc_NOARGS)
static HPy conflict_impl(HPyContext *ctx, HPy self)
{
    HPy with_struct = HPyType_FromSpec(ctx, &WithStruct_spec, NULL);
    if (HPy_IsNull(with_struct)) return HPy_NULL;
    HPyType_SpecParam params[] = {
        { HPyType_SpecParam_Base, ctx->h_ListType },
        { HPyType_SpecParam_Base, with_struct },
        { (HPyType_SpecParam_Kind)0 }
    };
    HPy r = HPyType_FromSpec(ctx, &Conflict_spec, params);
    HPy_Close(ctx, with_struct);
    return r;
}

HPyDef_METH(issubtype, "issubtype", HPyFunc_VARARGS)
static HPy issubtype_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPyLong_FromLong(ctx, HPyType_IsSubtype(ctx, args[0], args[1]));
}
HPyDef_METH(typecheck, "typecheck", HPyFunc_VARARGS)
static HPy typecheck_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPyLong_FromLong(ctx, HPy_TypeCheck(ctx, args[0], args[1]));
}
`;

const m = makeModule<Record<string, any>>(SRC);

test('test_issubtype: every base counts for HPyType_IsSubtype', () => {
  const int = Int;
  assert.equal(m.issubtype(m.Single, int), 1);
  assert.equal(m.issubtype(m.Dual, int), 1);
  assert.equal(m.issubtype(m.Dual, m.Dummy), 1);
  assert.equal(m.issubtype(m.Single, m.Dummy), 0);
  assert.equal(m.issubtype(m.Single, m.Dual), 0);
  assert.equal(m.issubtype(m.Dual, m.Single), 0);
});

test('the first base is the prototype parent; HPy_TypeCheck honours the others, instanceof the first only', () => {
  const p = new m.Pair();
  assert.equal(Object.getPrototypeOf(m.Pair), m.Dummy);
  assert.equal(p instanceof m.Dummy, true);
  assert.equal(m.typecheck(p, m.Dummy), 1);
  assert.equal(m.typecheck(p, Dict), 1, 'dict, the second base, by HPy_TypeCheck');
  assert.equal(p instanceof Dict, false, 'but not by instanceof');
  assert.equal(m.issubtype(m.Pair, Dict), 1);
  assert.equal(m.typecheck(new m.Dummy(), Dict), 0);
  const bases = m.Pair[Symbol.for('hpy.bases')];
  assert.deepEqual([bases.length, bases[0], bases[1], Object.isFrozen(bases)], [2, m.Dummy, Dict, true]);
});

test('a later base with a C struct is a layout conflict (TypeError), as CPython refuses', () => {
  assert.throws(() => m.conflict(), { name: 'TypeError', message: /multiple bases have instance lay-out conflict: 'mytest.WithStruct' \(base 1 of 'mytest.Conflict'\)/ });
});

test('test_specparam_base: a type of the default shape over int, without a struct of its own, makes ints (Long shape)', () => {
  const d = new m.Single();
  assert.equal(d == 0, true);
  assert.equal(new m.Single(42) == 42, true);
  assert.equal(d instanceof m.Single, true);
  assert.equal(m.typecheck(d, Int), 1);
  assert.equal(new m.Dual(7) == 7, true, 'Dual too: its first base is int');
});
