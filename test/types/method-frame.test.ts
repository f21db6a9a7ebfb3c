// The frame of a method without arguments (HPyFunc_NOARGS), which has a
// callback of its own: `self` is a handle the frame owns, and the frame skips
// persisting when the method closed every handle it made. These check what
// must not change: results, errors, handles left open, misuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { kwargs } from '../../src/index';

const SRC = `
typedef struct { long n; } BoxObject;
HPyType_HELPERS(BoxObject)

static HPy kept = {0};

HPyDef_METH(Box_me, "me", HPyFunc_NOARGS)
static HPy Box_me_impl(HPyContext *ctx, HPy self)
{
    return HPy_Dup(ctx, self);
}

HPyDef_METH(Box_bump, "bump", HPyFunc_NOARGS)
static HPy Box_bump_impl(HPyContext *ctx, HPy self)
{
    BoxObject *b = BoxObject_AsStruct(ctx, self);
    return HPyLong_FromLong(ctx, ++b->n);
}

HPyDef_METH(Box_fail, "fail", HPyFunc_NOARGS)
static HPy Box_fail_impl(HPyContext *ctx, HPy self)
{
    HPyErr_SetString(ctx, ctx->h_ValueError, "box says no");
    return HPy_NULL;
}

HPyDef_METH(Box_silent, "silent", HPyFunc_NOARGS)
static HPy Box_silent_impl(HPyContext *ctx, HPy self)
{
    return HPy_NULL;
}

/* Leaves a handle open (a new string): the frame persists it, and a later
 * call reads it. */
HPyDef_METH(Box_keep, "keep", HPyFunc_NOARGS)
static HPy Box_keep_impl(HPyContext *ctx, HPy self)
{
    HPy tmp = HPyUnicode_FromString(ctx, "temporary");
    kept = HPyUnicode_FromString(ctx, "kept open");
    HPy_Close(ctx, tmp);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(Box_kept, "kept", HPyFunc_NOARGS)
static HPy Box_kept_impl(HPyContext *ctx, HPy self)
{
    return HPy_Dup(ctx, kept);
}

/* Misuse: closes the self handle it was lent, then returns a new value. */
HPyDef_METH(Box_close_self, "close_self", HPyFunc_NOARGS)
static HPy Box_close_self_impl(HPyContext *ctx, HPy self)
{
    HPy_Close(ctx, self);
    return HPyLong_FromLong(ctx, 5);
}

static HPyDef *Box_defines[] = { &Box_me, &Box_bump, &Box_fail, &Box_silent, &Box_keep, &Box_kept, &Box_close_self, NULL };
static HPyType_Spec Box_spec = { .name = "mytest.Box", .basicsize = sizeof(BoxObject), .defines = Box_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Box", &Box_spec, NULL) ? 0 : -1;
}
`;

interface Box {
  me(): Box;
  bump(): number;
  fail(): never;
  silent(): never;
  keep(): undefined;
  kept(): string;
  close_self(): number;
}

const m = makeModule<{ Box: new () => Box }>(SRC);

test('a NOARGS method returns self, a new value, and reads its struct across calls', () => {
  const b = new m.Box();
  assert.equal(b.me(), b);
  assert.deepEqual([b.bump(), b.bump(), b.bump()], [1, 2, 3]);
  for (let i = 0; i < 1000; i++) b.bump();
  assert.equal(b.bump(), 1004);
});

test('a NOARGS method that fails throws its error, or a SystemError when it set none', () => {
  const b = new m.Box();
  assert.throws(() => b.fail(), { name: 'ValueError', message: 'box says no' });
  assert.throws(() => b.silent(), { name: 'SystemError', message: /silent returned an error result without setting an exception/ });
  assert.equal(b.bump(), 1, 'the next call starts clean');
});

test('a handle a NOARGS method leaves open outlives the call', () => {
  const b = new m.Box();
  assert.equal(b.keep(), undefined);
  assert.equal(b.kept(), 'kept open');
  assert.equal(new m.Box().kept(), 'kept open');
});

test('a NOARGS method called with arguments or keywords is a TypeError', () => {
  const b = new m.Box() as unknown as { bump(...a: unknown[]): number };
  assert.throws(() => b.bump(1), { name: 'TypeError', message: /bump\(\) takes no arguments/ });
  assert.throws(() => b.bump(kwargs({ k: 1 })), { name: 'TypeError', message: /bump\(\) takes no keyword arguments/ });
  assert.throws(() => m.Box.prototype.bump.call({}), { name: 'TypeError', message: /bump of 'mytest.Box' objects called on an object that is not one/ });
  assert.equal(b.bump(), 1);
});

test('a NOARGS method that closes its own self handle still returns its result', () => {
  const b = new m.Box();
  assert.equal(b.close_self(), 5);
  assert.equal(b.me(), b);
});
