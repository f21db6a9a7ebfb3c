// The object protocol on JavaScript values: attributes are properties, items
// are array elements, Map entries or properties, types are constructors.
// The rules live in the helpers (src/universal/helpers/objects.ts); this file resolves
// handles, takes the cheap native paths (array elements, number comparisons,
// identity) and converts results to what C expects.
#include <cmath>
#include <cstring>
#include "../core/frame.h"
#include "describe.h"
#include "../engine/engine.h"
#include "types/types.h"

// ---- attributes ------------------------------------------------------------

// o[key] when `key in o`, as the getAttr helper reads it: an object that is
// no proxy is read through the engine (engine.h); the helper gives every
// other answer and the AttributeError.
// What an engine read answered: 1 a value (*out its handle), -1 an
// exception (the HPy error now, *out HPy_NULL); false for anything else.
// `r` by reference: it is read after the engine call that sets it.
static bool engine_read(ThreadState *ts, int found, const napi_value &r, HPy *out) {
  if (found == 1) *out = hpy_new(ts, r);
  else if (found == -1) hpy_err_set_value(ts, r), *out = HPy_NULL;
  return found == 1 || found == -1;
}

static HPy get_attr(ThreadState *ts, napi_value o, napi_value key) {
  napi_value r;
  HPy h;
  if (engine_read(ts, hpy_engine_get_attr(o, key, &r), r, &h)) return h;
  napi_value argv[2] = {o, key};
  r = hpy_call_helper(ts, HELPER_getAttr, 2, argv);
  return r ? hpy_new(ts, r) : HPy_NULL;
}

HPy hpy_u_GetAttr(HPyContext *ctx, HPy obj, HPy name) {
  HPY_STATE_OR(HPy_NULL);
  napi_value o = hpy_value(ts, obj), key = o ? hpy_value(ts, name) : nullptr;
  return key ? get_attr(ts, o, key) : HPy_NULL;
}

HPy hpy_u_GetAttr_s(HPyContext *ctx, HPy obj, const char *utf8_name) {
  HPY_STATE_OR(HPy_NULL);
  napi_value o = hpy_value(ts, obj), key = o ? hpy_key(ts, utf8_name) : nullptr;
  return key ? get_attr(ts, o, key) : HPy_NULL;
}

// HasAttr never fails, as in HPy: a getter or Proxy trap that throws means
// "no". An invalid handle still reports its error, since that is a C bug.
static int has_attr(ThreadState *ts, HPy obj, napi_value key) {
  napi_value o = hpy_value(ts, obj);
  if (!o) return 0;
  napi_value argv[2] = {o, key};
  napi_value r = hpy_call_helper(ts, HELPER_hasAttr, 2, argv);
  bool b = false;
  if (!r) {
    ts->frame.error = nullptr;
    return 0;
  }
  napi_get_value_bool(ts->env, r, &b);
  return b;
}

int hpy_u_HasAttr(HPyContext *ctx, HPy obj, HPy name) {
  HPY_STATE_OR(0);
  napi_value key = hpy_value(ts, name);
  return key ? has_attr(ts, obj, key) : 0;
}

int hpy_u_HasAttr_s(HPyContext *ctx, HPy obj, const char *utf8_name) {
  HPY_STATE_OR(0);
  napi_value key = hpy_key(ts, utf8_name);
  return key ? has_attr(ts, obj, key) : 0;
}

// Sets, or with value HPy_NULL deletes (as PyObject_SetAttr does), a property.
static int set_attr(ThreadState *ts, HPy obj, napi_value key, HPy value) {
  bool remove = HPy_IsNull(value);
  napi_value o = hpy_value(ts, obj), v, flag;
  if (!o) return -1;
  if (remove) {
    napi_get_undefined(ts->env, &v);
  } else if (!(v = hpy_value(ts, value))) {
    return -1;
  }
  // A plain data write on a plain object: no call into JavaScript.
  if (!remove && hpy_engine_set_data(ts->env, o, key, v) == 1) return 0;
  napi_get_boolean(ts->env, remove, &flag);
  napi_value argv[4] = {o, key, v, flag};
  return hpy_call_helper(ts, HELPER_setAttr, 4, argv) ? 0 : -1;
}

int hpy_u_SetAttr(HPyContext *ctx, HPy obj, HPy name, HPy value) {
  HPY_STATE_OR(-1);
  napi_value key = hpy_value(ts, name);
  return key ? set_attr(ts, obj, key, value) : -1;
}

int hpy_u_SetAttr_s(HPyContext *ctx, HPy obj, const char *utf8_name, HPy value) {
  HPY_STATE_OR(-1);
  napi_value key = hpy_key(ts, utf8_name);
  return key ? set_attr(ts, obj, key, value) : -1;
}

