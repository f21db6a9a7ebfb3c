// HPy 0.9.0's test_capsule.py, on hpy-node: a capsule holding a malloc'ed
// payload, read and changed through HPy 0.9.0's field helpers
// (HPyCapsule_GetPointer/SetPointer/GetContext/SetContext/GetName/SetName/
// SetDestructor); every one of them refuses a value that is no capsule, and a
// destructor without an impl is refused. test/universal/
// capsules-globals-imports.test.ts covers HPyCapsule_New/Get/IsValid/Set
// themselves and the destructor running on garbage collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Capsule, ValueError } from '../../src/index';
import { makeModule } from '../support/make-module';

const m = makeModule(`
typedef struct {
    long value;
    char message[];
} Payload;

static const char *capsule_name = "some_capsule";

static Payload *payload_new(HPyContext *ctx, HPy value, HPy message)
{
    long v = HPyLong_AsLong(ctx, value);
    HPy_ssize_t n;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, message, &n);
    if ((v == -1 && HPyErr_Occurred(ctx)) || s == NULL)
        return NULL;
    Payload *p = (Payload *)malloc(sizeof(Payload) + (size_t)n + 1);
    if (p == NULL) {
        HPyErr_NoMemory(ctx);
        return NULL;
    }
    p->value = v;
    memcpy(p->message, s, (size_t)n + 1);
    return p;
}

static HPy payload_as_tuple(HPyContext *ctx, Payload *p)
{
    HPy items[2] = { HPyLong_FromLong(ctx, p->value), HPyUnicode_FromString(ctx, p->message) };
    HPy r = HPyTuple_FromArray(ctx, items, 2);
    HPy_Close(ctx, items[0]);
    HPy_Close(ctx, items[1]);
    return r;
}

static HPyCapsule_Destructor no_impl = { NULL, NULL };

/* capsule_new(value, message) or capsule_new(value, message, "invalid destructor") */
HPyDef_METH(capsule_new, "capsule_new", HPyFunc_VARARGS)
static HPy capsule_new_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    Payload *p = payload_new(ctx, args[0], args[1]);
    if (p == NULL)
        return HPy_NULL;
    HPy capsule = HPyCapsule_New(ctx, p, capsule_name, nargs > 2 ? &no_impl : NULL);
    if (HPy_IsNull(capsule))
        free(p);
    return capsule;
}
HPyDef_METH(get_pointer, "get_pointer", HPyFunc_O)
static HPy get_pointer_impl(HPyContext *ctx, HPy self, HPy arg)
{
    Payload *p = (Payload *)HPyCapsule_GetPointer(ctx, arg, capsule_name);
    return p == NULL ? HPy_NULL : payload_as_tuple(ctx, p);
}
/* set_pointer(capsule, value, message) replaces the payload (freeing the old
   one); set_pointer(capsule) tries a NULL pointer */
HPyDef_METH(set_pointer, "set_pointer", HPyFunc_VARARGS)
static HPy set_pointer_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs == 1)
        return HPyCapsule_SetPointer(ctx, args[0], NULL) < 0 ? HPy_NULL : HPy_Dup(ctx, ctx->h_None);
    void *old = HPyCapsule_GetPointer(ctx, args[0], capsule_name);
    if (old == NULL)
        return HPy_NULL;
    Payload *p = payload_new(ctx, args[1], args[2]);
    if (p == NULL)
        return HPy_NULL;
    if (HPyCapsule_SetPointer(ctx, args[0], p) < 0) {
        free(p);
        return HPy_NULL;
    }
    free(old);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(get_context, "get_context", HPyFunc_O)
static HPy get_context_impl(HPyContext *ctx, HPy self, HPy arg)
{
    Payload *p = (Payload *)HPyCapsule_GetContext(ctx, arg);
    if (p == NULL)
        return HPyErr_Occurred(ctx) ? HPy_NULL : HPy_Dup(ctx, ctx->h_None);
    return payload_as_tuple(ctx, p);
}
HPyDef_METH(set_context, "set_context", HPyFunc_VARARGS)
static HPy set_context_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    void *old = HPyCapsule_GetContext(ctx, args[0]);
    if (old == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    Payload *p = payload_new(ctx, args[1], args[2]);
    if (p == NULL)
        return HPy_NULL;
    if (HPyCapsule_SetContext(ctx, args[0], p) < 0) {
        free(p);
        return HPy_NULL;
    }
    free(old);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(get_name, "get_name", HPyFunc_O)
static HPy get_name_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *name = HPyCapsule_GetName(ctx, arg);
    if (name == NULL)
        return HPyErr_Occurred(ctx) ? HPy_NULL : HPy_Dup(ctx, ctx->h_None);
    return HPyUnicode_FromString(ctx, name);
}
/* set_name(capsule, name): a malloc'ed copy of name, the previous copy freed */
HPyDef_METH(set_name, "set_name", HPyFunc_VARARGS)
static HPy set_name_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *old = HPyCapsule_GetName(ctx, args[0]);
    if (old == NULL && HPyErr_Occurred(ctx))
        return HPy_NULL;
    HPy_ssize_t n;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, args[1], &n);
    if (s == NULL)
        return HPy_NULL;
    char *copy = (char *)malloc((size_t)n + 1);
    memcpy(copy, s, (size_t)n + 1);
    if (HPyCapsule_SetName(ctx, args[0], copy) < 0) {
        free(copy);
        return HPy_NULL;
    }
    if (old != capsule_name)
        free((void *)old);
    return HPy_Dup(ctx, ctx->h_None);
}
/* set_destructor(capsule, valid): NULL when valid is true, else one without an impl */
HPyDef_METH(set_destructor, "set_destructor", HPyFunc_VARARGS)
static HPy set_destructor_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyCapsule_Destructor *d = HPy_IsTrue(ctx, args[1]) ? NULL : &no_impl;
    return HPyCapsule_SetDestructor(ctx, args[0], d) < 0 ? HPy_NULL : HPy_Dup(ctx, ctx->h_None);
}
/* release(capsule): frees the payload, the context and a renamed name */
HPyDef_METH(release, "release", HPyFunc_O)
static HPy release_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *name = HPyCapsule_GetName(ctx, arg);
    void *p = HPyCapsule_GetPointer(ctx, arg, name);
    void *c = HPyCapsule_GetContext(ctx, arg);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    free(p);
    free(c);
    if (name != capsule_name)
        free((void *)name);
    return HPy_Dup(ctx, ctx->h_None);
}`, { prelude: '#include <stdlib.h>\n#include <string.h>' });

