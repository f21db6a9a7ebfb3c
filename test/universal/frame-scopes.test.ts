// A C function that loops over HPy calls in one frame must not keep every
// value it made and closed alive until it returns (universal/
// frame_scopes.cc): its live values move to a fresh handle scope every
// 1024 HPy_Close calls. These tests pin both halves: what was closed is
// collectable while the function still runs, and everything still named
// (open handles, the pending error, the instance a constructor made, a
// slot's operands, trace hooks) comes through the moves intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { makeModule } from '../support/make-module';
import { set_trace_functions } from '../../src/trace/index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SRC = `
typedef struct { long id; } CountedObject;
HPyType_HELPERS(CountedObject)
static long destroyed;

HPyDef_SLOT(Counted_destroy, HPy_tp_destroy)
static void Counted_destroy_impl(void *obj) { destroyed++; }

/* tp_new churns through many handles before and after HPy_New, then returns the
 * instance it made: the constructor must still recognise it (tp_init runs
 * on it) after the frame moved its values. */
HPyDef_SLOT(Counted_new, HPy_tp_new)
static HPy Counted_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    CountedObject *c;
    for (int i = 0; i < 2000; i++) HPy_Close(ctx, HPyFloat_FromDouble(ctx, i + 0.25));
    HPy h = HPy_New(ctx, cls, &c);
    if (HPy_IsNull(h)) return HPy_NULL;
    c->id = 7;
    for (int i = 0; i < 5000; i++) HPy_Close(ctx, HPyFloat_FromDouble(ctx, i + 0.5));
    return h;
}
HPyDef_SLOT(Counted_init, HPy_tp_init)
static int Counted_init_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    CountedObject_AsStruct(ctx, self)->id *= 6;
    return 0;
}
HPyDef_MEMBER(Counted_id, "id", HPyMember_LONG, offsetof(CountedObject, id))

/* a + b: closes 5000 handles inside the slot, which HPy_Add from C calls
 * in its caller's frame, then reads both operands. */
HPyDef_SLOT(Counted_add, HPy_nb_add)
static HPy Counted_add_impl(HPyContext *ctx, HPy a, HPy b)
{
    for (int i = 0; i < 5000; i++) HPy_Close(ctx, HPyTuple_FromArray(ctx, &a, 1));
    return HPyLong_FromLong(ctx, CountedObject_AsStruct(ctx, a)->id + CountedObject_AsStruct(ctx, b)->id);
}
static HPyDef *Counted_defines[] = { &Counted_destroy, &Counted_new, &Counted_init, &Counted_id, &Counted_add, NULL };
static HPyType_Spec Counted_spec = { .name = "fs.Counted", .basicsize = sizeof(CountedObject), .defines = Counted_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Counted", &Counted_spec, NULL) ? 0 : -1;
}

/* churn(cls, n, probe): makes and closes n instances, calls probe() (which
 * collects garbage), and returns how many instances were destroyed meanwhile. */
HPyDef_METH(churn, "churn", HPyFunc_VARARGS)
static HPy churn_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long n = HPyLong_AsLong(ctx, args[1]);
    long before = destroyed;
    for (long i = 0; i < n; i++) {
        CountedObject *c;
        HPy h = HPy_New(ctx, args[0], &c);
        if (HPy_IsNull(h)) return HPy_NULL;
        HPy_Close(ctx, h);
    }
    HPy r = HPy_CallTupleDict(ctx, args[2], HPy_NULL, HPy_NULL);
    if (HPy_IsNull(r)) return HPy_NULL;
    HPy_Close(ctx, r);
    return HPyLong_FromLong(ctx, destroyed - before);
}

/* keep(obj, n): closes n temporary strings, opens values of every kind,
 * closes n more, then returns [obj, its own list, a string, a float, a
 * tuple] built from the handles it kept open meanwhile. The first closes
 * put the values after the frame's first move, in a scope later moves
 * replace. */
HPyDef_METH(keep, "keep", HPyFunc_VARARGS)
static HPy keep_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long n = HPyLong_AsLong(ctx, args[1]);
    for (long i = 0; i < n; i++) HPy_Close(ctx, HPyUnicode_FromString(ctx, "before"));
    HPy obj = HPy_Dup(ctx, args[0]);
    HPy list = HPyList_New(ctx, 0);
    HPy s = HPyUnicode_FromString(ctx, "kept across moves");
    HPy f = HPyFloat_FromDouble(ctx, 2.25);
    HPy items[2] = { s, f };
    HPy t = HPyTuple_FromArray(ctx, items, 2);
    for (long i = 0; i < n; i++) {
        HPy tmp = HPyUnicode_FromString(ctx, "temporary");
        if (i % 1000 == 0 && HPyList_Append(ctx, list, tmp) < 0) return HPy_NULL;
        HPy_Close(ctx, tmp);
    }
    HPy out[5] = { obj, list, s, f, t };
    HPy r = HPyList_New(ctx, 0);
    for (int i = 0; i < 5; i++) {
        if (HPyList_Append(ctx, r, out[i]) < 0) return HPy_NULL;
        HPy_Close(ctx, out[i]);
    }
    return r;
}

/* fail_after(n): closes n handles, sets an error, closes n more, then
 * fails with it. */