// ---- items -----------------------------------------------------------------

// Element i of a JavaScript array (negative counts from the end), natively.
// Returns false, with nothing set, when this is not that case or i is out of
// range, so the helper can give the right error.
static bool array_element(ThreadState *ts, napi_value o, double i, napi_value *out) {
  bool is_array = false;
  uint32_t len = 0;
  if (napi_is_array(ts->env, o, &is_array) != napi_ok || !is_array) return false;
  if (napi_get_array_length(ts->env, o, &len) != napi_ok) return false;
  if (i < 0) i += len;
  if (!(i >= 0 && i < len) || i != std::trunc(i)) return false;
  return napi_get_element(ts->env, o, uint32_t(i), out) == napi_ok;
}

static HPy get_item(ThreadState *ts, napi_value o, napi_value key) {
  double i;
  napi_value r;
  HPy h;
  // A dict's own entry under a string key, through the engine.
  if (engine_read(ts, hpy_engine_dict_get(ts->env, o, key, &r), r, &h)) return h;
  if (napi_get_value_double(ts->env, key, &i) == napi_ok && array_element(ts, o, i, &r)) return hpy_new(ts, r);
  napi_value argv[2] = {o, key};
  r = hpy_call_helper(ts, HELPER_getItem, 2, argv);
  return r ? hpy_new(ts, r) : HPy_NULL;
}

HPy hpy_u_GetItem(HPyContext *ctx, HPy obj, HPy key) {
  HPY_STATE_OR(HPy_NULL);
  napi_value o = hpy_value(ts, obj), k = o ? hpy_value(ts, key) : nullptr;
  return k ? get_item(ts, o, k) : HPy_NULL;
}

HPy hpy_u_GetItem_i(HPyContext *ctx, HPy obj, HPy_ssize_t idx) {
  HPY_STATE_OR(HPy_NULL);
  napi_value o = hpy_value(ts, obj), k, item;
  if (o && hpy_engine_array_item(o, idx, &item) == 1) return hpy_new(ts, item);
  if (!o || !HPY_NAPI_OK(ts, napi_create_int64(ts->env, idx, &k))) return HPy_NULL;
  return get_item(ts, o, k);
}

HPy hpy_u_GetItem_s(HPyContext *ctx, HPy obj, const char *utf8_key) {
  HPY_STATE_OR(HPy_NULL);
  napi_value o = hpy_value(ts, obj), k = o ? hpy_key(ts, utf8_key) : nullptr;
  return k ? get_item(ts, o, k) : HPy_NULL;
}

static int set_item(ThreadState *ts, HPy obj, napi_value key, HPy value) {
  napi_value o = hpy_value(ts, obj), v = o ? hpy_value(ts, value) : nullptr;
  if (!v) return -1;
  if (hpy_engine_set_data(ts->env, o, key, v) == 1) return 0;  // a dict's plain entry
  napi_value argv[3] = {o, key, v};
  return hpy_call_helper(ts, HELPER_setItem, 3, argv) ? 0 : -1;
}

int hpy_u_SetItem(HPyContext *ctx, HPy obj, HPy key, HPy value) {
  HPY_STATE_OR(-1);
  napi_value k = hpy_value(ts, key);
  return k ? set_item(ts, obj, k, value) : -1;
}

int hpy_u_SetItem_i(HPyContext *ctx, HPy obj, HPy_ssize_t idx, HPy value) {
  HPY_STATE_OR(-1);
  napi_value o = hpy_value(ts, obj), v = o ? hpy_value(ts, value) : nullptr, k;
  if (!v) return -1;
  if (hpy_engine_list_set(ts->env, o, idx, v) == 1) return 0;  // a list's item, in range
  return HPY_NAPI_OK(ts, napi_create_int64(ts->env, idx, &k)) ? set_item(ts, obj, k, value) : -1;
}

int hpy_u_SetItem_s(HPyContext *ctx, HPy obj, const char *utf8_key, HPy value) {
  HPY_STATE_OR(-1);
  napi_value k = hpy_key(ts, utf8_key);
  return k ? set_item(ts, obj, k, value) : -1;
}

static int del_item(ThreadState *ts, HPy obj, napi_value key) {
  napi_value o = hpy_value(ts, obj);
  if (!o) return -1;
  napi_value argv[2] = {o, key};
  return hpy_call_helper(ts, HELPER_delItem, 2, argv) ? 0 : -1;
}

int hpy_u_DelItem(HPyContext *ctx, HPy obj, HPy key) {
  HPY_STATE_OR(-1);
  napi_value k = hpy_value(ts, key);
  return k ? del_item(ts, obj, k) : -1;
}

