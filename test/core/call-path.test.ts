// The call path from JavaScript into C (core/call_args.h, core/frame.h):
// results that go back as numbers without a V8 handle, and the frame slots
// that hold `self` and the arguments of the first nested frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { makeModule } from '../support/make-module';

// A collection on demand: instances are found by their object's address
// between collections, and objects move during them.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const m = makeModule<{
  float_of(x: unknown): unknown;
  long_of(x: unknown): unknown;
  sum(...xs: unknown[]): number;
  nest(depth: number, tag: number, again: (depth: number, tag: number) => number): number;
  close_arg(x: unknown): unknown;
  echo(x: unknown): unknown;
  constant(which: number): unknown;
  Sized: new (n: bigint | number) => object;
}>(`
HPyDef_METH(float_of, "float_of", HPyFunc_O)
static HPy float_of_impl(HPyContext *ctx, HPy self, HPy x) {
    double d = HPyFloat_AsDouble(ctx, x);
    if (d == -1.0 && HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyFloat_FromDouble(ctx, d);
}

HPyDef_METH(long_of, "long_of", HPyFunc_O)
static HPy long_of_impl(HPyContext *ctx, HPy self, HPy x) {
    int64_t v = HPyLong_AsInt64_t(ctx, x);
    if (v == -1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromInt64_t(ctx, v);
}

HPyDef_METH(sum, "sum", HPyFunc_VARARGS)
static HPy sum_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    double total = 0;
    for (size_t i = 0; i < nargs; i++) total += HPyFloat_AsDouble(ctx, args[i]);
    return HPyFloat_FromDouble(ctx, total);
}

/* nest(depth, tag, again): calls again(depth - 1, tag + 1) while depth > 0,
 * then checks that its own arguments still read what they did: a nested
 * frame must not have written over them. */
HPyDef_METH(nest, "nest", HPyFunc_VARARGS)
static HPy nest_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    long depth = HPyLong_AsLong(ctx, args[0]);
    long tag = HPyLong_AsLong(ctx, args[1]);
    long below = 0;
    if (depth > 0) {
        HPy next[2] = { HPyLong_FromLong(ctx, depth - 1), HPyLong_FromLong(ctx, tag + 1) };
        HPy r = HPy_Call(ctx, args[2], next, 2, HPy_NULL);
        HPy_Close(ctx, next[0]);
        HPy_Close(ctx, next[1]);
        if (HPy_IsNull(r)) return HPy_NULL;
        below = HPyLong_AsLong(ctx, r);
        HPy_Close(ctx, r);
    }
    if (HPyLong_AsLong(ctx, args[0]) != depth || HPyLong_AsLong(ctx, args[1]) != tag) {
        HPyErr_SetString(ctx, ctx->h_AssertionError, "an argument changed during a nested call");
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, below + tag);
}

/* A misuse HPy's debug mode reports: closing a borrowed argument. */
HPyDef_METH(close_arg, "close_arg", HPyFunc_O)
static HPy close_arg_impl(HPyContext *ctx, HPy self, HPy x) {
    HPy_Close(ctx, x);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(echo, "echo", HPyFunc_O)
static HPy echo_impl(HPyContext *ctx, HPy self, HPy x) { return HPy_Dup(ctx, x); }

HPyDef_METH(constant, "constant", HPyFunc_O)
static HPy constant_impl(HPyContext *ctx, HPy self, HPy which) {
    switch (HPyLong_AsLong(ctx, which)) {
    case 0: return HPy_Dup(ctx, ctx->h_None);
    case 1: return HPy_Dup(ctx, ctx->h_True);
    case 2: return HPy_Dup(ctx, ctx->h_False);
    default: return HPy_Dup(ctx, ctx->h_NotImplemented);
    }
}

typedef struct { int64_t n; } SizedObject;
HPyType_HELPERS(SizedObject)
HPyDef_SLOT(Sized_new, HPy_tp_new)
static HPy Sized_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw) {
    SizedObject *s;
    HPy h = HPy_New(ctx, cls, &s);
    if (HPy_IsNull(h)) return HPy_NULL;
    s->n = HPyLong_AsInt64_t(ctx, args[0]);
    return h;
}
HPyDef_SLOT(Sized_len, HPy_sq_length)
static HPy_ssize_t Sized_len_impl(HPyContext *ctx, HPy self) { return (HPy_ssize_t)SizedObject_AsStruct(ctx, self)->n; }
static HPyDef *Sized_defines[] = { &Sized_new, &Sized_len, NULL };
static HPyType_Spec Sized_spec = { .name = "cp.Sized", .basicsize = sizeof(SizedObject), .builtin_shape = SHAPE(SizedObject), .defines = Sized_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m) { return HPyHelpers_AddType(ctx, m, "Sized", &Sized_spec, NULL) ? 0 : -1; }
`);

