// HPyListBuilder_*, HPyTupleBuilder_*, HPyTracker_*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { IndexError, SystemError } from '../../src/index';

const m = makeModule(`
/* [0, 10, 20, ...] through a builder, closing each item after Set */
HPyDef_METH(list_build, "list_build", HPyFunc_O)
static HPy list_build_impl(HPyContext *ctx, HPy self, HPy arg) {
    long n = HPyLong_AsLong(ctx, arg);
    HPyListBuilder b = HPyListBuilder_New(ctx, n);
    for (long i = 0; i < n; i++) {
        HPy item = HPyLong_FromLong(ctx, i * 10);
        HPyListBuilder_Set(ctx, b, i, item);
        HPy_Close(ctx, item);
    }
    return HPyListBuilder_Build(ctx, b);
}
HPyDef_METH(tuple_build, "tuple_build", HPyFunc_VARARGS)
static HPy tuple_build_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPyTupleBuilder b = HPyTupleBuilder_New(ctx, nargs);
    for (HPy_ssize_t i = 0; i < nargs; i++)
        HPyTupleBuilder_Set(ctx, b, nargs - 1 - i, args[i]);
    return HPyTupleBuilder_Build(ctx, b);
}
/* leaves slot 1 unset */
HPyDef_METH(tuple_partial, "tuple_partial", HPyFunc_NOARGS)
static HPy tuple_partial_impl(HPyContext *ctx, HPy self) {
    HPyTupleBuilder b = HPyTupleBuilder_New(ctx, 2);
    HPyTupleBuilder_Set(ctx, b, 0, ctx->h_True);
    return HPyTupleBuilder_Build(ctx, b);
}
HPyDef_METH(set_out_of_range, "set_out_of_range", HPyFunc_O)
static HPy set_out_of_range_impl(HPyContext *ctx, HPy self, HPy arg) {
    long index = HPyLong_AsLong(ctx, arg);
    HPyListBuilder b = HPyListBuilder_New(ctx, 2);
    HPyListBuilder_Set(ctx, b, index, ctx->h_None);
    return HPyListBuilder_Build(ctx, b);
}
HPyDef_METH(set_bad_item, "set_bad_item", HPyFunc_NOARGS)
static HPy set_bad_item_impl(HPyContext *ctx, HPy self) {
    HPyTupleBuilder b = HPyTupleBuilder_New(ctx, 1);
    HPy bogus = { 888888 };
    HPyTupleBuilder_Set(ctx, b, 0, bogus);
    return HPyTupleBuilder_Build(ctx, b);
}
HPyDef_METH(new_negative, "new_negative", HPyFunc_NOARGS)
static HPy new_negative_impl(HPyContext *ctx, HPy self) {
    HPyListBuilder b = HPyListBuilder_New(ctx, -3);
    HPyListBuilder_Set(ctx, b, 0, ctx->h_None); /* a null builder: ignored */
    return HPyListBuilder_Build(ctx, b);
}
HPyDef_METH(cancel, "cancel", HPyFunc_NOARGS)
static HPy cancel_impl(HPyContext *ctx, HPy self) {
    HPyListBuilder lb = HPyListBuilder_New(ctx, 3);
    HPyListBuilder_Set(ctx, lb, 0, ctx->h_None);
    HPyListBuilder_Cancel(ctx, lb);
    HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, 3);
    HPyTupleBuilder_Cancel(ctx, tb);
    return HPyLong_FromLong(ctx, HPyErr_Occurred(ctx));
}
/* a builder kept across calls: started in one, finished in the next */
static HPyListBuilder kept;
HPyDef_METH(start_kept, "start_kept", HPyFunc_O)
static HPy start_kept_impl(HPyContext *ctx, HPy self, HPy arg) {
    kept = HPyListBuilder_New(ctx, 2);
    HPyListBuilder_Set(ctx, kept, 0, arg);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(finish_kept, "finish_kept", HPyFunc_O)
static HPy finish_kept_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPyListBuilder_Set(ctx, kept, 1, arg);
    return HPyListBuilder_Build(ctx, kept);
}
/* a tracker closes what it tracks: returns how many handles stay open */
HPyDef_METH(tracker_close, "tracker_close", HPyFunc_O)
static HPy tracker_close_impl(HPyContext *ctx, HPy self, HPy arg) {
    long n = HPyLong_AsLong(ctx, arg);
    HPyTracker ht = HPyTracker_New(ctx, 0);
    HPy first = HPy_NULL;
    for (long i = 0; i < n; i++) {
        HPy h = HPyLong_FromLong(ctx, i);
        if (i == 0) first = h;
        if (HPyTracker_Add(ctx, ht, h) < 0) return HPy_NULL;
    }
    HPyTracker_Close(ctx, ht);
    /* the first handle is closed now: using it must fail */
    if (n > 0) return HPy_Dup(ctx, first);
    return HPy_Dup(ctx, ctx->h_None);
}
/* ForgetAll keeps the handles open: the result is built from one of them */
HPyDef_METH(tracker_forget, "tracker_forget", HPyFunc_NOARGS)
static HPy tracker_forget_impl(HPyContext *ctx, HPy self) {
    HPyTracker ht = HPyTracker_New(ctx, 2);
    if (HPyTracker_IsNull(ht)) return HPy_NULL;
    HPy a = HPyUnicode_FromString(ctx, "kept");
    HPyTracker_Add(ctx, ht, a);
    HPyTracker_Add(ctx, ht, HPy_NULL);
    HPyTracker_ForgetAll(ctx, ht);
    HPyTracker_Close(ctx, ht);
    return a;
}
HPyDef_METH(tracker_misuse, "tracker_misuse", HPyFunc_O)
static HPy tracker_misuse_impl(HPyContext *ctx, HPy self, HPy arg) {
    long which = HPyLong_AsLong(ctx, arg);
    HPyTracker ht = HPyTracker_New(ctx, 0);
    if (which == 0) {           /* Add after Close */
        HPyTracker_Close(ctx, ht);
        if (HPyTracker_Add(ctx, ht, ctx->h_None) < 0) return HPy_NULL;
    } else if (which == 1) {    /* a made-up tracker */
        HPyTracker bogus = { 12345 };
        if (HPyTracker_Add(ctx, bogus, ctx->h_None) < 0) return HPy_NULL;
    } else if (which == 2) {    /* a tracked handle closed twice */
        HPy h = HPyLong_FromLong(ctx, 1);
        HPyTracker_Add(ctx, ht, h);
        HPy_Close(ctx, h);
        HPyTracker_Close(ctx, ht);
        return HPy_NULL;
    } else {
        HPyTracker bad = HPyTracker_New(ctx, -1);
        if (bad._i == 0) return HPy_NULL;
        return HPyLong_FromLong(ctx, bad._i);
    }
    return HPy_Dup(ctx, ctx->h_None);
}
`);

