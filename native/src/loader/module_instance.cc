#include "module_instance.h"
#include <cstdio>
#include "../core/errors.h"
#include "../core/frame.h"
#include "../core/handles.h"
#include "../core/runtime.h"

namespace {
constexpr size_t kStackArgs = 8;

napi_value throw_type_error(napi_env env, const char *msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}

// Arity checks HPy makes before the call, for the fixed-arity kinds.
bool check_arity(napi_env env, const MethodRecord *m, size_t argc) {
  char msg[256];
  if (m->meth->signature == HPyFunc_NOARGS && argc != 0) {
    snprintf(msg, sizeof msg, "%s() takes no arguments (%zu given)", m->qualname.c_str(), argc);
  } else if (m->meth->signature == HPyFunc_O && argc != 1) {
    snprintf(msg, sizeof msg, "%s() takes exactly one argument (%zu given)", m->qualname.c_str(), argc);
  } else {
    return true;
  }
  throw_type_error(env, msg);
  return false;
}

HPy invoke(const MethodRecord *m, HPyContext *ctx, HPy self, HPy *args, size_t argc) {
  HPyCFunction impl = m->meth->impl;
  switch (m->meth->signature) {
    case HPyFunc_NOARGS: return reinterpret_cast<HPyFunc_noargs>(impl)(ctx, self);
    case HPyFunc_O: return reinterpret_cast<HPyFunc_o>(impl)(ctx, self, args[0]);
    case HPyFunc_VARARGS: return reinterpret_cast<HPyFunc_varargs>(impl)(ctx, self, args, HPy_ssize_t(argc));
    case HPyFunc_KEYWORDS:
      return reinterpret_cast<HPyFunc_keywords>(impl)(ctx, self, args, HPy_ssize_t(argc), HPy_NULL);
  }
  return HPy_NULL;
}

void close_if_open(ThreadState *ts, HPy h) {
  if (hpy_entry(ts, h)) hpy_close(ts, h);
}

napi_value call_method(napi_env env, napi_callback_info info) {
  napi_value stack_argv[kStackArgs];
  size_t argc = kStackArgs;
  void *data;
  napi_get_cb_info(env, info, &argc, stack_argv, nullptr, &data);
  auto *m = static_cast<MethodRecord *>(data);
  std::vector<napi_value> heap_argv;
  napi_value *argv = stack_argv;
  if (argc > kStackArgs) {
    heap_argv.resize(argc);
    napi_get_cb_info(env, info, &argc, heap_argv.data(), nullptr, nullptr);
    argv = heap_argv.data();
  }
  if (!check_arity(env, m, argc)) return nullptr;
  // The module was loaded in this environment, which made its state.
  ThreadState *ts = hpy_thread_state_of(env);
  if (!ts) return throw_type_error(env, "hpy-node: this thread's HPy runtime is gone (its environment is shutting down)");

  Frame frame = hpy_frame_begin(ts);
  HPy self = hpy_new_ref(ts, m->instance->object);  // resolved only if used
  HPy stack_handles[kStackArgs];
  std::vector<HPy> heap_handles;
  HPy *handles = stack_handles;
  if (argc > kStackArgs) {
    heap_handles.resize(argc);
    handles = heap_handles.data();
  }
  for (size_t i = 0; i < argc; i++) handles[i] = hpy_new(ts, argv[i]);

  HPy result = invoke(m, m->instance->lib->ctx, self, handles, argc);

  // Arguments are borrowed by the extension: they end with the call.
  close_if_open(ts, self);
  for (size_t i = 0; i < argc; i++) close_if_open(ts, handles[i]);
  return hpy_frame_end(frame, result, m->qualname.c_str());
}

// Builds the function for `meth` (its doc an own, read-only property; the
// function frozen) and adds its descriptor to `props`.
bool make_method(napi_env env, ModuleInstance *inst, const HPyMeth *meth, std::vector<napi_property_descriptor> *props) {
  auto rec = std::make_unique<MethodRecord>(MethodRecord{meth, inst, inst->lib->name + "." + meth->name});
  napi_value fn;
  if (napi_create_function(env, meth->name, NAPI_AUTO_LENGTH, call_method, rec.get(), &fn) != napi_ok) return false;
  if (meth->doc) {
    napi_value doc;
    if (napi_create_string_utf8(env, meth->doc, NAPI_AUTO_LENGTH, &doc) != napi_ok) return false;
    napi_property_descriptor d = {"doc", nullptr, nullptr, nullptr, nullptr, doc, napi_enumerable, nullptr};
    if (napi_define_properties(env, fn, 1, &d) != napi_ok) return false;
  }
  if (napi_object_freeze(env, fn) != napi_ok) return false;
  props->push_back({meth->name, nullptr, nullptr, nullptr, nullptr, fn, napi_enumerable, nullptr});
  inst->methods.push_back(std::move(rec));
  return true;
}
// A Node-API failure while building the module object, as a Status (the
// addon throws it; a JavaScript exception already pending wins).
ModuleInstance *fail(const Library *lib, Status *status, const std::string &step) {
  *status = Status::Fail("hpy-node: building the module object of " + lib->path + " failed while " + step);
  return nullptr;
}
}  // namespace

// The module object is shared by every user in this environment, so it is
// frozen: its methods and doc are own, enumerable, read-only properties
// (defined, not assigned, so no name reaches a setter such as __proto__'s;
// def_check.cc has refused names that would collide or mean something to
// JavaScript). load() only reads it and keys a WeakMap with it.
ModuleInstance *hpy_module_instance_new(napi_env env, Library *lib, Status *status) {
  auto inst = std::make_unique<ModuleInstance>();
  inst->lib = lib;
  napi_value obj, doc;
  if (napi_create_object(env, &obj) != napi_ok) return fail(lib, status, "creating the module object");
  if (lib->def->doc) {
    if (napi_create_string_utf8(env, lib->def->doc, NAPI_AUTO_LENGTH, &doc) != napi_ok) return fail(lib, status, "reading its doc string");
  } else {
    napi_get_undefined(env, &doc);
  }
  std::vector<napi_property_descriptor> props;
  props.push_back({"doc", nullptr, nullptr, nullptr, nullptr, doc, napi_enumerable, nullptr});
  // Only HPyDef_METH entries reach here (def_check.cc).
  for (HPyDef **d = lib->def->defines; d && *d; d++) {
    if (!make_method(env, inst.get(), &(*d)->meth, &props)) return fail(lib, status, "creating the function of method '" + std::string((*d)->meth.name) + "'");
  }
  if (napi_define_properties(env, obj, props.size(), props.data()) != napi_ok) return fail(lib, status, "defining its methods");
  if (napi_object_freeze(env, obj) != napi_ok) return fail(lib, status, "freezing the module object");
  napi_create_reference(env, obj, 1, &inst->object);
  return inst.release();
}
