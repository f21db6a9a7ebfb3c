import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';

test('a handle not closed stays valid after the call that created it, until closed', () => {
  const m = makeModule(`
static HPy kept;
HPyDef_METH(keep, "keep", HPyFunc_O)
static HPy keep_impl(HPyContext *ctx, HPy self, HPy arg) {
    kept = HPy_Dup(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(get, "get", HPyFunc_NOARGS)
static HPy get_impl(HPyContext *ctx, HPy self) { return HPy_Dup(ctx, kept); }
HPyDef_METH(drop, "drop", HPyFunc_NOARGS)
static HPy drop_impl(HPyContext *ctx, HPy self) { HPy_Close(ctx, kept); return HPy_Dup(ctx, ctx->h_None); }`);
  const obj = { big: 'object' };
  m.keep(obj);
  assert.equal(m.get(), obj);
  m.keep('a string');
  assert.equal(m.get(), 'a string');
  m.drop();
  assert.throws(() => m.get(), { name: 'SystemError', message: /invalid handle.*closed/ });
});

test('using a closed handle is a SystemError, not a crash', () => {
  const m = makeModule(`
HPyDef_METH(uaf, "uaf", HPyFunc_O)
static HPy uaf_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy d = HPy_Dup(ctx, arg);
    HPy_Close(ctx, d);
    return HPy_Dup(ctx, d);
}
HPyDef_METH(garbage, "garbage", HPyFunc_NOARGS)
static HPy garbage_impl(HPyContext *ctx, HPy self) {
    HPy h = { 123456789 };
    return HPy_Dup(ctx, h);
}`);
  assert.throws(() => m.uaf({}), { name: 'SystemError', message: /invalid handle/ });
  assert.throws(() => m.garbage(), { name: 'SystemError', message: /invalid handle/ });
});

test('many handles in one call: the table grows and results stay right', () => {
  const m = makeModule(`
HPyDef_METH(sum, "sum", HPyFunc_O)
static HPy sum_impl(HPyContext *ctx, HPy self, HPy n) {
    HPy acc = HPyLong_FromInt64_t(ctx, 0);
    int64_t count = HPyLong_AsInt64_t(ctx, n);
    for (int64_t i = 0; i < count; i++) {
        HPy one = HPyLong_FromInt64_t(ctx, 1);
        HPy next = HPy_Add(ctx, acc, one);
        HPy_Close(ctx, one);
        HPy_Close(ctx, acc);
        acc = next;
    }
    return acc;
}`);
  assert.equal(m.sum(100000), 100000);
});
