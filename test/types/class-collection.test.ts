// Classes made by HPyType_FromSpec are collected once nothing holds them, as
// CPython collects heap types (issue 19, item 6). V8 keeps every function a
// FunctionTemplate ever made, so a template per class pinned each class, its
// prototype, methods and native records for the life of the process: 2·10^5
// classes took 426 MB, and a module whose exec slot made a type and then
// failed leaked about 4 KB per load attempt. What still holds a class keeps
// its records valid: an instance (even with another prototype), a method
// taken off its prototype, a subtype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildModule } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');

const SRC = `
typedef struct { long value; HPyField held; } PointObject;
HPyType_HELPERS(PointObject)

static long destroyed = 0;
HPyDef_SLOT(Point_destroy, HPy_tp_destroy)
static void Point_destroy_impl(void *obj) { destroyed++; }

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    PointObject *p;
    HPy h = HPy_New(ctx, cls, &p);
    if (!HPy_IsNull(h))
        p->value = nargs > 0 ? HPyLong_AsLong(ctx, args[0]) : 7;
    return h;
}

HPyDef_METH(Point_twice, "twice", HPyFunc_NOARGS)
static HPy Point_twice_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromLong(ctx, 2 * PointObject_AsStruct(ctx, self)->value);
}

HPyDef_MEMBER(Point_value, "value", HPyMember_LONG, offsetof(PointObject, value))

HPyDef_GETSET(Point_neg, "neg")
static HPy Point_neg_get(HPyContext *ctx, HPy self, void *closure)
{
    return HPyLong_FromLong(ctx, -PointObject_AsStruct(ctx, self)->value);
}
static int Point_neg_set(HPyContext *ctx, HPy self, HPy v, void *closure)
{
    PointObject_AsStruct(ctx, self)->value = -HPyLong_AsLong(ctx, v);
    return 0;
}

static HPyDef *Point_defines[] = { &Point_destroy, &Point_new, &Point_twice, &Point_value, &Point_neg, NULL };
static HPyType_Spec Point_spec = { .name = "coll.Point", .basicsize = sizeof(PointObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE, .defines = Point_defines };
static HPyDef *Sub_defines[] = { NULL };
static HPyType_Spec Sub_spec = { .name = "coll.Sub", .basicsize = sizeof(PointObject), .defines = Sub_defines };

/* A new class each call, as a program making types at run time does. */
HPyDef_METH(make_type, "make_type", HPyFunc_NOARGS)
static HPy make_type_impl(HPyContext *ctx, HPy self) { return HPyType_FromSpec(ctx, &Point_spec, NULL); }

HPyDef_METH(make_sub, "make_sub", HPyFunc_O)
static HPy make_sub_impl(HPyContext *ctx, HPy self, HPy base)
{
    HPyType_SpecParam params[] = { { HPyType_SpecParam_Base, base }, { (HPyType_SpecParam_Kind)0 } };
    return HPyType_FromSpec(ctx, &Sub_spec, params);
}

/* Reads the struct from C, whatever the object's prototype now is. */
HPyDef_METH(value_of, "value_of", HPyFunc_VARARGS)
static HPy value_of_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (!HPy_TypeCheck(ctx, args[0], args[1])) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "not an instance of the type");
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, PointObject_AsStruct(ctx, args[0])->value);
}

/* The struct without a type check: the record behind the object must still
 * be there when nothing in JavaScript leads to its class. */
HPyDef_METH(value_plain, "value_plain", HPyFunc_O)
static HPy value_plain_impl(HPyContext *ctx, HPy self, HPy o)
{
    return HPyLong_FromLong(ctx, PointObject_AsStruct(ctx, o)->value);
}

/* Types whose instances Node-API wraps: one with tp_finalize, one with the
 * list shape. */
typedef struct { long id; } FinObject;
static long finalized = 0;
HPyDef_SLOT(Fin_finalize, HPy_tp_finalize)
static void Fin_finalize_impl(HPyContext *ctx, HPy self) { finalized++; }
static HPyDef *Fin_defines[] = { &Fin_finalize, NULL };
static HPyType_Spec Fin_spec = { .name = "coll.Fin", .basicsize = sizeof(FinObject), .defines = Fin_defines };
typedef struct { long n; } StackObject;
HPyType_HELPERS(StackObject, HPyType_BuiltinShape_List)
static HPyDef *Stack_defines[] = { NULL };
static HPyType_Spec Stack_spec = { .name = "coll.Stack", .basicsize = sizeof(StackObject),
    .builtin_shape = SHAPE(StackObject), .defines = Stack_defines };

HPyDef_METH(make_fin, "make_fin", HPyFunc_NOARGS)
static HPy make_fin_impl(HPyContext *ctx, HPy self) { return HPyType_FromSpec(ctx, &Fin_spec, NULL); }
HPyDef_METH(make_stack, "make_stack", HPyFunc_NOARGS)
static HPy make_stack_impl(HPyContext *ctx, HPy self) { return HPyType_FromSpec(ctx, &Stack_spec, NULL); }
HPyDef_METH(finalized_count, "finalized", HPyFunc_NOARGS)
static HPy finalized_count_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, finalized); }

HPyDef_METH(destroyed_count, "destroyed", HPyFunc_NOARGS)
static HPy destroyed_count_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, destroyed); }
`;

