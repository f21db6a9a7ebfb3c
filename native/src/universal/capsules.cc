// HPyCapsule_*: a capsule is an instance of the Capsule class (helper
// capsuleNew) with a native struct attached by napi_wrap. The object is
// type-tagged, so a capsule is recognised without trusting whatever another
// addon may have wrapped in an object. The destructor runs from the GC
// finalizer; HPy's destructor signature takes no context, so it cannot (and
// need not) call back into HPy.
#include <cstring>
#include "autogen_universal.h"
#include "../core/extension_call.h"
#include "support.h"
#include "describe.h"

namespace {

struct CapsuleData {
  void *pointer;
  const char *name;  // owned by the extension, as in CPython
  void *context;
  HPyCapsule_Destructor *destructor;
  ExtensionEntry *entry;  // trace mode: the destructor's profile entry
};

// Trace mode's profile entry of a capsule destructor given through ctx:
// "<module>.capsule_destructor", else null.
ExtensionEntry *destructor_entry(HPyContext *ctx, HPyCapsule_Destructor *d) {
  return d ? hpy_extension_entry(ctx, nullptr, "capsule_destructor") : nullptr;
}

// Random, fixed: marks objects whose wrapped pointer is a CapsuleData.
const napi_type_tag kCapsuleTag = {0x6f0b2c1d9e8a4f37ULL, 0xa51c93e07d2b6648ULL};

void finalize_capsule(napi_env env, void *data, void *hint) {
  CapsuleData *c = static_cast<CapsuleData *>(data);
  if (c->destructor && c->destructor->impl) {
    // Through hpy_extension_call, so trace mode counts it as an entry.
    CapsuleDestructorCall args{c->name, c->pointer, c->context};
    ExtensionCall call{nullptr, HPyFunc_CAPSULE_DESTRUCTOR,
                       reinterpret_cast<HPyCFunction>(reinterpret_cast<void (*)(void)>(c->destructor->impl))};
    call.ptr = &args;
    call.entry = c->entry;
    hpy_extension_call(call);
  }
  delete c;
}

// The read-only `name` property that shows the capsule's name in JavaScript
// (configurable, so HPyCapsule_Set can change it).
bool define_name(ThreadState *ts, napi_value obj, const char *name) {
  napi_value v;
  if (name) {
    if (!(v = hpy_string(ts, name))) return false;
  } else {
    napi_get_undefined(ts->env, &v);
  }
  napi_property_descriptor d = {"name", nullptr, nullptr, nullptr, nullptr, v, napi_configurable, nullptr};
  return HPY_NAPI_OK(ts, napi_define_properties(ts->env, obj, 1, &d));
}

// The capsule behind h, without raising (IsValid) or with ValueError, as
// CPython raises for "invalid PyCapsule object".
CapsuleData *capsule_data(ThreadState *ts, HPy h, const char *fn, napi_value *obj_out = nullptr) {
  napi_value obj = hpy_value(ts, h);
  if (!obj) return nullptr;
  bool tagged = false;
  void *data = nullptr;
  napi_valuetype t = napi_undefined;
  napi_typeof(ts->env, obj, &t);
  if (t == napi_object && napi_check_object_type_tag(ts->env, obj, &kCapsuleTag, &tagged) == napi_ok && tagged &&
      napi_unwrap(ts->env, obj, &data) == napi_ok && data) {
    if (obj_out) *obj_out = obj;
    return static_cast<CapsuleData *>(data);
  }
  if (fn)
    hpy_err_raise(ts, hpy_h::ValueError, "%s called with invalid PyCapsule object (got %s)", fn, hpy_describe_type(ts, obj));
  return nullptr;
}

// CPython's name_matches: both NULL, or equal strings.
bool name_matches(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return strcmp(a, b) == 0;
}

}  // namespace

