// Types in debug mode: every call into a type's C functions (tp_new, methods,
// getters, slots reached from C) gets debug handles and a fresh debug
// context, as module methods do, so misuse inside them is reported; and
// debug+trace counts a debugged type's calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { get_call_counts } from '../../src/trace/index';
import { POINT_SRC } from './sources';

type PointClass = new (x?: number, y?: number) => { x: number; y: number; sum(): number };

const MISUSE_SRC = `
typedef struct { long v; } BoxObject;
HPyType_HELPERS(BoxObject)

HPyDef_SLOT(Box_new, HPy_tp_new)
static HPy Box_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    long v = 0;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "|l", &v))
        return HPy_NULL;
    BoxObject *b;
    HPy h = HPy_New(ctx, cls, &b);
    if (!HPy_IsNull(h))
        b->v = v;
    return h;
}

/* returns a handle it has closed */
HPyDef_GET(Box_closed, "closed")
static HPy Box_closed_get(HPyContext *ctx, HPy self, void *closure)
{
    HPy h = HPyLong_FromLong(ctx, 1);
    HPy_Close(ctx, h);
    return h;
}

/* closes the operand it only borrows */
HPyDef_SLOT(Box_add, HPy_nb_add)
static HPy Box_add_impl(HPyContext *ctx, HPy a, HPy b)
{
    long sum = BoxObject_AsStruct(ctx, a)->v + HPyLong_AsLong(ctx, b);
    HPy_Close(ctx, b);
    return HPyLong_FromLong(ctx, sum);
}

static HPyDef *Box_defines[] = { &Box_new, &Box_closed, &Box_add, NULL };
static HPyType_Spec Box_spec = {
    .name = "mytest.Box",
    .basicsize = sizeof(BoxObject),
    .builtin_shape = SHAPE(BoxObject),
    .defines = Box_defines,
};

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Box", &Box_spec, NULL) ? 0 : -1;
}

/* reaches nb_add from C */
HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPy_Add(ctx, args[0], args[1]);
}
`;

for (const mode of ['debug', 'debug+trace'] as const) {
  test(`a well-behaved type works in ${mode} mode`, () => {
    const m = makeModule<{ Point: PointClass }>(POINT_SRC, { mode });
    const p = new m.Point(3, 4);
    assert.equal(p.sum(), 7);
    assert.equal(p.x, 3);
    assert.ok(p instanceof m.Point);
  });

  test(`misuse inside a type's C functions is reported in ${mode} mode`, () => {
    const m = makeModule<{ Box: new (v?: number) => { closed: unknown }; add(a: unknown, b: unknown): unknown }>(MISUSE_SRC, { mode });
    const box = new m.Box(5);
    assert.throws(() => box.closed, { name: 'SystemError', message: /^hpy-node debug mode \(module '.*'\): the function returned handle 0x[0-9a-f]+, which was closed/ });
    assert.throws(() => m.add(box, 2), { name: 'SystemError', message: /^hpy-node debug mode \(module '.*'\): the extension closed its argument handle 0x[0-9a-f]+: arguments are borrowed/ });
  });
}

test('universal mode does not report a closed operand, and the call still comes out right', () => {
  // The operand is a slot of add()'s frame (core/frame.h): closing it frees
  // no table entry that the result could take, so add() returns the sum.
  // Only debug mode reports the misuse (above).
  const m = makeModule<{ Box: new (v?: number) => { closed: unknown }; add(a: unknown, b: unknown): unknown }>(MISUSE_SRC);
  assert.equal(m.add(new m.Box(5), 2), 7);
  assert.equal(m.add(new m.Box(1), 2), 3, 'and the next call too');
});

test('debug+trace counts the calls a debugged type makes', () => {
  const m = makeModule<{ Point: PointClass }>(POINT_SRC, { mode: 'debug+trace', name: 'types_debug_trace' });
  const before = get_call_counts({ module: m }) as Record<string, number>;
  new m.Point(1, 2).sum();
  const after = get_call_counts({ module: m }) as Record<string, number>;
  assert.equal(after.ctx_New - (before.ctx_New ?? 0), 1);
  assert.equal(after.ctx_Float_FromDouble - (before.ctx_Float_FromDouble ?? 0), 1);
});
