// The buffer slots, HPy_bf_getbuffer and HPy_bf_releasebuffer (HPy 0.9.0's
// test_slots.py test_buffer, and more): bufferOf(obj) from JavaScript gives a
// typed array over the exported memory until released (release(),
// Symbol.dispose, collection, exit), with bf_releasebuffer called once; a
// read-only buffer is a copy; HPyUnicode_FromEncodedObject and HPy_Bytes take
// such instances from C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildModule, makeModule } from '../support/make-module';
import { BufferError, bufferOf, HpyBuffer } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';
import { typedArrayFor } from '../../src/universal/buffer';

const ROOT = resolve(__dirname, '..', '..');

const BUFFER_SRC = `
#include <stdio.h>
typedef struct { int exports; int readonly; double data[4]; } ArrObject;
HPyType_HELPERS(ArrObject)

static long releases;
static int print_releases;
static HPy_ssize_t arr_shape[1] = {4};
static HPy_ssize_t arr_strides[1] = {sizeof(double)};

HPyDef_SLOT(Arr_new, HPy_tp_new)
static HPy Arr_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    ArrObject *a;
    HPy h = HPy_New(ctx, cls, &a);
    if (HPy_IsNull(h)) return HPy_NULL;
    for (int i = 0; i < 4; i++) a->data[i] = i + 0.5;
    a->readonly = nargs > 0 && HPy_IsTrue(ctx, args[0]);
    return h;
}

HPyDef_SLOT(Arr_getbuffer, HPy_bf_getbuffer)
static int Arr_getbuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *buf, int flags)
{
    ArrObject *a = ArrObject_AsStruct(ctx, self);
    if (a->exports > 0) {
        HPyErr_SetString(ctx, ctx->h_BufferError, "only one buffer allowed");
        return -1;
    }
    if ((flags & 1) && a->readonly) {   /* PyBUF_WRITABLE */
        HPyErr_SetString(ctx, ctx->h_BufferError, "Arr is read-only");
        return -1;
    }
    a->exports++;
    buf->buf = a->data;
    buf->len = sizeof a->data;
    buf->itemsize = sizeof(double);
    buf->readonly = a->readonly;
    buf->ndim = 1;
    buf->format = (char *)"d";
    buf->shape = arr_shape;
    buf->strides = arr_strides;
    buf->suboffsets = NULL;
    buf->internal = NULL;
    buf->obj = HPy_Dup(ctx, self);
    return 0;
}

HPyDef_SLOT(Arr_releasebuffer, HPy_bf_releasebuffer)
static void Arr_releasebuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *buf)
{
    ArrObject *a = ArrObject_AsStruct(ctx, self);
    a->exports--;
    releases++;
    if (print_releases) fprintf(stderr, "released %g\\n", a->data[0]);
}

HPyDef_METH(Arr_get, "get", HPyFunc_O)
static HPy Arr_get_impl(HPyContext *ctx, HPy self, HPy i)
{
    return HPyFloat_FromDouble(ctx, ArrObject_AsStruct(ctx, self)->data[HPyLong_AsLong(ctx, i) & 3]);
}

HPyDef_MEMBER(Arr_exports, "exports", HPyMember_INT, offsetof(ArrObject, exports), .readonly = 1)

static HPyDef *Arr_defines[] = { &Arr_new, &Arr_getbuffer, &Arr_releasebuffer, &Arr_get, &Arr_exports, NULL };
static HPyType_Spec Arr_spec = { .name = "buf.Arr", .basicsize = sizeof(ArrObject), .defines = Arr_defines };

/* read-only text, no format (bytes), no release slot */
typedef struct { long pad; } TextObject;
HPyType_HELPERS(TextObject)
static char text[] = "h\\xc3\\xa9llo";
HPyDef_SLOT(Text_getbuffer, HPy_bf_getbuffer)
static int Text_getbuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *buf, int flags)
{
    buf->buf = text;
    buf->len = sizeof text - 1;
    buf->itemsize = 1;
    buf->readonly = 1;
    buf->ndim = 1;
    buf->format = NULL;
    buf->shape = NULL;
    buf->strides = NULL;
    buf->suboffsets = NULL;
    buf->obj = HPy_Dup(ctx, self);
    return 0;
}
static HPyDef *Text_defines[] = { &Text_getbuffer, NULL };
static HPyType_Spec Text_spec = { .name = "buf.Text", .basicsize = sizeof(TextObject), .defines = Text_defines };

static HPyType_Spec Plain_spec = { .name = "buf.Plain", .basicsize = sizeof(long) };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Arr", &Arr_spec, NULL) && HPyHelpers_AddType(ctx, m, "Text", &Text_spec, NULL) &&
           HPyHelpers_AddType(ctx, m, "Plain", &Plain_spec, NULL) ? 0 : -1;
}

HPyDef_METH(releases_total, "releases_total", HPyFunc_NOARGS)
static HPy releases_total_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, releases); }

HPyDef_METH(print_on_release, "print_on_release", HPyFunc_NOARGS)
static HPy print_on_release_impl(HPyContext *ctx, HPy self) { print_releases = 1; return HPy_Dup(ctx, ctx->h_None); }

HPyDef_METH(decode, "decode", HPyFunc_O)
static HPy decode_impl(HPyContext *ctx, HPy self, HPy obj) { return HPyUnicode_FromEncodedObject(ctx, obj, "utf-8", "strict"); }

HPyDef_METH(to_bytes, "to_bytes", HPyFunc_O)
static HPy to_bytes_impl(HPyContext *ctx, HPy self, HPy obj) { return HPy_Bytes(ctx, obj); }
`;