HPy hpy_u_Capsule_New(HPyContext *ctx, void *pointer, const char *utf8_name, HPyCapsule_Destructor *destructor) {
  HPY_STATE_OR(HPy_NULL);
  if (!pointer) {
    hpy_err_raise(ts, hpy_h::ValueError, "ctx_Capsule_New called with null pointer");
    return HPy_NULL;
  }
  if (destructor && !destructor->impl) {
    hpy_err_raise(ts, hpy_h::ValueError, "ctx_Capsule_New: the destructor has no impl function");
    return HPy_NULL;
  }
  napi_value obj = hpy_call_helper(ts, HELPER_capsuleNew, 0, nullptr);
  if (!obj || !define_name(ts, obj, utf8_name) || !HPY_NAPI_OK(ts, napi_type_tag_object(ts->env, obj, &kCapsuleTag)))
    return HPy_NULL;
  CapsuleData *data = new CapsuleData{pointer, utf8_name, nullptr, destructor, destructor_entry(ctx, destructor)};
  if (!HPY_NAPI_OK(ts, napi_wrap(ts->env, obj, data, finalize_capsule, nullptr, nullptr))) {
    delete data;  // not attached: the destructor is not ours to run
    return HPy_NULL;
  }
  return hpy_new(ts, obj);
}

void *hpy_u_Capsule_Get(HPyContext *ctx, HPy capsule, _HPyCapsule_key key, const char *utf8_name) {
  HPY_STATE_OR(nullptr);
  CapsuleData *c = capsule_data(ts, capsule, "ctx_Capsule_Get");
  if (!c) return nullptr;
  switch (key) {
    case HPyCapsule_key_Pointer:
      if (!name_matches(c->name, utf8_name)) {
        hpy_err_raise(ts, hpy_h::ValueError,
                      "ctx_Capsule_Get called with incorrect name (asked for %s%s%s, the capsule's is %s%s%s)",
                      utf8_name ? "'" : "", utf8_name ? utf8_name : "NULL", utf8_name ? "'" : "", c->name ? "'" : "",
                      c->name ? c->name : "NULL", c->name ? "'" : "");
        return nullptr;
      }
      return c->pointer;
    case HPyCapsule_key_Name: return const_cast<char *>(c->name);
    case HPyCapsule_key_Context: return c->context;
    case HPyCapsule_key_Destructor: return c->destructor;
  }
  hpy_err_raise(ts, hpy_h::SystemError, "ctx_Capsule_Get: invalid key %d", int(key));
  return nullptr;
}

// Never raises: a bad handle or a non-capsule is simply not a valid capsule.
int hpy_u_Capsule_IsValid(HPyContext *ctx, HPy capsule, const char *utf8_name) {
  HPY_STATE_OR(0);
  napi_value saved = ts->frame.error;
  CapsuleData *c = HPy_IsNull(capsule) ? nullptr : capsule_data(ts, capsule, nullptr);
  ts->frame.error = saved;
  return c && c->pointer && name_matches(c->name, utf8_name);
}

int hpy_u_Capsule_Set(HPyContext *ctx, HPy capsule, _HPyCapsule_key key, void *value) {
  HPY_STATE_OR(-1);
  napi_value obj;
  CapsuleData *c = capsule_data(ts, capsule, "ctx_Capsule_Set", &obj);
  if (!c) return -1;
  switch (key) {
    case HPyCapsule_key_Pointer:
      if (!value) {
        hpy_err_raise(ts, hpy_h::ValueError, "ctx_Capsule_Set called with null pointer");
        return -1;
      }
      c->pointer = value;
      return 0;
    case HPyCapsule_key_Name:
      if (!define_name(ts, obj, static_cast<const char *>(value))) return -1;
      c->name = static_cast<const char *>(value);
      return 0;
    case HPyCapsule_key_Context: c->context = value; return 0;
    case HPyCapsule_key_Destructor: {
      HPyCapsule_Destructor *d = static_cast<HPyCapsule_Destructor *>(value);
      if (d && !d->impl) {
        hpy_err_raise(ts, hpy_h::ValueError, "ctx_Capsule_Set: the destructor has no impl function");
        return -1;
      }
      c->destructor = d;
      c->entry = destructor_entry(ctx, d);
      return 0;
    }
  }
  hpy_err_raise(ts, hpy_h::SystemError, "ctx_Capsule_Set: invalid key %d", int(key));
  return -1;
}
