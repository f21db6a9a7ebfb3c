// Iteration (HPy_GetIter, HPyIter_Next, HPyIter_Check) on JavaScript's
// iterator protocol, and slices: HPySlice_* on the Slice class, and
// HPy_GetSlice/SetSlice/DelSlice on strings, arrays and typed arrays.
#include <vector>
#include "autogen_universal.h"
#include "support.h"

namespace {

napi_value undefined_value(ThreadState *ts) {
  napi_value u;
  napi_get_undefined(ts->env, &u);
  return u;
}

napi_value ssize_value(ThreadState *ts, HPy_ssize_t n) {
  // A double: exact up to 2**53, and beyond that (PY_SSIZE_T_MAX as "to the
  // end") JavaScript's slice clamps it anyway.
  napi_value v = nullptr;
  napi_create_double(ts->env, double(n), &v);
  return v;
}

// A slice bound the helper validated (integer number, BigInt, or undefined
// for None) as Py_ssize_t, clamped to its range as Python's
// _PyEval_SliceIndex does. Returns false for None.
bool slice_index(ThreadState *ts, napi_value v, HPy_ssize_t *out) {
  napi_valuetype t;
  napi_typeof(ts->env, v, &t);
  if (t == napi_number) {
    double d = 0;
    napi_get_value_double(ts->env, v, &d);
    *out = d >= 9223372036854775807.0 ? INTPTR_MAX : d <= -9223372036854775808.0 ? INTPTR_MIN : HPy_ssize_t(d);
    return true;
  }
  if (t == napi_bigint) {
    int64_t r = 0;
    bool lossless = false;
    napi_get_value_bigint_int64(ts->env, v, &r, &lossless);
    if (!lossless) {
      // Only the sign matters; Node-API reports it only with the words.
      int sign = 0;
      size_t count = 0;
      napi_get_value_bigint_words(ts->env, v, nullptr, &count, nullptr);
      std::vector<uint64_t> words(count ? count : 1);
      napi_get_value_bigint_words(ts->env, v, &sign, &count, words.data());
      r = sign ? INT64_MIN : INT64_MAX;
    }
    *out = HPy_ssize_t(r);
    return true;
  }
  return false;
}

}  // namespace

// The next value, or HPy_NULL without an error when the iterator is done
// (Python's StopIteration convention for C).
HPy hpy_u_Iter_Next(HPyContext *ctx, HPy obj) {
  HPY_STATE_OR(HPy_NULL);
  napi_value r = hpy_helper_value(ts, HELPER_iterNext, {obj});
  napi_value done, done_bool, value;
  bool is_done = false;
  if (!r || !HPY_NAPI_OK(ts, napi_get_named_property(ts->env, r, "done", &done)) ||
      !HPY_NAPI_OK(ts, napi_coerce_to_bool(ts->env, done, &done_bool)) ||
      !HPY_NAPI_OK(ts, napi_get_value_bool(ts->env, done_bool, &is_done)))
    return HPy_NULL;
  if (is_done) return HPy_NULL;
  if (!HPY_NAPI_OK(ts, napi_get_named_property(ts->env, r, "value", &value))) return HPy_NULL;
  return hpy_new(ts, value);
}

// HPy_NULL bounds are None (undefined), as in PySlice_New.
HPy hpy_u_Slice_New(HPyContext *ctx, HPy start, HPy stop, HPy step) {
  HPY_STATE_OR(HPy_NULL);
  napi_value argv[3];
  HPy hs[3] = {start, stop, step};
  for (int i = 0; i < 3; i++)
    if (!(argv[i] = HPy_IsNull(hs[i]) ? undefined_value(ts) : hpy_value(ts, hs[i]))) return HPy_NULL;
  napi_value s = hpy_call_helper(ts, HELPER_sliceNew, 3, argv);
  return s ? hpy_new(ts, s) : HPy_NULL;
}

// PySlice_Unpack: None bounds take the defaults for the step's direction,
// everything clamps to Py_ssize_t, and the step never goes below
// -PY_SSIZE_T_MAX (so that negating it cannot overflow).
int hpy_u_Slice_Unpack(HPyContext *ctx, HPy slice, HPy_ssize_t *start, HPy_ssize_t *stop, HPy_ssize_t *step) {
  HPY_STATE_OR(-1);
  if (!start || !stop || !step) {
    hpy_err_raise(ts, hpy_h::SystemError, "ctx_Slice_Unpack: an output pointer is NULL");
    return -1;
  }
  napi_value r = hpy_helper_value(ts, HELPER_sliceUnpack, {slice});
  napi_value parts[3];
  for (uint32_t i = 0; i < 3; i++)
    if (!r || !HPY_NAPI_OK(ts, napi_get_element(ts->env, r, i, &parts[i]))) return -1;
  HPy_ssize_t st = 1, a, b;
  slice_index(ts, parts[2], &st);
  if (st < -INTPTR_MAX) st = -INTPTR_MAX;
  if (!slice_index(ts, parts[0], &a)) a = st < 0 ? INTPTR_MAX : 0;
  if (!slice_index(ts, parts[1], &b)) b = st < 0 ? INTPTR_MIN : INTPTR_MAX;
  *start = a;
  *stop = b;
  *step = st;
  return 0;
}

HPy hpy_u_GetSlice(HPyContext *ctx, HPy obj, HPy_ssize_t start, HPy_ssize_t end) {
  HPY_STATE_OR(HPy_NULL);
  napi_value r = hpy_helper_value_with(ts, HELPER_getSlice, {obj}, {ssize_value(ts, start), ssize_value(ts, end)});
  return r ? hpy_new(ts, r) : HPy_NULL;
}

// A NULL value deletes the slice, as PySequence_SetSlice does.
int hpy_u_SetSlice(HPyContext *ctx, HPy obj, HPy_ssize_t start, HPy_ssize_t end, HPy value) {
  HPY_STATE_OR(-1);
  if (HPy_IsNull(value))
    return hpy_helper_value_with(ts, HELPER_delSlice, {obj}, {ssize_value(ts, start), ssize_value(ts, end)}) ? 0 : -1;
  napi_value argv[4] = {hpy_value(ts, obj), ssize_value(ts, start), ssize_value(ts, end), nullptr};
  if (!argv[0] || !(argv[3] = hpy_value(ts, value))) return -1;
  return hpy_call_helper(ts, HELPER_setSlice, 4, argv) ? 0 : -1;
}

int hpy_u_DelSlice(HPyContext *ctx, HPy obj, HPy_ssize_t start, HPy_ssize_t end) {
  HPY_STATE_OR(-1);
  return hpy_helper_value_with(ts, HELPER_delSlice, {obj}, {ssize_value(ts, start), ssize_value(ts, end)}) ? 0 : -1;
}