int hpy_u_DelItem_i(HPyContext *ctx, HPy obj, HPy_ssize_t idx) {
  HPY_STATE_OR(-1);
  napi_value k;
  return HPY_NAPI_OK(ts, napi_create_int64(ts->env, idx, &k)) ? del_item(ts, obj, k) : -1;
}

int hpy_u_DelItem_s(HPyContext *ctx, HPy obj, const char *utf8_key) {
  HPY_STATE_OR(-1);
  napi_value k = hpy_key(ts, utf8_key);
  return k ? del_item(ts, obj, k) : -1;
}

// `key in container`: a dict's own string key through the engine, the
// helper for everything else (sequences, Maps, iterables, type slots).
int hpy_u_Contains(HPyContext *ctx, HPy container, HPy key) {
  HPY_STATE_OR(-1);
  napi_value o = hpy_value(ts, container), k = o ? hpy_value(ts, key) : nullptr;
  if (!k) return -1;
  int has = hpy_engine_dict_has(ts->env, o, k);
  if (has >= 0) return has;
  return hpy_helper_bool(ts, HELPER_contains, {container, key});
}

HPy_ssize_t hpy_u_Length(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(-1);
  napi_value v = hpy_value(ts, h), r;
  if (!v) return -1;
  bool is_array = false;
  uint32_t len;
  if (napi_is_array(ts->env, v, &is_array) == napi_ok && is_array && napi_get_array_length(ts->env, v, &len) == napi_ok)
    return HPy_ssize_t(len);
  if (!(r = hpy_call_helper(ts, HELPER_length, 1, &v))) return -1;
  int64_t n = -1;
  return HPY_NAPI_OK(ts, napi_get_value_int64(ts->env, r, &n)) ? HPy_ssize_t(n) : -1;
}

// ---- types -----------------------------------------------------------------

// HPy_TypeCheck of an instance made through V8's API against a class made
// by HPyType_FromSpec, answered from the type records: 1 when `type` is the
// instance's type or one of its bases; 0 when it is another such class and
// the instance's prototype is its own type's (not a JavaScript subclass's)
// in a hierarchy of single bases; -1 when the JavaScript helper must say.
static int type_check_native(ThreadState *ts, HPy obj, HPy type) {
  napi_value o = hpy_value(ts, obj);
  if (!o) return 0;
  const InstanceHeap *heap = t_instances;
  InstanceData *inst = heap && o == heap->self ? static_cast<InstanceData *>(heap->self_data) : hpy_engine_instance_data(o);
  if (!inst || !inst->type->engine_instances) return -1;
  napi_value t = hpy_value(ts, type);
  if (!t) return 0;
  for (const TypeRecord *r = inst->type; r; r = r->base)
    if (hpy_engine_class_is(r->engine, t)) return 1;
  if (!inst->exact || inst->type->extra_bases) return -1;
  return hpy_type_record_exact(ts->env, t) ? 0 : -1;
}

// 0 or 1; a `type` that is not a class sets TypeError and gives 0 (HPy's
// TypeCheck has no failure value), so the frame reports it.
int hpy_u_TypeCheck(HPyContext *ctx, HPy obj, HPy type) {
  HPY_STATE_OR(0);
  double d;
  if (type._i == hpy_h::BaseObjectType._i) {
    napi_value v = hpy_value(ts, obj);  // still report an invalid handle
    return v != nullptr;
  }
  if (hpy_number(ts, obj, &d)) {
    if (type._i == hpy_h::FloatType._i) return 1;
    if (type._i == hpy_h::LongType._i) return std::isfinite(d) && d == std::trunc(d);
  }
  int known = type_check_native(ts, obj, type);
  if (known >= 0) return known;
  int r = hpy_helper_bool(ts, HELPER_typeCheck, {obj, type});
  return r < 0 ? 0 : r;
}

// The class's name, in memory that lives until the extension call returns.
const char *hpy_u_Type_GetName(HPyContext *ctx, HPy type) {
  HPY_STATE_OR(nullptr);
  napi_value t = hpy_value(ts, type);
  if (!t) return nullptr;
  napi_valuetype vt;
  napi_typeof(ts->env, t, &vt);
  if (vt != napi_function) {
    hpy_err_raise(ts, hpy_h::TypeError, "ctx_Type_GetName: expected a class, got %s", hpy_describe_type(ts, t));
    return nullptr;
  }
  napi_value name = hpy_call_helper(ts, HELPER_typeName, 1, &t);
  size_t len = 0;
  if (!name || !HPY_NAPI_OK(ts, napi_get_value_string_utf8(ts->env, name, nullptr, 0, &len))) return nullptr;
  char *buf = hpy_scratch_alloc(ts, len + 1);
  if (!buf) {
    hpy_err_raise(ts, hpy_h::MemoryError, "ctx_Type_GetName: no memory for the name");
    return nullptr;
  }
  napi_get_value_string_utf8(ts->env, name, buf, len + 1, &len);
  return buf;
}

