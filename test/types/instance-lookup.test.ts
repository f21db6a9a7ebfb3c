// How the host finds an instance's struct (types.cc): napi_unwrap checked
// against the registry of this thread's instances, and `this` of the running
// method answered without a lookup. These tests pin what that must not
// change: a wrapped object that is not an instance is refused, the struct of
// `this` stays right across nested calls on other instances, and an
// argument's struct is its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { makeModule } from '../support/make-module';

const CELL_SRC = `
typedef struct { double v; } CellObject;
HPyType_HELPERS(CellObject)

HPyDef_SLOT(Cell_new, HPy_tp_new)
static HPy Cell_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    double v = 0;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "|d", &v))
        return HPy_NULL;
    CellObject *c;
    HPy h = HPy_New(ctx, cls, &c);
    if (!HPy_IsNull(h))
        c->v = v;
    return h;
}

HPyDef_MEMBER(Cell_v, "v", HPyMember_DOUBLE, offsetof(CellObject, v))

/* self.v - other.v: both structs in one call. */
HPyDef_METH(Cell_minus, "minus", HPyFunc_O)
static HPy Cell_minus_impl(HPyContext *ctx, HPy self, HPy other)
{
    CellObject *o = CellObject_AsStruct(ctx, other);
    if (o == NULL)
        return HPy_NULL;
    return HPyFloat_FromDouble(ctx, CellObject_AsStruct(ctx, self)->v - o->v);
}

/* Calls fn() (which may call methods of other cells), then reads self. */
HPyDef_METH(Cell_after, "after", HPyFunc_O)
static HPy Cell_after_impl(HPyContext *ctx, HPy self, HPy fn)
{
    HPy r = HPy_Call(ctx, fn, NULL, 0, HPy_NULL);
    if (HPy_IsNull(r))
        return HPy_NULL;
    double inner = HPyFloat_AsDouble(ctx, r);
    HPy_Close(ctx, r);
    return HPyFloat_FromDouble(ctx, CellObject_AsStruct(ctx, self)->v * 1000 + inner);
}

static HPyDef *Cell_defines[] = { &Cell_new, &Cell_v, &Cell_minus, &Cell_after, NULL };
static HPyType_Spec Cell_spec = {
    .name = "lookup.Cell", .basicsize = sizeof(CellObject), .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = SHAPE(CellObject), .defines = Cell_defines,
};

typedef struct { long n; } OtherObject;
HPyType_HELPERS(OtherObject)
static HPyDef *Other_defines[] = { NULL };
static HPyType_Spec Other_spec = { .name = "lookup.Other", .basicsize = sizeof(OtherObject), .builtin_shape = SHAPE(OtherObject), .defines = Other_defines };

/* Instances of other sizes: past the 16-byte classes, and past half a chunk. */
typedef struct { char pad[3000]; double v; } MidObject;
HPyType_HELPERS(MidObject)
HPyDef_MEMBER(Mid_v, "v", HPyMember_DOUBLE, offsetof(MidObject, v))
static HPyDef *Mid_defines[] = { &Mid_v, NULL };
static HPyType_Spec Mid_spec = { .name = "lookup.Mid", .basicsize = sizeof(MidObject), .builtin_shape = SHAPE(MidObject), .defines = Mid_defines };

typedef struct { char pad[1500000]; double v; } BigObject;
HPyType_HELPERS(BigObject)
HPyDef_MEMBER(Big_v, "v", HPyMember_DOUBLE, offsetof(BigObject, v))
static HPyDef *Big_defines[] = { &Big_v, NULL };
static HPyType_Spec Big_spec = { .name = "lookup.Big", .basicsize = sizeof(BigObject), .builtin_shape = SHAPE(BigObject), .defines = Big_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Cell", &Cell_spec, NULL) && HPyHelpers_AddType(ctx, m, "Other", &Other_spec, NULL) &&
           HPyHelpers_AddType(ctx, m, "Mid", &Mid_spec, NULL) && HPyHelpers_AddType(ctx, m, "Big", &Big_spec, NULL) ? 0 : -1;
}

/* HPy_AsStruct of anything: the instance's value, or the TypeError. */
HPyDef_METH(value_of, "value_of", HPyFunc_O)
static HPy value_of_impl(HPyContext *ctx, HPy self, HPy obj)
{
    CellObject *c = CellObject_AsStruct(ctx, obj);
    return c ? HPyFloat_FromDouble(ctx, c->v) : HPy_NULL;
}
`;