interface Arr { get(i: number): number; readonly exports: number }
type BufModule = {
  Arr: new (readonly?: boolean) => Arr;
  Text: new () => object;
  Plain: new () => object;
  releases_total(): number;
  print_on_release(): void;
  decode(o: unknown): string;
  to_bytes(o: unknown): Buffer;
};

for (const mode of ['universal', 'debug'] as const) {
  test(`${mode}: bufferOf gives a typed array over the exported memory, with the exporter's layout`, () => {
    const m = makeModule<BufModule>(BUFFER_SRC, { mode });
    const a = new m.Arr();
    const b = bufferOf(a);
    assert.ok(b instanceof HpyBuffer);
    assert.ok(b.data instanceof Float64Array, 'format "d", itemsize 8: a Float64Array');
    assert.deepEqual([...b.data], [0.5, 1.5, 2.5, 3.5]);
    assert.deepEqual([b.format, b.itemsize, b.ndim, b.shape, b.strides, b.readonly], ['d', 8, 1, [4], [8], false]);
    b.data[2] = 42;
    assert.equal(a.get(2), 42, 'the same memory: a write from JavaScript reaches the struct');
    assert.equal(a.exports, 1);
    assert.throws(() => bufferOf(a), (e: Error) => e instanceof BufferError && e.message === 'only one buffer allowed');
    const before = m.releases_total();
    assert.equal(b.release(), true);
    assert.equal(b.release(), false, 'released once');
    assert.equal(m.releases_total() - before, 1, 'bf_releasebuffer ran exactly once');
    assert.equal(a.exports, 0);
    assert.equal(b.released, true);
    assert.equal(b.data.length, 0, 'detached: JavaScript cannot reach the memory any more');
    const again = bufferOf(a);
    assert.equal(again.data[2], 42);
    (again as unknown as Record<symbol, () => void>)[(Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose')]();
    assert.equal(again.released, true, 'Symbol.dispose releases');
    assert.equal(a.exports, 0);
  });
}

test('a read-only buffer is a copy: JavaScript never writes the exporter\'s memory; writable requests are refused', () => {
  const m = makeModule<BufModule>(BUFFER_SRC);
  const a = new m.Arr(true);
  const b = bufferOf(a);
  assert.equal(b.readonly, true);
  b.data[0] = 99;
  assert.equal(a.get(0), 0.5, 'the write changed the copy only');
  b.release();
  assert.throws(() => bufferOf(a, { writable: true }), (e: Error) => e instanceof BufferError && /read-only/.test(e.message));
  assert.equal(a.exports, 0);
  const t = bufferOf(new m.Text());
  assert.ok(t.data instanceof Uint8Array, 'no format: bytes');
  assert.deepEqual([t.format, t.itemsize, t.shape, t.strides], ['B', 1, null, null]);
  assert.equal(Buffer.from(t.data).toString('utf8'), 'héllo');
  t.release();
});

test('objects without bf_getbuffer are refused with a TypeError', () => {
  const m = makeModule<BufModule>(BUFFER_SRC);
  assert.throws(() => bufferOf(new m.Plain()), { name: 'TypeError', message: /a bytes-like object is required, not 'buf\.Plain' \(its type has no HPy_bf_getbuffer\)/ });
  assert.throws(() => bufferOf({}), { name: 'TypeError', message: /a bytes-like object is required, not 'Object'/ });
  assert.throws(() => m.to_bytes(new m.Plain()), { name: 'TypeError', message: /cannot convert 'Plain' object to bytes/ });
});

for (const mode of ['universal', 'trace', 'debug'] as const) {
  test(`${mode}: HPyUnicode_FromEncodedObject and HPy_Bytes take an exporting instance, and release its buffer`, () => {
    const m = makeModule<BufModule>(BUFFER_SRC, { mode });
    assert.equal(m.decode(new m.Text()), 'héllo');
    assert.deepEqual(m.to_bytes(new m.Text()), Buffer.from('héllo'));
    const a = new m.Arr();
    const before = m.releases_total();
    assert.equal(m.to_bytes(a).length, 32);
    const b = new m.Arr();
    assert.throws(() => m.decode(b), { name: 'UnicodeDecodeError' }, 'doubles are no UTF-8');
    assert.equal(m.releases_total() - before, 2, 'released after use, and on the decoding error too');
    assert.equal(a.exports + b.exports, 0);
    const held = bufferOf(a);
    assert.throws(() => m.to_bytes(a), (e: Error) => e instanceof BufferError, 'the exporter\'s error reaches C');
    held.release();
  });
}

test('trace mode counts the exporter\'s calls, and the host closes the obj handle it set', () => {
  const m = makeModule<BufModule>(BUFFER_SRC, { mode: 'trace', name: 'buffer_trace_counts' });
  const a = new m.Arr();
  const count = (name: string): number => (get_call_counts({ module: m }) as Record<string, number>)[name] ?? 0;
  const dup = count('ctx_Dup'), close = count('ctx_Close');
  bufferOf(a).release();
  assert.equal(count('ctx_Dup') - dup, 1, 'bf_getbuffer\'s HPy_Dup(self) into buf->obj');
  assert.equal(count('ctx_Close') - close, 1, 'closed by the host in the same context');
});

function child(body: string): { stdout: string; stderr: string } {
  const so = buildModule(BUFFER_SRC);
  const script = `
const { load, bufferOf } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const m = load(${JSON.stringify(so)});
(async () => { ${body} })().then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exitCode = 1; });`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, stderr: r.stderr };
}

test('a buffer whose data is collected is released then, once', () => {
  const { stdout } = child(`
const a = new m.Arr();
(function () { bufferOf(a).data[0] = 7; })();
for (let i = 0; i < 30 && a.exports > 0; i++) { global.gc(); await new Promise((r) => setImmediate(r)); }
return { exports: a.exports, releases: m.releases_total(), first: a.get(0) };`);
  assert.deepEqual(JSON.parse(stdout.trim()), { exports: 0, releases: 1, first: 7 });
});

test('a buffer still held when the process exits is released then', () => {
  const { stderr } = child(`
m.print_on_release();
const a = new m.Arr();
globalThis.held = bufferOf(a);
globalThis.held.data[0] = 3.25;
return 'exiting';`);
  assert.equal(stderr.match(/^released 3\.25$/gm)?.length, 1);
});

test('the typed array follows the struct-module format and item size; other layouts are bytes', () => {
  const cases: Array<[string, number, number, string]> = [
    ['B', 1, 8, 'Uint8Array'], ['b', 1, 8, 'Int8Array'], ['<h', 2, 8, 'Int16Array'], ['=I', 4, 8, 'Uint32Array'],
    ['@l', 8, 8, 'BigInt64Array'], ['l', 4, 8, 'Int32Array'], ['Q', 8, 16, 'BigUint64Array'], ['f', 4, 8, 'Float32Array'],
    ['d', 8, 7, 'Uint8Array'],   // a length that is no whole number of items
    ['ii', 8, 16, 'Uint8Array'], // a struct
    ['>i', 4, 8, 'Uint8Array'],  // big-endian on a little-endian host
    ['d', 4, 8, 'Uint8Array'],   // an item size that does not match the format
  ];
  for (const [format, itemsize, len, name] of cases) assert.equal(typedArrayFor(format, itemsize, len).name, name, `${format}/${itemsize}`);
});