// Like TypeCheck: 0 or 1, with TypeError set (and 0) when either is no class.
int hpy_u_Type_IsSubtype(HPyContext *ctx, HPy sub, HPy type) {
  HPY_STATE_OR(0);
  if (sub._i == type._i && hpy_is_constant(sub)) return 1;
  int r = hpy_helper_bool(ts, HELPER_isSubtype, {sub, type});
  return r < 0 ? 0 : r;
}

// ---- identity, comparison, hashing ----------------------------------------

// Identity is JavaScript's ===, except that numbers compare by value with NaN
// identical to itself: an unboxed number has no identity to compare, and in
// Python `x is x` holds for a float NaN.
int hpy_u_Is(HPyContext *ctx, HPy obj, HPy other) {
  HPY_STATE_OR(0);
  if (obj._i == other._i && hpy_is_constant(obj)) return 1;
  double a, b;
  if (hpy_number(ts, obj, &a) && hpy_number(ts, other, &b)) return a == b || (std::isnan(a) && std::isnan(b));
  napi_value x = hpy_value(ts, obj), y = x ? hpy_value(ts, other) : nullptr;
  bool same = false;
  if (!y || !HPY_NAPI_OK(ts, napi_strict_equals(ts->env, x, y, &same))) return 0;
  return same;
}

static bool valid_op(ThreadState *ts, int op) {
  if (op >= HPy_LT && op <= HPy_GE) return true;
  hpy_err_raise(ts, hpy_h::SystemError, "ctx_RichCompare: invalid operator %d (expected HPy_LT..HPy_GE)", op);
  return false;
}

static bool compare_numbers(double a, double b, int op) {
  switch (op) {
    case HPy_LT: return a < b;
    case HPy_LE: return a <= b;
    case HPy_EQ: return a == b;
    case HPy_NE: return a != b;
    case HPy_GT: return a > b;
    default: return a >= b;
  }
}

// The JavaScript comparison: <, <=, ===, !==, >, >= (strict equality: 1 and
// '1' differ, objects are equal only to themselves).
static napi_value compare(ThreadState *ts, HPy v, HPy w, int op) {
  napi_value opv;
  if (!HPY_NAPI_OK(ts, napi_create_int32(ts->env, op, &opv))) return nullptr;
  return hpy_helper_value_with(ts, HELPER_richCompare, {v, w}, {opv});
}

HPy hpy_u_RichCompare(HPyContext *ctx, HPy v, HPy w, int op) {
  HPY_STATE_OR(HPy_NULL);
  if (!valid_op(ts, op)) return HPy_NULL;
  double a, b;
  if (hpy_number(ts, v, &a) && hpy_number(ts, w, &b)) return hpy_bool_handle(compare_numbers(a, b, op));
  napi_value r = compare(ts, v, w, op);
  return r ? hpy_new(ts, r) : HPy_NULL;
}

int hpy_u_RichCompareBool(HPyContext *ctx, HPy v, HPy w, int op) {
  HPY_STATE_OR(-1);
  if (!valid_op(ts, op)) return -1;
  double a, b;
  if (hpy_number(ts, v, &a) && hpy_number(ts, w, &b)) return compare_numbers(a, b, op);
  napi_value r = compare(ts, v, w, op), t;
  bool out = false;
  if (!r || !HPY_NAPI_OK(ts, napi_coerce_to_bool(ts->env, r, &t))) return -1;
  napi_get_value_bool(ts->env, t, &out);
  return out;
}

// Integral numbers hash to themselves (-1 is HPy's error value, so -2, as in
// Python); everything else is hashed by the helper (strings by content,
// objects by a stable per-object id).
HPy_hash_t hpy_u_Hash(HPyContext *ctx, HPy obj) {
  HPY_STATE_OR(-1);
  double d;
  if (hpy_number(ts, obj, &d) && std::fabs(d) <= 9007199254740991.0 && d == std::trunc(d)) return d == -1 ? -2 : HPy_hash_t(d);
  napi_value r = hpy_helper_value(ts, HELPER_hash, {obj});
  int64_t h = -1;
  if (!r || !HPY_NAPI_OK(ts, napi_get_value_int64(ts->env, r, &h))) return -1;
  return h == -1 ? -2 : HPy_hash_t(h);
}

// ---- conversions to text and bytes -----------------------------------------
