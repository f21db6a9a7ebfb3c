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

bool define_method(napi_env env, napi_value obj, ModuleInstance *inst, const HPyMeth *meth) {
  auto rec = std::make_unique<MethodRecord>(MethodRecord{meth, inst, inst->lib->name + "." + meth->name});
  napi_value fn;
  if (napi_create_function(env, meth->name, NAPI_AUTO_LENGTH, call_method, rec.get(), &fn) != napi_ok) return false;
  if (meth->doc) {
    napi_value doc;
    napi_create_string_utf8(env, meth->doc, NAPI_AUTO_LENGTH, &doc);
    napi_set_named_property(env, fn, "doc", doc);
  }
  if (napi_set_named_property(env, obj, meth->name, fn) != napi_ok) return false;
  inst->methods.push_back(std::move(rec));
  return true;
}
}  // namespace

ModuleInstance *hpy_module_instance_new(napi_env env, Library *lib, Status *status) {
  auto inst = std::make_unique<ModuleInstance>();
  inst->lib = lib;
  napi_value obj, doc;
  napi_create_object(env, &obj);
  if (lib->def->doc) {
    napi_create_string_utf8(env, lib->def->doc, NAPI_AUTO_LENGTH, &doc);
  } else {
    napi_get_undefined(env, &doc);
  }
  napi_set_named_property(env, obj, "doc", doc);
  for (HPyDef **d = lib->def->defines; d && *d; d++) {
    if ((*d)->kind != HPyDef_Kind_Meth) {
      *status = Status::Fail(lib->path + ": only HPyDef_METH definitions are supported in modules on hpy-node yet (found kind " +
                             std::to_string(int((*d)->kind)) + ")");
      return nullptr;
    }
    if (!define_method(env, obj, inst.get(), &(*d)->meth)) {
      *status = Status::Fail(lib->path + ": defining method '" + (*d)->meth.name + "' on the module object failed");
      return nullptr;
    }
  }
  napi_create_reference(env, obj, 1, &inst->object);
  return inst.release();
}