test('a number result keeps its exact value: integers of every size, -0, fractions, NaN and infinities', () => {
  const values = [0, -0, 1, -1, 7.5, -7.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32, 2 ** 53, -(2 ** 53), 1e300, 5e-324, NaN, Infinity, -Infinity];
  for (const x of values) assert.ok(Object.is(m.float_of(x), x), `float_of(${Object.is(x, -0) ? '-0' : x}) gave ${String(m.float_of(x))}`);
  for (const x of [0, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1]) assert.ok(Object.is(m.long_of(x), x), `long_of(${x})`);
  assert.equal(m.long_of(2 ** 53), 2n ** 53n, 'an integer beyond the safe ones is a BigInt');
  assert.equal(m.long_of(2n ** 60n), 2n ** 60n);
});

test('a length from a slot: a number up to 2^53, a BigInt beyond', () => {
  const len = Symbol.for('hpy.sq_length');
  const sized = (n: bigint | number) => new m.Sized(n) as Record<symbol, () => unknown>;
  assert.equal(sized(3)[len](), 3);
  assert.equal(sized(2 ** 31 + 5)[len](), 2 ** 31 + 5);
  assert.equal(sized(2 ** 53)[len](), 2 ** 53);
  assert.equal(sized(2n ** 53n + 1n)[len](), 2n ** 53n + 1n);
});

test('arguments read right however many there are (past the frame slots too)', () => {
  for (const n of [0, 1, 2, 8, 9, 15, 16, 40]) {
    const xs = Array.from({ length: n }, (_, i) => i + 1);
    assert.equal(m.sum(...xs), (n * (n + 1)) / 2, `${n} arguments`);
  }
});

test('nested calls keep every frame its own arguments, deeper than the frame slots go', () => {
  const again = (depth: number, tag: number): number => m.nest(depth, tag, again);
  // Tags 0..depth add up at the top; 40 and 100 levels pass the 32 frames
  // that have slots, so the deeper ones take table entries instead.
  for (const depth of [0, 1, 31, 32, 33, 40, 100]) assert.equal(again(depth, 0), (depth * (depth + 1)) / 2, `depth ${depth}`);
});

test('a borrowed argument the extension closed leaves later calls right', () => {
  for (let i = 0; i < 5; i++) assert.equal(m.close_arg({ i }), undefined);
  const obj = { still: 'here' };
  assert.equal(m.echo(obj), obj);
  const again = (depth: number, tag: number): number => m.nest(depth, tag, again);
  assert.equal(again(5, 1), 1 + 2 + 3 + 4 + 5 + 6);
  assert.equal(m.sum(1, 2, 3), 6);
});

test('None, True and False come back as undefined, true and false; other constants as themselves', () => {
  assert.equal(m.constant(0), undefined);
  assert.equal(m.constant(1), true);
  assert.equal(m.constant(2), false);
  const notImplemented = m.constant(3);
  assert.notEqual(notImplemented, undefined);
  assert.equal(m.constant(3), notImplemented);
});

test('instances keep answering as themselves across collections, which move them', () => {
  const len = Symbol.for('hpy.sq_length');
  const sized = Array.from({ length: 200 }, (_, i) => new m.Sized(i) as Record<symbol, () => unknown>);
  for (let round = 0; round < 5; round++) {
    // Young objects churned in between, so that collections reuse addresses.
    for (let j = 0; j < 2000; j++) new m.Sized(j);
    gc();
    for (let i = 0; i < sized.length; i++) assert.equal(sized[i][len](), i, `round ${round}, instance ${i}`);
  }
  // Batches that die, one after another: after a collection a new batch
  // takes the addresses of the one before, which must not answer for it.
  for (let round = 0; round < 5; round++) {
    const batch = Array.from({ length: 200 }, (_, i) => new m.Sized(round * 1000 + i) as Record<symbol, () => unknown>);
    for (let i = 0; i < batch.length; i++) assert.equal(batch[i][len](), round * 1000 + i, `batch ${round}, instance ${i}`);
    gc();
  }
  // An object that is not an instance, called right after instances were.
  const lenOf = (sized[7] as unknown as Record<symbol, (this: unknown) => unknown>)[len];
  assert.throws(() => lenOf.call({}), { name: 'TypeError' });
  assert.throws(() => lenOf.call([1, 2]), { name: 'TypeError' });
  assert.equal(lenOf.call(sized[7]), 7);
});

test('a debug-mode module keeps its checks beside universal ones: only its own calls go through its hook', () => {
  // The extension closes the argument it borrows: debug mode reports it,
  // which needs debug mode's hook on that module's calls.
  const src = `
HPyDef_METH(close_it, "close_it", HPyFunc_O)
static HPy close_it_impl(HPyContext *ctx, HPy self, HPy x) {
    HPy_Close(ctx, x);
    return HPy_Dup(ctx, ctx->h_None);
}`;
  const debugged = makeModule<{ close_it(x: unknown): unknown }>(src, { mode: 'debug', name: 'call_path_debugged' });
  for (let i = 0; i < 3; i++) {
    assert.equal(m.sum(1, 2, 3), 6, 'the universal module, called between');
    assert.throws(() => debugged.close_it({}), { name: 'SystemError', message: /closed its argument handle/ });
    assert.equal(m.close_arg({}), undefined, 'the same misuse in universal mode passes unchecked');
  }
});
