// HPyList_*, HPyTuple_*, HPyDict_*: a list is a JavaScript array, a tuple a
// frozen array, a dict a plain object (what HPyDict_New makes) or a Map.
// Functions that CPython documents for one type only (PyList_Append,
// PyDict_Keys, ...) raise SystemError on anything else, as CPython does; the
// message says what was expected.
#include <cstdlib>
#include "autogen_universal.h"
#include "support.h"
#include "containers.h"
#include "../engine/engine.h"
#include "describe.h"

namespace {

napi_value undefined_value(ThreadState *ts) {
  napi_value u;
  napi_get_undefined(ts->env, &u);
  return u;
}

// 1 when v is a list (an array that is not frozen), 0 when not, -1 with the
// error set. The engine answers unless the array's length is read-only.
int is_list(ThreadState *ts, napi_value v) {
  int known = hpy_engine_list_check(ts->env, v);
  if (known >= 0) return known;
  napi_value r = hpy_call_helper(ts, HELPER_isList, 1, &v);
  bool b = false;
  if (!r || napi_get_value_bool(ts->env, r, &b) != napi_ok) return -1;
  return b;
}

// The array behind h when it is a list (an array that is not frozen),
// otherwise nullptr with SystemError naming `fn`.
napi_value list_arg(ThreadState *ts, HPy h, const char *fn) {
  napi_value v = hpy_value(ts, h);
  if (!v) return nullptr;
  int b = is_list(ts, v);
  if (b < 0) return nullptr;
  if (b) return v;
  bool is_array = false;
  napi_is_array(ts->env, v, &is_array);
  hpy_err_raise(ts, hpy_h::SystemError, "%s: expected a list (an Array that is not frozen), got %s", fn,
                is_array ? "a tuple (a frozen Array)" : hpy_describe_type(ts, v));
  return nullptr;
}

bool negative_size(ThreadState *ts, HPy_ssize_t n, const char *fn) {
  if (n >= 0) return false;
  hpy_err_raise(ts, hpy_h::SystemError, "%s: negative size %zd", fn, n);
  return true;
}

}  // namespace

// An array of `len` undefined values (Python's NULL slots are None here),
// and no holes: holes behave differently in `in`, forEach and spreading.
static napi_value new_filled_array(ThreadState *ts, HPy_ssize_t len, const char *fn) {
  if (negative_size(ts, len, fn)) return nullptr;
  if (uint64_t(len) > 0xFFFFFFFFull) {
    hpy_err_raise(ts, hpy_h::MemoryError, "%s: %zd items exceed a JavaScript array's maximum length", fn, len);
    return nullptr;
  }
  // Up to kEngineMaxFilledArray items in one engine call; larger ones item
  // by item.
  if (napi_value arr = hpy_engine_array_filled(size_t(len))) return arr;
  napi_value arr, undef = undefined_value(ts);
  if (!HPY_NAPI_OK(ts, napi_create_array_with_length(ts->env, size_t(len), &arr))) return nullptr;
  for (uint32_t i = 0; i < uint32_t(len); i++)
    if (!HPY_NAPI_OK(ts, napi_set_element(ts->env, arr, i, undef))) return nullptr;
  return arr;
}

bool hpy_array_length_ok(ThreadState *ts, HPy_ssize_t n, const char *fn) {
  if (negative_size(ts, n, fn)) return false;
  if (uint64_t(n) <= kEngineMaxArray) return true;
  hpy_err_raise(ts, hpy_h::MemoryError, "%s: %zd items exceed what one JavaScript array holds (%zu)", fn, n, kEngineMaxArray);
  return false;
}

napi_value hpy_array_of_handles(ThreadState *ts, const HPy *items, HPy_ssize_t n, bool frozen, bool null_is_undefined,
                                const char *fn) {
  // The items' values side by side, then the array in one engine call
  // (engine.h): no call per item.
  napi_value stack[16];
  napi_value *values = n <= 16 ? stack : static_cast<napi_value *>(malloc(size_t(n) * sizeof(napi_value)));
  if (!values) {
    hpy_err_raise(ts, hpy_h::MemoryError, "%s: no memory for %zd items", fn, n);
    return nullptr;
  }
  napi_value undef = null_is_undefined ? undefined_value(ts) : nullptr;
  HPy_ssize_t i = 0;
  for (; i < n; i++) {
    values[i] = null_is_undefined && HPy_IsNull(items[i]) ? undef : hpy_value(ts, items[i]);
    if (!values[i]) break;
  }
  napi_value arr = i == n ? hpy_engine_array(values, size_t(n), frozen) : nullptr;
  if (values != stack) free(values);
  if (!arr && !ts->frame.error) hpy_err_napi(ts, napi_pending_exception, fn);
  return arr;
}

