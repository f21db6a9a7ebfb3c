// Calls: HPyCallable_Check, HPy_Call, HPy_CallMethod, HPy_CallTupleDict.
//
// HPy's vectorcall convention (`args` holds nargs positional values followed
// by one value per name in the `kwnames` tuple) maps onto JavaScript's options
// object convention: keywords become one trailing plain object, so
// HPy_Call(f, {1, 2, 3}, 2, ("b",)) is f(1, 2, { b: 3 }). A method of an HPy
// module gets the same object tagged as kwargs() (core/kwargs.h), so it
// reaches a KEYWORDS method as keywords. The receiver
// (`this`) is undefined for plain calls, args[0] for HPy_CallMethod.
//
// Calls go straight through napi_call_function: no helper, no intermediate
// array. An exception thrown by the callee becomes the HPy error as it is.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "../core/kwargs.h"
#include "describe.h"
#include "types/types.h"

// Argument vectors for typical calls live on the stack; longer ones are
// malloc'ed (never new: a failed allocation must not throw).
struct ArgVector {
  napi_value inline_slots[16];
  napi_value *v = inline_slots;
  size_t n = 0;
  ~ArgVector() {
    if (v != inline_slots) free(v);
  }
  bool reserve(ThreadState *ts, size_t count) {
    if (count <= 16) return true;
    v = static_cast<napi_value *>(malloc(count * sizeof(napi_value)));
    if (v) return true;
    v = inline_slots;
    hpy_err_raise(ts, hpy_h::MemoryError, "hpy-node: no memory for %zu call arguments", count);
    return false;
  }
};

// The number of names in kwnames (HPy_NULL means none): a tuple, or any array.
static bool keyword_count(ThreadState *ts, HPy kwnames, napi_value *names, uint32_t *count, const char *fn) {
  *names = nullptr;
  *count = 0;
  if (HPy_IsNull(kwnames)) return true;
  napi_value v = hpy_value(ts, kwnames);
  if (!v) return false;
  bool is_array = false;
  napi_is_array(ts->env, v, &is_array);
  if (!is_array) {
    hpy_err_raise(ts, hpy_h::TypeError, "%s: kwnames must be a tuple of strings or HPy_NULL, got %s", fn,
                  hpy_describe_type(ts, v));
    return false;
  }
  *names = v;
  return HPY_NAPI_OK(ts, napi_get_array_length(ts->env, v, count));
}

// Whether keywords reach `fn` as a kwargs() object (HPy's convention): an HPy
// module's method, or a class made by HPyType_FromSpec (its constructor hands
// them to tp_new/tp_init as `kw`); other functions get an options object.
static bool takes_kwargs(ThreadState *ts, napi_value fn) {
  return hpy_is_method(ts->env, fn) || hpy_type_record(ts->env, fn) != nullptr;
}

// Fills `out` with the JavaScript arguments for args[first..nargs) followed by
// the keyword object built from kwnames and the nkw values after them (tagged
// as kwargs() when the callee `target` is an HPy method).
static bool build_args(ThreadState *ts, const HPy *args, size_t first, size_t nargs, HPy kwnames, ArgVector *out, const char *fn,
                       napi_value target) {
  napi_value names;
  uint32_t nkw;
  if (!keyword_count(ts, kwnames, &names, &nkw, fn)) return false;
  if (!args && nargs + nkw > 0) {
    hpy_err_raise(ts, hpy_h::SystemError, "%s: args is NULL but %zu arguments were announced", fn, nargs + nkw);
    return false;
  }
  if (!out->reserve(ts, nargs - first + (nkw ? 1 : 0))) return false;
  for (size_t i = first; i < nargs; i++) {
    napi_value v = hpy_value(ts, args[i]);
    if (!v) return false;
    out->v[out->n++] = v;
  }
  if (nkw == 0) return true;
  napi_value kw;
  if (!HPY_NAPI_OK(ts, napi_create_object(ts->env, &kw))) return false;
  for (uint32_t j = 0; j < nkw; j++) {
    napi_value name, value = hpy_value(ts, args[nargs + j]);
    if (!value || !HPY_NAPI_OK(ts, napi_get_element(ts->env, names, j, &name))) return false;
    napi_valuetype t;
    napi_typeof(ts->env, name, &t);
    if (t != napi_string) {
      hpy_err_raise(ts, hpy_h::TypeError, "%s: keyword names must be strings, kwnames[%u] is %s", fn, j,
                    hpy_describe_type(ts, name));
      return false;
    }
    // Defined, not set: a keyword "__proto__" is an entry, not the prototype.
    napi_property_descriptor d{nullptr,
                               name,
                               nullptr,
                               nullptr,
                               nullptr,
                               value,
                               napi_property_attributes(napi_writable | napi_enumerable | napi_configurable),
                               nullptr};
    if (!HPY_NAPI_OK(ts, napi_define_properties(ts->env, kw, 1, &d))) return false;
  }
  if (takes_kwargs(ts, target) && !HPY_NAPI_OK(ts, hpy_kwargs_tag(ts->env, kw))) return false;
  out->v[out->n++] = kw;
  return true;
}