test('HPyListBuilder builds a list from items closed after Set', () => {
  const l = m.list_build(4);
  assert.deepEqual(l, [0, 10, 20, 30]);
  assert.ok(!Object.isFrozen(l));
  assert.deepEqual(m.list_build(0), []);
});

test('HPyTupleBuilder builds a frozen array', () => {
  const t = m.tuple_build('a', 'b', 'c');
  assert.deepEqual(t, ['c', 'b', 'a']);
  assert.ok(Object.isFrozen(t));
});

test('HPyTupleBuilder slots never set are undefined', () => {
  assert.deepEqual(m.tuple_partial(), [true, undefined]);
});

test('a builder Set out of range makes Build fail with IndexError', () => {
  assert.throws(() => m.set_out_of_range(2), (e: Error) => e instanceof IndexError && /ctx_ListBuilder_Set: index 2 out of range for a builder of size 2/.test(e.message));
  assert.throws(() => m.set_out_of_range(-1), IndexError);
});

test('a builder Set with an invalid item makes Build fail with SystemError', () => {
  assert.throws(() => m.set_bad_item(), { name: 'SystemError', message: /invalid handle/ });
});

test('a builder with a negative size fails at New and Build reports it', () => {
  assert.throws(() => m.new_negative(), (e: Error) => e instanceof SystemError && /ctx_ListBuilder_New: negative size -3/.test(e.message));
});

test('Cancel discards list and tuple builders without error', () => {
  assert.equal(m.cancel(), 0);
});

test('a builder survives from one extension call to the next', () => {
  const marker = { id: 1 };
  m.start_kept(marker);
  assert.deepEqual(m.finish_kept('end'), [marker, 'end']);
});

test('HPyTracker_Close closes every tracked handle', () => {
  assert.throws(() => m.tracker_close(3), { name: 'SystemError', message: /invalid handle.*closed/ });
  assert.equal(m.tracker_close(0), undefined);
});

test('HPyTracker tracks many handles past its initial size', () => {
  assert.throws(() => m.tracker_close(1000), { name: 'SystemError', message: /invalid handle/ });
});

test('HPyTracker_ForgetAll leaves the handles open', () => {
  assert.equal(m.tracker_forget(), 'kept');
});

test('a closed or made-up tracker is a SystemError, not a crash', () => {
  assert.throws(() => m.tracker_misuse(0), { name: 'SystemError', message: /ctx_Tracker_Add: invalid tracker/ });
  assert.throws(() => m.tracker_misuse(1), { name: 'SystemError', message: /ctx_Tracker_Add: invalid tracker/ });
});

test('HPyTracker_Close reports a tracked handle the extension already closed', () => {
  assert.throws(() => m.tracker_misuse(2), { name: 'SystemError', message: /invalid handle/ });
});

test('HPyTracker_New with a negative size is a SystemError', () => {
  assert.throws(() => m.tracker_misuse(3), { name: 'SystemError', message: /ctx_Tracker_New: negative size/ });
});
