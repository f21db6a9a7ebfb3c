// bufferOf on exporters that report what JavaScript cannot hold or what
// cannot be true: a len above Node's ArrayBuffer maximum (it was a double
// free: napi_create_external_arraybuffer runs its finalizer when it fails)
// and an ndim outside 0..64 (1000 entries were read from a one-entry shape).
// Each is a BufferError naming the type and what is wrong, and the exporter's
// bf_releasebuffer runs once. The cases run in a child process: before the
// fixes they crashed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModule } from '../support/make-module';
import { childJson, runChild, SRC_INDEX } from '../fixtures/reliability-native-child';

// Lie.exporter: its bf_getbuffer gives 8 real bytes but reports the len and
// ndim last given to set(len, ndim, readonly); one-entry shape and strides.
const LIE_SRC = `
typedef struct { long pad; } LieObject;
HPyType_HELPERS(LieObject)
static double mem[1];
static HPy_ssize_t lie_shape[1] = {1}, lie_strides[1] = {8};
static HPy_ssize_t lie_len = 8;
static int lie_ndim = 1, lie_readonly, releases;

HPyDef_SLOT(Lie_getbuffer, HPy_bf_getbuffer)
static int Lie_getbuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *buf, int flags)
{
    buf->buf = mem;
    buf->len = lie_len;
    buf->itemsize = 8;
    buf->readonly = lie_readonly;
    buf->ndim = lie_ndim;
    buf->format = (char *)"d";
    buf->shape = lie_shape;
    buf->strides = lie_strides;
    buf->suboffsets = NULL;
    buf->internal = NULL;
    buf->obj = HPy_Dup(ctx, self);
    return 0;
}
HPyDef_SLOT(Lie_releasebuffer, HPy_bf_releasebuffer)
static void Lie_releasebuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *buf) { releases++; }
HPyDef_SLOT(Lie_new, HPy_tp_new)
static HPy Lie_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    LieObject *o;
    return HPy_New(ctx, cls, &o);
}
static HPyDef *Lie_defines[] = { &Lie_new, &Lie_getbuffer, &Lie_releasebuffer, NULL };
static HPyType_Spec Lie_spec = { .name = "lie.Lie", .basicsize = sizeof(LieObject), .defines = Lie_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m) { return HPyHelpers_AddType(ctx, m, "Lie", &Lie_spec, NULL) ? 0 : -1; }

HPyDef_METH(set, "set", HPyFunc_VARARGS)
static HPy set_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs)
{
    lie_len = HPyLong_AsSsize_t(ctx, args[0]);
    lie_ndim = (int)HPyLong_AsLong(ctx, args[1]);
    lie_readonly = HPy_IsTrue(ctx, args[2]);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(releases_total, "releases_total", HPyFunc_NOARGS)
static HPy releases_total_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, releases); }
`;

// Runs each [len, ndim, readonly] through bufferOf in one child; returns per
// case the error (name: message) or the buffer's shape, and the number of
// releases that case caused.
function tryEach(cases: Record<string, [string, number, boolean]>): Record<string, { got: string; releases: number }> {
  const so = buildModule(LIE_SRC);
  const script = `
const { load, bufferOf } = require(${JSON.stringify(SRC_INDEX)});
const m = load(${JSON.stringify(so)});
const out = {};
for (const [key, [len, ndim, ro]] of Object.entries(${JSON.stringify(cases)})) {
  m.set(BigInt(len), ndim, ro);
  const before = m.releases_total();
  let got;
  try { const b = bufferOf(new m.Lie()); got = 'ok ' + JSON.stringify(b.shape); b.release(); }
  catch (e) { got = e.name + ': ' + e.message; }
  out[key] = { got, releases: m.releases_total() - before };
}
console.log(JSON.stringify(out));`;
  return childJson(runChild(script));
}

test('bufferOf: a len above what a JavaScript ArrayBuffer holds is a BufferError, released once (was a double free)', () => {
  const huge = String(2n ** 60n);
  const out = tryEach({ writable: [huge, 1, false], readonly: [huge, 1, true], fine: ['8', 1, false] });
  for (const key of ['writable', 'readonly']) {
    assert.match(out[key].got, /^BufferError: bufferOf: type 'lie\.Lie' exports a buffer of 1152921504606846976 bytes, more than a JavaScript ArrayBuffer can hold in this Node\.js \(\d+ bytes\)/, key);
    assert.equal(out[key].releases, 1, `${key}: bf_releasebuffer ran once`);
  }
  assert.deepEqual(out.fine, { got: 'ok [1]', releases: 1 });
});

test('bufferOf: an ndim below 0 or above 64 (CPython\'s limit) is a BufferError, released once (1000 was read out of bounds)', () => {
  const out = tryEach({ n1000: ['8', 1000, false], n65: ['8', 65, false], neg: ['8', -3, false], zero: ['8', 0, false], one: ['8', 1, true] });
  for (const [key, ndim] of [['n1000', 1000], ['n65', 65], ['neg', -3]] as const) {
    assert.equal(out[key].got, `BufferError: bf_getbuffer gave ndim ${ndim}, but a buffer has 0 to 64 dimensions (CPython's PyBUF_MAX_NDIM) (type 'lie.Lie')`, key);
    assert.equal(out[key].releases, 1, `${key}: bf_releasebuffer ran once`);
  }
  assert.deepEqual(out.zero, { got: 'ok null', releases: 1 });
  assert.deepEqual(out.one, { got: 'ok [1]', releases: 1 });
});