// The function behind `callable`, or nullptr with TypeError.
static napi_value function_of(ThreadState *ts, HPy callable) {
  napi_value fn = hpy_value(ts, callable);
  if (!fn) return nullptr;
  napi_valuetype t;
  napi_typeof(ts->env, fn, &t);
  if (t == napi_function) return fn;
  if (napi_value call = t == napi_object ? hpy_type_call_slot(ts, fn) : nullptr) return call;  // a type's tp_call
  hpy_err_raise(ts, hpy_h::TypeError, "'%s' object is not callable", hpy_describe_type(ts, fn));
  return nullptr;
}

// Whether `err`, just thrown by calling `fn` without `new`, is JavaScript
// refusing that call because `fn` is a class (`class X {}`) or a built-in
// constructor that needs `new` (Map, Promise, ...). Such a call throws before
// running any of fn's code. V8 words the refusal four ways; each names fn,
// except for a class that had no name when it was created, whose source
// then says it is one.
static bool refused_without_new(ThreadState *ts, napi_value fn, napi_value err) {
  napi_env env = ts->env;
  bool is_error = false;
  napi_value message, name, source;
  char m[320], n[256], src[8] = "";
  size_t len = 0;
  bool ok = napi_is_error(env, err, &is_error) == napi_ok && is_error &&
            napi_get_named_property(env, err, "message", &message) == napi_ok &&
            napi_get_value_string_utf8(env, message, m, sizeof m, &len) == napi_ok &&
            napi_get_named_property(env, fn, "name", &name) == napi_ok &&
            napi_get_value_string_utf8(env, name, n, sizeof n, &len) == napi_ok;
  if (ok && strcmp(m, "Class constructors cannot be invoked without 'new'") == 0)
    ok = napi_coerce_to_string(env, fn, &source) == napi_ok &&
         napi_get_value_string_utf8(env, source, src, sizeof src, &len) == napi_ok;
  bool pending = false;  // a getter or toString that threw: not the refusal
  napi_is_exception_pending(env, &pending);
  if (pending) napi_get_and_clear_last_exception(env, &name);
  if (!ok) return false;
  if (strncmp(src, "class", 5) == 0 && (src[5] == ' ' || src[5] == '{')) return true;
  char expected[3][320];
  snprintf(expected[0], sizeof expected[0], "Class constructor %s cannot be invoked without 'new'", n);
  snprintf(expected[1], sizeof expected[1], "Constructor %s requires 'new'", n);
  snprintf(expected[2], sizeof expected[2], "%s constructor cannot be invoked without 'new'", n);
  for (const char *e : expected)
    if (strcmp(m, e) == 0) return true;
  return false;
}

// Calls fn with `self` as `this`. With `construct`, a class that JavaScript
// refuses to call without `new` is constructed instead: calling a type makes
// an instance, as in Python (HPy_Call(ctx, h_SomeClass, ...)). Ordinary calls
// cost nothing more; only that refusal is looked at.
static HPy invoke(ThreadState *ts, napi_value self, napi_value fn, const ArgVector &args, bool construct = false) {
  napi_value result;
  napi_status status = napi_call_function(ts->env, self, fn, args.n, args.v, &result);
  if (status == napi_pending_exception && construct) {
    napi_value err;
    napi_get_and_clear_last_exception(ts->env, &err);
    if (!refused_without_new(ts, fn, err)) {
      hpy_err_set_value(ts, err);
      return HPy_NULL;
    }
    status = napi_new_instance(ts->env, fn, args.n, args.v, &result);
  }
  if (!hpy_ok(ts, status, "napi_call_function")) return HPy_NULL;
  return hpy_new(ts, result);
}

int hpy_u_Callable_Check(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(0);
  napi_value v = hpy_value(ts, h);
  napi_valuetype t;
  return v && napi_typeof(ts->env, v, &t) == napi_ok && t == napi_function;
}

HPy hpy_u_Call(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames) {
  HPY_STATE_OR(HPy_NULL);
  napi_value fn = function_of(ts, callable), undefined;
  ArgVector argv;
  if (!fn || !build_args(ts, args, 0, nargs, kwnames, &argv, "ctx_Call", fn)) return HPy_NULL;
  napi_get_undefined(ts->env, &undefined);
  return invoke(ts, undefined, fn, argv, true);
}

