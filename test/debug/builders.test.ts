// HPy 0.9.0's test_builder_invalid.py on hpy-node's debug mode, and the
// trackers: a builder or tracker is used once; building, cancelling or
// closing it again is reported (on_invalid_builder_handle when set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import * as debug from '../../src/debug/index';

const SRC = `
HPyDef_METH(build, "build", HPyFunc_VARARGS)
static HPy build_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, nargs);
    HPyListBuilder lb = HPyListBuilder_New(ctx, nargs);
    for (size_t i = 0; i < nargs; i++) {
        HPyTupleBuilder_Set(ctx, tb, i, args[i]);
        HPyListBuilder_Set(ctx, lb, i, args[i]);
    }
    HPy t = HPyTupleBuilder_Build(ctx, tb);
    HPy l = HPyListBuilder_Build(ctx, lb);
    HPy items[2] = { t, l };
    HPy r = HPyTuple_FromArray(ctx, items, 2);
    HPy_Close(ctx, t);
    HPy_Close(ctx, l);
    return r;
}
HPyDef_METH(cancel, "cancel", HPyFunc_VARARGS)
static HPy cancel_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, nargs);
    HPyListBuilder lb = HPyListBuilder_New(ctx, nargs);
    for (size_t i = 0; i < nargs; i++) {
        HPyTupleBuilder_Set(ctx, tb, i, args[i]);
        HPyListBuilder_Set(ctx, lb, i, args[i]);
    }
    HPyTupleBuilder_Cancel(ctx, tb);
    HPyListBuilder_Cancel(ctx, lb);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(build_twice, "build_twice", HPyFunc_NOARGS)
static HPy build_twice_impl(HPyContext *ctx, HPy self)
{
    HPyListBuilder lb = HPyListBuilder_New(ctx, 0);
    HPy a = HPyListBuilder_Build(ctx, lb);
    HPy b = HPyListBuilder_Build(ctx, lb);
    HPy_Close(ctx, a);
    if (!HPy_IsNull(b)) HPy_Close(ctx, b);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(build_after_cancel, "build_after_cancel", HPyFunc_NOARGS)
static HPy build_after_cancel_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, 0);
    HPyTupleBuilder_Cancel(ctx, tb);
    HPy b = HPyTupleBuilder_Build(ctx, tb);
    if (!HPy_IsNull(b)) HPy_Close(ctx, b);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(cancel_after_build, "cancel_after_build", HPyFunc_NOARGS)
static HPy cancel_after_build_impl(HPyContext *ctx, HPy self)
{
    HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, 0);
    HPyListBuilder lb = HPyListBuilder_New(ctx, 0);
    HPy t = HPyTupleBuilder_Build(ctx, tb);
    HPy l = HPyListBuilder_Build(ctx, lb);
    HPyTupleBuilder_Cancel(ctx, tb);
    HPyListBuilder_Cancel(ctx, lb);
    HPy_Close(ctx, t);
    HPy_Close(ctx, l);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(track, "track", HPyFunc_O)
static HPy track_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyTracker ht = HPyTracker_New(ctx, 2);
    HPy a = HPy_Add(ctx, arg, arg);
    HPy b = HPy_Add(ctx, a, arg);
    if (HPyTracker_Add(ctx, ht, a) < 0 || HPyTracker_Add(ctx, ht, b) < 0) return HPy_NULL;
    HPy r = HPy_Dup(ctx, b);
    HPyTracker_Close(ctx, ht);
    return r;
}
HPyDef_METH(track_closed, "track_closed", HPyFunc_O)
static HPy track_closed_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyTracker ht = HPyTracker_New(ctx, 1);
    HPy a = HPy_Dup(ctx, arg);
    HPyTracker_Add(ctx, ht, a);
    HPy_Close(ctx, a);          /* the tracker closes it again */
    HPyTracker_Close(ctx, ht);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(tracker_twice, "tracker_twice", HPyFunc_NOARGS)
static HPy tracker_twice_impl(HPyContext *ctx, HPy self)
{
    HPyTracker ht = HPyTracker_New(ctx, 0);
    HPyTracker_Close(ctx, ht);
    HPyTracker_Close(ctx, ht);
    return HPy_Dup(ctx, ctx->h_None);
}
`;

const mod = makeModule(SRC, { mode: 'debug' });

test('builders used once build and cancel as in universal mode (test_correct_usage)', () => {
  assert.deepEqual(mod.build('hello', 42, null), [['hello', 42, null], ['hello', 42, null]]);
  assert.equal(mod.cancel('hello', 42, null), undefined);
  assert.equal(mod.track('ab'), 'ababab');
  assert.deepEqual(debug.get_open_handles(0).filter((h) => h.obj === 'abab' || h.obj === 'ababab'), []);
});

test('building twice is reported (test_build_twice)', () => {
  assert.throws(() => mod.build_twice(), { name: 'SystemError', message: /ctx_ListBuilder_Build was given HPyListBuilder \d+, which was already closed by HPyListBuilder_Build/ });
});

test('building after cancel is reported (test_build_after_cancel)', () => {
  assert.throws(() => mod.build_after_cancel(), /ctx_TupleBuilder_Build was given HPyTupleBuilder \d+, which was already closed by HPyTupleBuilder_Cancel/);
});

test('on_invalid_builder_handle counts each invalid use and lets the call go on (test_build_cancel_after_build)', () => {
  let count = 0;
  debug.set_on_invalid_builder_handle(() => count++);
  try {
    assert.equal(mod.cancel_after_build(), undefined);
    assert.equal(count, 2);
    assert.equal(mod.build_twice(), undefined);  // the second build gives HPy_NULL, which the function ignores
    assert.equal(count, 3);
  } finally {
    debug.set_on_invalid_builder_handle(null);
  }
});

test('a tracker closes its handles through debug mode: one closed before is reported', () => {
  assert.throws(() => mod.track_closed('x'), /ctx_Close was given handle 0x[0-9a-f]+, which is already closed/);
});

test('closing a tracker twice is reported', () => {
  assert.throws(() => mod.tracker_twice(), /ctx_Tracker_Close was given HPyTracker \d+, which was already closed by HPyTracker_Close/);
});