HPyDef_METH(fail_after, "fail_after", HPyFunc_O)
static HPy fail_after_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long n = HPyLong_AsLong(ctx, arg);
    for (long i = 0; i < n; i++) HPy_Close(ctx, HPyUnicode_FromString(ctx, "y"));
    HPyErr_SetString(ctx, ctx->h_ValueError, "set before the handles were closed");
    for (long i = 0; i < n; i++) HPy_Close(ctx, HPyUnicode_FromString(ctx, "x"));
    return HPy_NULL;
}

/* add_after(a, b, n): closes n handles, then HPy_Add(a, b) (a slot that
 * closes 5000 itself), then n more closes, then returns the sum. */
HPyDef_METH(add_after, "add_after", HPyFunc_VARARGS)
static HPy add_after_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long n = HPyLong_AsLong(ctx, args[2]);
    for (long i = 0; i < n; i++) HPy_Close(ctx, HPyFloat_FromDouble(ctx, 1.5));
    HPy sum = HPy_Add(ctx, args[0], args[1]);
    for (long i = 0; i < n; i++) HPy_Close(ctx, HPyFloat_FromDouble(ctx, 1.5));
    return sum;
}

/* nested(f, n): closes n handles, calls f() (JavaScript that calls back
 * into this module), closes n more, and returns [f's result, a list made
 * before the call]. */
HPyDef_METH(nested, "nested", HPyFunc_VARARGS)
static HPy nested_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long n = HPyLong_AsLong(ctx, args[1]);
    HPy before = HPyList_New(ctx, 0);
    for (long i = 0; i < n; i++) HPy_Close(ctx, HPyUnicode_FromString(ctx, "a"));
    HPy r = HPy_CallTupleDict(ctx, args[0], HPy_NULL, HPy_NULL);
    if (HPy_IsNull(r)) return HPy_NULL;
    for (long i = 0; i < n; i++) HPy_Close(ctx, HPyUnicode_FromString(ctx, "b"));
    HPy pair[2] = { r, before };
    HPy out = HPyTuple_FromArray(ctx, pair, 2);
    HPy_Close(ctx, r);
    HPy_Close(ctx, before);
    return out;
}
`;

interface Counted {
  id: number;
}
interface FrameScopes {
  Counted: new () => Counted;
  churn(cls: unknown, n: number, probe: () => void): number;
  keep(obj: object, n: number): [object, string[], string, number, readonly [string, number]];
  fail_after(n: number): never;
  add_after(a: Counted, b: Counted, n: number): number;
  nested(f: () => unknown, n: number): readonly [unknown, unknown[]];
}

for (const mode of ['universal', 'debug', 'trace'] as const) {
  const m = makeModule<FrameScopes>(SRC, { mode, name: `frame_scopes_${mode}` });

  test(`${mode}: instances made and closed in a long C loop are collected while the loop still runs`, () => {
    const destroyed = m.churn(m.Counted, 20000, gc);
    // Only the values made before the first move (about 1024 closes) and
    // since the last one stay in scopes that live until the call returns.
    assert.ok(destroyed >= 15000, `destroyed during the call: ${destroyed} of 20000`);
  });

  test(`${mode}: handles kept open across many moves still name their values`, () => {
    const obj = { mine: true };
    const [o, list, s, f, t] = m.keep(obj, 10000);
    assert.equal(o, obj);
    assert.deepEqual(list, Array(10).fill('temporary'));
    assert.equal(s, 'kept across moves');
    assert.equal(f, 2.25);
    assert.deepEqual(t, ['kept across moves', 2.25]);
    assert.ok(Object.isFrozen(t));
  });

  test(`${mode}: an error set before many closes is the one the caller gets`, () => {
    assert.throws(() => m.fail_after(5000), { name: 'ValueError', message: /set before the handles were closed/ });
  });

  test(`${mode}: a constructor whose tp_new closes many handles after HPy_New returns that instance, initialised`, () => {
    const c = new m.Counted();
    assert.ok(c instanceof m.Counted);
    assert.equal(c.id, 42);
  });

  test(`${mode}: a slot called from C that closes many handles, between the caller's own closes`, () => {
    const a = new m.Counted();
    const b = new m.Counted();
    assert.equal(m.add_after(a, b, 3000), 84);
  });

  test(`${mode}: frames nested through JavaScript each move their own values`, () => {
    const inner = () => m.keep({ inner: 1 }, 3000);
    const [r, before] = m.nested(inner, 3000);
    assert.deepEqual((r as unknown[])[0], { inner: 1 });
    assert.deepEqual(before, []);
  });
}

test('trace: hooks keep firing for every call across the moves', () => {
  const m = makeModule<FrameScopes>(SRC, { mode: 'trace', name: 'frame_scopes_hooks' });
  const counts = new Map<string, number>();
  set_trace_functions({ on_exit: (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1) });
  try {
    m.keep({}, 5000);
  } finally {
    set_trace_functions({ on_enter: null, on_exit: null });
  }
  assert.equal(counts.get('ctx_Unicode_FromString'), 2 * 5000 + 1);
  assert.equal(counts.get('ctx_Close'), 2 * 5000 + 5);
});