interface Cell { v: number; minus(o: unknown): number; after(fn: () => number): number }
type CellClass = new (v?: number) => Cell;
type Sized = new () => { v: number };
const m = makeModule<{ Cell: CellClass; Other: new () => object; Mid: Sized; Big: Sized; value_of(o: unknown): number }>(CELL_SRC);

test('a method refuses a `this` that is wrapped but not an instance of its type', () => {
  const minus = m.Cell.prototype.minus;
  const getter = Object.getOwnPropertyDescriptor(m.Cell.prototype, 'v')!.get!;
  // The class carries a native record too; an Other is an instance of another type.
  for (const self of [m.Cell, new m.Other(), Object.create(m.Cell.prototype), null, undefined, 5, 'x', 1n]) {
    assert.throws(() => minus.call(self, new m.Cell(1)), { name: 'TypeError', message: /minus of 'lookup.Cell' objects called on an object that is not one/ });
    assert.throws(() => getter.call(self), { name: 'TypeError', message: /called on an object that is not one/ });
  }
});

test('HPy_AsStruct: its own struct for each instance, a TypeError for anything else', () => {
  const a = new m.Cell(10), b = new m.Cell(3);
  assert.equal(a.minus(b), 7);
  assert.equal(b.minus(a), -7);
  assert.equal(a.minus(a), 0);
  assert.equal(m.value_of(b), 3);
  // Any instance has a struct (HPy leaves checking its type to the extension).
  assert.doesNotThrow(() => m.value_of(new m.Other()));
  for (const o of [m.Cell, {}, Object.create(m.Cell.prototype), null, 4])
    assert.throws(() => m.value_of(o), { name: 'TypeError', message: /not an instance of a type made by HPyType_FromSpec/ });
  assert.throws(() => a.minus({}), { name: 'TypeError' });
});

test('instances of any size: zeroed, their own memory, found again', () => {
  for (const T of [m.Mid, m.Big]) {
    const xs = Array.from({ length: 6 }, () => new T());
    assert.deepEqual(xs.map((x) => x.v), [0, 0, 0, 0, 0, 0], 'a new struct is zeroed');
    xs.forEach((x, i) => { x.v = i + 0.5; });
    assert.deepEqual(xs.map((x) => x.v), [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
    const getter = Object.getOwnPropertyDescriptor(T.prototype, 'v')!.get!;
    assert.throws(() => getter.call(new m.Cell(1)), { name: 'TypeError' }, 'an instance of another type is refused');
  }
});

test('the struct of `this` after nested calls on other instances', () => {
  const a = new m.Cell(1), b = new m.Cell(2), c = new m.Cell(3);
  // a.after runs b.after, which runs c.minus: each reads its own struct after.
  assert.equal(a.after(() => b.after(() => c.minus(a))), 1000 + 2000 + 2);
  assert.equal(a.after(() => { a.v = 5; return 0; }), 5000, 'a write through a member shows in the struct');
});

test('instances made and collected in a worker, and in many numbers, stay found', async () => {
  const cells = Array.from({ length: 5000 }, (_, i) => new m.Cell(i));
  assert.equal(cells.reduce((s, c, i) => s + c.minus(cells[(i * 7) % cells.length]), 0), 0);
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    require('tsx/cjs');
    const { makeModule } = require(workerData.support);
    const m = makeModule(workerData.src);
    let s = 0;
    for (let i = 0; i < 20000; i++) s += new m.Cell(i).minus(new m.Cell(1));
    parentPort.postMessage(s);`;
  const w = new Worker(code, { eval: true, workerData: { src: CELL_SRC, support: require.resolve('../support/make-module') } });
  const sum = await new Promise((resolve, reject) => { w.on('message', resolve); w.on('error', reject); });
  assert.equal(sum, (19999 * 20000) / 2 - 20000);
});