// ---- HPyList_* ------------------------------------------------------------

int hpy_u_List_Check(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(0);
  napi_value v = hpy_value(ts, h);
  if (!v) return 0;
  return is_list(ts, v) == 1;
}

HPy hpy_u_List_New(HPyContext *ctx, HPy_ssize_t len) {
  HPY_STATE_OR(HPy_NULL);
  napi_value arr = new_filled_array(ts, len, "ctx_List_New");
  return arr ? hpy_new(ts, arr) : HPy_NULL;
}

int hpy_u_List_Append(HPyContext *ctx, HPy h_list, HPy h_item) {
  HPY_STATE_OR(-1);
  napi_value item = hpy_value(ts, h_item), v = item ? hpy_value(ts, h_list) : nullptr;
  if (!v) return -1;
  if (hpy_engine_list_append(ts->env, v, item) == 1) return 0;
  napi_value list = list_arg(ts, h_list, "ctx_List_Append");
  uint32_t len = 0;
  if (!list || !HPY_NAPI_OK(ts, napi_get_array_length(ts->env, list, &len))) return -1;
  return HPY_NAPI_OK(ts, napi_set_element(ts->env, list, len, item)) ? 0 : -1;
}

int hpy_u_List_Insert(HPyContext *ctx, HPy h_list, HPy_ssize_t index, HPy h_item) {
  HPY_STATE_OR(-1);
  napi_value item = hpy_value(ts, h_item);
  if (!item) return -1;
  napi_value list = list_arg(ts, h_list, "ctx_List_Insert");
  uint32_t len = 0;
  if (!list || !HPY_NAPI_OK(ts, napi_get_array_length(ts->env, list, &len))) return -1;
  // Python's rule: a negative index counts from the end, then both ends clamp.
  if (index < 0) index += HPy_ssize_t(len);
  if (index < 0) index = 0;
  if (index > HPy_ssize_t(len)) index = HPy_ssize_t(len);
  napi_value splice, argv[3], ignored;
  if (!HPY_NAPI_OK(ts, napi_get_named_property(ts->env, list, "splice", &splice)) ||
      !HPY_NAPI_OK(ts, napi_create_double(ts->env, double(index), &argv[0])) ||
      !HPY_NAPI_OK(ts, napi_create_int32(ts->env, 0, &argv[1])))
    return -1;
  argv[2] = item;
  return HPY_NAPI_OK(ts, napi_call_function(ts->env, list, splice, 3, argv, &ignored)) ? 0 : -1;
}

// ---- HPyTuple_* -----------------------------------------------------------

int hpy_u_Tuple_Check(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(0);
  napi_value v = hpy_value(ts, h);
  if (!v) return 0;
  bool is_array = false;
  if (napi_is_array(ts->env, v, &is_array) != napi_ok || !is_array) return 0;
  return hpy_helper_bool(ts, HELPER_isTuple, {h}) == 1;
}

HPy hpy_u_Tuple_FromArray(HPyContext *ctx, const HPy *items, HPy_ssize_t n) {
  HPY_STATE_OR(HPy_NULL);
  if (!hpy_array_length_ok(ts, n, "ctx_Tuple_FromArray")) return HPy_NULL;
  if (!items && n > 0) {
    hpy_err_raise(ts, hpy_h::SystemError, "ctx_Tuple_FromArray: items is NULL but n is %zd", n);
    return HPy_NULL;
  }
  napi_value arr = hpy_array_of_handles(ts, items, n, true, false, "ctx_Tuple_FromArray");
  if (!arr) return HPy_NULL;
  return hpy_new(ts, arr);
}

// ---- HPyDict_* ------------------------------------------------------------

HPy hpy_u_Dict_New(HPyContext *ctx) {
  HPY_STATE_OR(HPy_NULL);
  napi_value obj;
  return HPY_NAPI_OK(ts, napi_create_object(ts->env, &obj)) ? hpy_new(ts, obj) : HPy_NULL;
}

// A dict is a plain object or a Map (the isDict helper decides what the
// engine cannot: Maps, other realms).
int hpy_u_Dict_Check(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(0);
  napi_value v = hpy_value(ts, h);
  if (!v) return 0;
  int known = hpy_engine_is_dict(ts->env, v);
  if (known >= 0) return known;
  return hpy_helper_bool(ts, HELPER_isDict, {h}) == 1;
}
