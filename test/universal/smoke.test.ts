import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';

test('a method returning HPy_Add of its arguments adds numbers', () => {
  const m = makeModule(`
HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_Add(ctx, args[0], args[1]);
}`);
  assert.equal(m.add(1, 2), 3);
  assert.equal(m.add('a', 'b'), 'ab');
});
