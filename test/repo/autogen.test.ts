// Generated files are committed; regenerating must not change them, and the
// API description must stay well-formed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allGenerators } from '../../tools/autogen/main';
import { API_DIR, loadApi, parseDeclaration, parseProvider } from '../../tools/autogen/api';
import { loadSlots } from '../../tools/autogen/slots';
import { HELPER_NAMES } from '../../src/generated/helper-contract';
import { helpers } from '../../src/universal/helpers/index';

const ROOT = resolve(__dirname, '..', '..');

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

test('provided_by says how each function is provided; anything else stops the generator', () => {
  assert.deepEqual(parseProvider('ctx_Add', 'native'), { kind: 'native' });
  assert.deepEqual(parseProvider('ctx_New', 'unsupported'), { kind: 'unsupported' });
  assert.deepEqual(parseProvider('ctx_Repr', 'js:repr'), { kind: 'js', helper: 'repr' });
  assert.throws(() => parseProvider('ctx_Add', 'nativ'), /ctx_Add: provided_by must be native, js:<helper> or unsupported, got 'nativ'/);
  assert.throws(() => parseProvider('ctx_Add', undefined), /got ''/);
  const api = loadApi();
  const kinds = new Set(api.functions.map((f) => f.provider.kind));
  assert.deepEqual([...kinds].sort(), ['js', 'native', 'unsupported']);
});

test('a js: body must name a helper of js-helpers.tsv that takes the function\'s handles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hpy-api-'));
  const copy = (edit: (fns: string) => string) => {
    writeFileSync(join(dir, 'ctx-functions.tsv'), edit(readFileSync(join(API_DIR, 'ctx-functions.tsv'), 'utf8')));
    writeFileSync(join(dir, 'ctx-handles.tsv'), readFileSync(join(API_DIR, 'ctx-handles.tsv')));
    writeFileSync(join(dir, 'js-helpers.tsv'), readFileSync(join(API_DIR, 'js-helpers.tsv')));
  };
  copy((t) => t.replace('\tjs:repr\n', '\tjs:reprr\n'));
  assert.throws(() => loadApi(dir), /ctx_Repr: provided_by names js:reprr, which is not in js-helpers.tsv/);
  copy((t) => t.replace(/(ctx_Long_AsDouble\t[^\t]*\t)native/, '$1js:float'));
  assert.throws(() => loadApi(dir), /ctx_Long_AsDouble: a js: body can return HPy, int or void, not double/);
  copy((t) => t.replace(/(ctx_Power\t[^\t]*\t)native/, '$1js:add'));
  assert.throws(() => loadApi(dir), /ctx_Power: a js: body passes the function's handles .*add takes 2/);
});

test('the runtime helpers object has exactly the helpers the native side calls', () => {
  assert.deepEqual(Object.keys(helpers).sort(), [...HELPER_NAMES].sort());
  assert.equal(HELPER_NAMES.length, loadApi().helpers.length);
  for (const h of loadApi().helpers) assert.equal(typeof helpers[h.name as keyof typeof helpers], 'function', h.name);
});

test('type-slots.tsv: HPy 0.9.0 numbers, one row per slot, and the lists generated from it agree', () => {
  const slots = loadSlots();
  const by = new Map(slots.map((s) => [s.name, s]));
  assert.equal(by.get('nb_add')?.number, 7);
  assert.equal(by.get('tp_destroy')?.number, 1000);
  assert.equal(by.get('mod_exec')?.signature, 'HPyFunc_INQUIRY');
  assert.equal(by.get('nb_subtract')?.operator, '-');
  assert.equal(by.get('tp_new')?.jsName, null);
  const header = readFileSync(join(ROOT, 'native/include/hpy/autogen_hpyslot.h'), 'utf8');
  assert.equal([...header.matchAll(/^    HPy_(\w+) = \d+,$/gm)].length, slots.length);
  const dir = mkdtempSync(join(tmpdir(), 'slots-'));
  const rows = readFileSync(join(API_DIR, 'type-slots.tsv'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(dir, 'type-slots.tsv'), [...rows, rows[rows.length - 1]].join('\n') + '\n');
  assert.throws(() => loadSlots(dir), /appears twice/);
  writeFileSync(join(dir, 'type-slots.tsv'), [...rows, 'nb_fancy\t7\tHPyFunc_BINARYFUNC\t\t'].join('\n') + '\n');
  assert.throws(() => loadSlots(dir), /number 7 is used by both nb_add and nb_fancy/);
});