// Its exec slot makes a type, then fails: each load attempt is an error.
const FAILING_EXEC_SRC = `
typedef struct { long value; } ThingObject;
HPyDef_METH(Thing_get, "get", HPyFunc_NOARGS)
static HPy Thing_get_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, 1); }
static HPyDef *Thing_defines[] = { &Thing_get, NULL };
static HPyType_Spec Thing_spec = { .name = "failing.Thing", .basicsize = sizeof(ThingObject), .defines = Thing_defines };

HPyDef_SLOT(failing_exec, HPy_mod_exec)
static int failing_exec_impl(HPyContext *ctx, HPy m)
{
    HPy t = HPyType_FromSpec(ctx, &Thing_spec, NULL);
    if (HPy_IsNull(t))
        return -1;
    HPy_Close(ctx, t);
    HPyErr_SetString(ctx, ctx->h_RuntimeError, "exec gives up after making its type");
    return -1;
}
`;

// Runs `body` in a child with --expose-gc and `m` loaded; `settle()` runs
// collections until the weak references and finalizers had their turn.
function inChild(body: string, so = buildModule(SRC)): unknown {
  const script = `
require('tsx/cjs');
const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const m = load(${JSON.stringify(so)});
async function settle() {
  for (let i = 0; i < 4; i++) { global.gc(); await new Promise((r) => setImmediate(r)); }
}
(async () => { ${body} })().catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 240_000, cwd: ROOT });
  assert.equal(r.stderr, '', 'the child ran cleanly');
  assert.equal(r.status, 0);
  return JSON.parse(r.stdout.trim());
}

test('a class nobody holds is collected, with its prototype, methods and accessors', () => {
  const out = inChild(`
const refs = [];
(function () {
  for (let i = 0; i < 200; i++) {
    const C = m.make_type();
    const p = new C(i);
    if (p.twice() !== 2 * i || p.neg !== -i || m.value_of(p, C) !== i) throw new Error('class ' + i + ' does not work');
    refs.push(new WeakRef(C), new WeakRef(C.prototype), new WeakRef(C.prototype.twice));
  }
})();
await settle();
console.log(JSON.stringify({ alive: refs.filter((r) => r.deref() !== undefined).length, destroyed: m.destroyed() }));`) as { alive: number; destroyed: number };
  assert.equal(out.alive, 0, 'every class, prototype and method was collected');
  assert.equal(out.destroyed, 200, 'and every instance, once (tp_destroy)');
});

test('classes whose instances Node-API wraps (tp_finalize, a builtin shape) are collected too, after their finalizers', () => {
  const out = inChild(`
const refs = [];
(function () {
  for (let i = 0; i < 100; i++) {
    const F = m.make_fin(), S = m.make_stack();
    new F();
    const st = new S(1, 2, 3);
    if (st.length !== 3 || !Array.isArray(st)) throw new Error('the list shape does not work');
    refs.push(new WeakRef(F), new WeakRef(S));
  }
})();
await settle();
await settle();
console.log(JSON.stringify({ alive: refs.filter((r) => r.deref() !== undefined).length, finalized: m.finalized() }));`) as { alive: number; finalized: number };
  assert.equal(out.finalized, 100, 'each tp_finalize ran (its class was kept for it)');
  assert.equal(out.alive, 0, 'then every class was collected');
});

test('2·10^4 classes made and dropped keep the heap flat', () => {
  // Each class held about 2 KB of heap before: 15 000 more classes would
  // have added about 30 MB between the two readings.
  const out = inChild(`
function round(n) { for (let i = 0; i < n; i++) { const C = m.make_type(); new C(i).twice(); } }
round(5000);
await settle();
const before = process.memoryUsage().heapUsed;
round(15000);
await settle();
console.log(JSON.stringify({ grewMB: (process.memoryUsage().heapUsed - before) / 2 ** 20, destroyed: m.destroyed() }));`) as { grewMB: number; destroyed: number };
  assert.ok(out.grewMB < 5, `the heap grew ${out.grewMB.toFixed(1)} MB over 15 000 dropped classes`);
  assert.equal(out.destroyed, 20000);
});

test('what still needs a class keeps its records: an instance with another prototype, a method, a subtype', () => {
  const out = inChild(`
let orphan, method, sub, protoRef, classOfMethod, baseRef;
(function () {
  const C = m.make_type();
  orphan = new C(21);
  Object.setPrototypeOf(orphan, null);   // nothing in JavaScript leads from it to C any more
  protoRef = new WeakRef(C.prototype);
  const D = m.make_type();
  method = D.prototype.twice;             // a method taken off its prototype
  classOfMethod = new WeakRef(D);
  const B = m.make_type();
  sub = m.make_sub(B);                     // a subtype of B
  baseRef = new WeakRef(B);
})();
await settle();
let methodError = '';
try { method.call({}); } catch (e) { methodError = e.name + ': ' + e.message; }
const s = new sub(5);
const result = {
  protoCollected: protoRef.deref() === undefined,
  orphanValue: m.value_plain(orphan),
  methodKeepsClass: classOfMethod.deref() !== undefined,
  methodOnInstance: method.call(new (classOfMethod.deref())(4)),
  methodError,
  baseAlive: baseRef.deref() !== undefined,
  subTwice: s.twice(),
  subIsBase: m.value_of(s, baseRef.deref()),
};
const destroyedBefore = m.destroyed();
orphan = undefined;
await settle();
result.orphanDestroyed = m.destroyed() - destroyedBefore >= 1;
console.log(JSON.stringify(result));`) as Record<string, unknown>;
  assert.deepEqual(out, {
    protoCollected: true,
    orphanValue: 21,
    methodKeepsClass: true,
    methodOnInstance: 8,
    methodError: out.methodError,
    baseAlive: true,
    subTwice: 10,
    subIsBase: 5,
    orphanDestroyed: true,
  });
  assert.match(String(out.methodError), /^TypeError: /, 'a method on a foreign object is a TypeError');
});

test('a module whose exec slot made a type and then failed leaves nothing behind per attempt', () => {
  const failing = buildModule(FAILING_EXEC_SRC, { name: 'failing' });
  const out = inChild(`
function attempts(n) {
  for (let i = 0; i < n; i++) {
    try { load(${JSON.stringify(failing)}); throw new Error('the load succeeded'); }
    catch (e) { if (!/exec gives up after making its type/.test(String(e && e.message))) throw e; }
  }
}
attempts(500);
await settle();
const before = process.memoryUsage().heapUsed;
attempts(2000);
await settle();
console.log(JSON.stringify({ grewKB: (process.memoryUsage().heapUsed - before) / 1024 }));`) as { grewKB: number };
  // About 4 KB per attempt before: 8 MB over 2000.
  assert.ok(out.grewKB < 1500, `the heap grew ${out.grewKB.toFixed(0)} KB over 2000 failed loads`);
});