// HPy_CallMethod(name, args, nargs, kwnames): args[0].name(args[1..]) with
// args[0] as `this`, so methods of classes and of primitives ('abc'.at) work.
HPy hpy_u_CallMethod(HPyContext *ctx, HPy name, const HPy *args, size_t nargs, HPy kwnames) {
  HPY_STATE_OR(HPy_NULL);
  if (nargs == 0 || !args) {
    hpy_err_raise(ts, hpy_h::TypeError, "ctx_CallMethod needs the receiver as args[0] (nargs was 0)");
    return HPy_NULL;
  }
  napi_value key = hpy_value(ts, name), self = key ? hpy_value(ts, args[0]) : nullptr, method;
  if (!self) return HPy_NULL;
  napi_valuetype t;
  napi_typeof(ts->env, self, &t);
  if (t == napi_undefined || t == napi_null) {
    hpy_err_raise(ts, hpy_h::AttributeError, "ctx_CallMethod: the receiver is %s, which has no methods",
                  t == napi_null ? "null" : "undefined (None)");
    return HPy_NULL;
  }
  // napi_get_property boxes primitives, like JavaScript's own member access.
  if (!HPY_NAPI_OK(ts, napi_get_property(ts->env, self, key, &method))) return HPy_NULL;
  napi_typeof(ts->env, method, &t);
  if (t != napi_function) {
    napi_value text;
    size_t len = 0;
    char buf[128] = "?";
    if (napi_coerce_to_string(ts->env, key, &text) == napi_ok) {
      napi_get_value_string_utf8(ts->env, text, buf, sizeof buf, &len);
    } else {  // a Symbol: String() would throw; drop that, the message says '?'
      napi_value ignored;
      napi_get_and_clear_last_exception(ts->env, &ignored);
    }
    // As in Python: a missing member is AttributeError, one that exists but
    // cannot be called is TypeError.
    if (t == napi_undefined)
      hpy_err_raise(ts, hpy_h::AttributeError, "'%s' object has no method '%s'", hpy_describe_type(ts, self), buf);
    else
      hpy_err_raise(ts, hpy_h::TypeError, "'%s' object is not callable (member '%s' of a '%s' object)",
                    hpy_describe_type(ts, method), buf, hpy_describe_type(ts, self));
    return HPy_NULL;
  }
  ArgVector argv;
  if (!build_args(ts, args, 1, nargs, kwnames, &argv, "ctx_CallMethod", method)) return HPy_NULL;
  return invoke(ts, self, method, argv);
}

// HPy_CallTupleDict(callable, args, kw): args is a tuple or any array (JS
// callers hand in plain arrays), kw a dict (plain object or Map); either may
// be HPy_NULL. A non-empty kw becomes the trailing options object.
HPy hpy_u_CallTupleDict(HPyContext *ctx, HPy callable, HPy args, HPy kw) {
  HPY_STATE_OR(HPy_NULL);
  napi_value fn = function_of(ts, callable);
  if (!fn) return HPy_NULL;
  napi_value arr = nullptr;
  if (!HPy_IsNull(args)) {
    if (!(arr = hpy_value(ts, args))) return HPy_NULL;
    bool is_array = false;
    napi_is_array(ts->env, arr, &is_array);
    if (!is_array) {
      hpy_err_raise(ts, hpy_h::TypeError, "ctx_CallTupleDict requires args to be a tuple (or array) or HPy_NULL, got %s",
                    hpy_describe_type(ts, arr));
      return HPy_NULL;
    }
  }
  if (!HPy_IsNull(kw)) {
    int is_dict = hpy_helper_bool(ts, HELPER_isDict, {kw});
    if (is_dict < 0) return HPy_NULL;
    if (!is_dict) {
      napi_value v = hpy_value(ts, kw);
      hpy_err_raise(ts, hpy_h::TypeError, "ctx_CallTupleDict requires kw to be a dict (plain object or Map) or HPy_NULL, got %s",
                    hpy_describe_type(ts, v));
      return HPy_NULL;
    }
    // The helper knows how to turn a dict into the options object.
    napi_value empty = nullptr;
    if (!arr && !HPY_NAPI_OK(ts, napi_create_array(ts->env, &empty))) return HPy_NULL;
    napi_value kwv = hpy_value(ts, kw);
    napi_value argv[5] = {fn, arr ? arr : empty, nullptr, kwv, nullptr};
    napi_get_undefined(ts->env, &argv[2]);
    napi_get_boolean(ts->env, takes_kwargs(ts, fn), &argv[4]);
    napi_value r = hpy_call_helper(ts, HELPER_call, 5, argv);
    return r ? hpy_new(ts, r) : HPy_NULL;
  }
  ArgVector argv;
  uint32_t n = 0;
  if (arr && !HPY_NAPI_OK(ts, napi_get_array_length(ts->env, arr, &n))) return HPy_NULL;
  if (!argv.reserve(ts, n)) return HPy_NULL;
  for (uint32_t i = 0; i < n; i++) {
    // An indexed read through the engine; Node-API's call reports failures.
    if (hpy_engine_array_item(arr, i, &argv.v[argv.n]) != 1 &&
        !HPY_NAPI_OK(ts, napi_get_element(ts->env, arr, i, &argv.v[argv.n])))
      return HPy_NULL;
    argv.n++;
  }
  napi_value undefined;
  napi_get_undefined(ts->env, &undefined);
  return invoke(ts, undefined, fn, argv, true);
}