test('a capsule carries a malloc\'ed payload; every field is read and changed through the HPy 0.9.0 helpers', () => {
  const p = m.capsule_new(789, 'Hello, World!');
  try {
    assert.ok(p instanceof Capsule);
    assert.deepEqual(m.get_pointer(p), [789, 'Hello, World!']);
    assert.equal(m.set_pointer(p, 456, 'lorem ipsum'), undefined);
    assert.deepEqual(m.get_pointer(p), [456, 'lorem ipsum']);
    assert.equal(m.get_context(p), undefined, 'no context yet: NULL, without an error');
    assert.equal(m.set_context(p, 123, 'hello'), undefined);
    assert.deepEqual(m.get_context(p), [123, 'hello']);
    assert.equal(m.get_name(p), 'some_capsule');
    assert.equal(m.set_name(p, 'foo'), undefined);
    assert.equal(m.get_name(p), 'foo');
    assert.equal(p.name, 'foo', 'JavaScript sees the new name');
    assert.throws(() => m.get_pointer(p), ValueError, 'GetPointer with the old name');
    assert.equal(m.set_destructor(p, true), undefined);
    assert.throws(() => m.set_pointer(p), ValueError, 'a NULL pointer');
    assert.throws(() => m.set_destructor(p, false), ValueError, 'a destructor without impl');
  } finally {
    m.release(p);
  }
});

test('every capsule helper refuses a value that is no capsule with ValueError', () => {
  const notACapsule = 'hello';
  const calls: Array<[string, () => unknown]> = [
    ['GetPointer', () => m.get_pointer(notACapsule)],
    ['SetPointer', () => m.set_pointer(notACapsule, 0, '')],
    ['GetContext', () => m.get_context(notACapsule)],
    ['SetContext', () => m.set_context(notACapsule, 0, '')],
    ['GetName', () => m.get_name(notACapsule)],
    ['SetName', () => m.set_name(notACapsule, '')],
    ['SetDestructor', () => m.set_destructor(notACapsule, true)],
  ];
  for (const [what, call] of calls) assert.throws(call, (e: Error) => e instanceof ValueError && /invalid PyCapsule object/.test(e.message), what);
});

test('HPyCapsule_New with a destructor that has no impl is a ValueError (and the payload stays the caller\'s)', () => {
  assert.throws(() => m.capsule_new(789, 'Hello, World!', 'invalid destructor'), (e: Error) => e instanceof ValueError && /destructor has no impl/.test(e.message));
});
