// Generated files are committed; regenerating must not change them, and the
// API description must stay well-formed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allGenerators } from '../tools/autogen/main';
import { loadApi, parseDeclaration } from '../tools/autogen/api';

const ROOT = resolve(__dirname, '..');

test('every generated file is up to date (run `npm run autogen` if not)', () => {
  for (const g of allGenerators()) {
    const committed = readFileSync(join(ROOT, g.path), 'utf8');
    assert.equal(committed, g.generate(), `${g.path} is stale`);
  }
});

test('the API has 189 functions and 84 handles in 273 gapless slots', () => {
  const api = loadApi();
  assert.equal(api.functions.length, 189);
  assert.equal(api.handles.length, 84);
  assert.equal(api.slotCount, 273);
  assert.deepEqual(api.functions.map((f) => f.id), [...Array(189).keys()]);
});

test('declarations parse into return type, public name and parameters', () => {
  assert.deepEqual(parseDeclaration('HPy HPy_Add(HPyContext *ctx, HPy h1, HPy h2)'), {
    returnType: 'HPy',
    publicName: 'HPy_Add',
    params: [{ type: 'HPy', name: 'h1' }, { type: 'HPy', name: 'h2' }],
  });
  assert.deepEqual(parseDeclaration('HPy HPyTuple_FromArray(HPyContext *ctx, const HPy items[], HPy_ssize_t n)').params[0], {
    type: 'const HPy *',
    name: 'items',
  });
  assert.throws(() => parseDeclaration('HPy ctx_Add(HPy h1)'), /first parameter must be 'HPyContext \*ctx'/);
});

test('the C context struct lists slots in HPy 0.9 order', () => {
  const header = readFileSync(join(ROOT, 'native/include/hpy/autogen_ctx.h'), 'utf8');
  const order = [...header.matchAll(/(?:HPy (h_\w+);|\(\*(ctx_\w+)\))/g)].map((m) => m[1] ?? m[2]);
  assert.equal(order.length, 273);
  assert.equal(order[0], 'h_None');
  assert.equal(order[77], 'ctx_Dup');
  assert.equal(order[238], 'h_ComplexType');
  assert.equal(order[272], 'ctx_Slice_New');
});
