#include "method_call.h"
#include <cstdio>
#include <vector>
#include "../core/errors.h"
#include "../core/frame.h"
#include "../core/handles.h"
#include "../core/runtime.h"
#include "../debug/debug_mode.h"
#include "impl_cast.h"
#include "../core/kwargs.h"
#include "module_instance.h"

namespace {
constexpr size_t kStackArgs = 8;

napi_value throw_type_error(napi_env env, const char *msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}

// The checks HPy makes before a call: keywords only for KEYWORDS methods, and
// the arity of the fixed-arity kinds.
bool check_call(napi_env env, const MethodRecord *m, size_t npos, bool keywords) {
  char msg[256];
  HPyFunc_Signature sig = m->meth->signature;
  if (keywords && sig != HPyFunc_KEYWORDS) {
    snprintf(msg, sizeof msg, "%s() takes no keyword arguments", m->qualname.c_str());
  } else if (sig == HPyFunc_NOARGS && npos != 0) {
    snprintf(msg, sizeof msg, "%s() takes no arguments (%zu given)", m->qualname.c_str(), npos);
  } else if (sig == HPyFunc_O && npos != 1) {
    snprintf(msg, sizeof msg, "%s() takes exactly one argument (%zu given)", m->qualname.c_str(), npos);
  } else {
    return true;
  }
  throw_type_error(env, msg);
  return false;
}

HPy invoke(const MethodRecord *m, HPyContext *ctx, HPy self, const HPy *args, size_t npos, HPy kwnames) {
  HPyCFunction impl = m->meth->impl;
  switch (m->meth->signature) {
    case HPyFunc_NOARGS: return hpy_impl_as<HPyFunc_noargs>(impl)(ctx, self);
    case HPyFunc_O: return hpy_impl_as<HPyFunc_o>(impl)(ctx, self, args[0]);
    case HPyFunc_VARARGS: return hpy_impl_as<HPyFunc_varargs>(impl)(ctx, self, args, npos);
    case HPyFunc_KEYWORDS: return hpy_impl_as<HPyFunc_keywords>(impl)(ctx, self, args, npos, kwnames);
    default: return HPy_NULL;  // refused at load time (def_check.cc)
  }
}

void close_if_open(ThreadState *ts, HPy h) {
  if (hpy_entry(ts, h)) hpy_close(ts, h);
}

// Appends the values of a kwargs() object to `handles` and returns a handle
// to the tuple of their names (HPy_NULL when there are none), as HPy's
// vectorcall convention has them. False with a JavaScript exception pending.
bool add_keywords(ThreadState *ts, napi_value kw, std::vector<HPy> *handles, HPy *kwnames) {
  napi_env env = ts->env;
  napi_value names;
  uint32_t n = 0;
  if (napi_get_property_names(env, kw, &names) != napi_ok || napi_get_array_length(env, names, &n) != napi_ok) return false;
  *kwnames = HPy_NULL;
  if (n == 0) return true;
  for (uint32_t i = 0; i < n; i++) {
    napi_value key, value;
    if (napi_get_element(env, names, i, &key) != napi_ok || napi_get_property(env, kw, key, &value) != napi_ok) return false;
    handles->push_back(hpy_new(ts, value));
  }
  if (napi_object_freeze(env, names) != napi_ok) return false;  // a tuple is a frozen array
  *kwnames = hpy_new(ts, names);
  return true;
}

}  // namespace

napi_value hpy_method_call(napi_env env, napi_callback_info info) {
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
  bool keywords = argc > 0 && hpy_is_kwargs(env, argv[argc - 1]);
  size_t npos = keywords ? argc - 1 : argc;
  if (!check_call(env, m, npos, keywords)) return nullptr;
  // The module was loaded in this environment, which made its state.
  ThreadState *ts = hpy_thread_state_of(env);
  if (!ts) return throw_type_error(env, "hpy-node: this thread's HPy runtime is gone (its environment is shutting down)");

  Frame frame = hpy_frame_begin(ts);
  HPy self = hpy_new_ref(ts, m->instance->object);  // resolved only if used
  HPy kwnames = HPy_NULL;
  HPy stack_handles[kStackArgs];
  std::vector<HPy> heap_handles;
  HPy *handles = stack_handles;
  size_t nhandles = npos;
  if (keywords) {
    heap_handles.reserve(npos + 4);
    for (size_t i = 0; i < npos; i++) heap_handles.push_back(hpy_new(ts, argv[i]));
    if (!add_keywords(ts, argv[argc - 1], &heap_handles, &kwnames)) {
      hpy_err_napi(ts, napi_pending_exception, "reading the keyword arguments");
      return hpy_frame_end(frame, HPy_NULL, m->qualname.c_str());
    }
    handles = heap_handles.data();
    nhandles = heap_handles.size();
  } else {
    if (npos > kStackArgs) {
      heap_handles.resize(npos);
      handles = heap_handles.data();
    }
    for (size_t i = 0; i < npos; i++) handles[i] = hpy_new(ts, argv[i]);
  }

  Library *lib = m->instance->lib;
  HPy result = HPy_NULL;
  if (!lib->debug) {
    // Universal and trace mode: the bridge would be the identity, so it is
    // not built (its constructor is out of line, and it owns a string and a
    // vector): the handles go to the function as they are.
    result = invoke(m, lib->ctx, self, handles, npos, kwnames);
  } else {
    // Debug mode gives the extension debug handles for the arguments.
    HandleBridge bridge(lib->debug, lib->ctx);
    HPy b_self = bridge.arg(self);
    HPy b_kwnames = bridge.arg(kwnames);
    std::vector<HPy> bridged;
    const HPy *b_args = handles;
    if (lib->debug) {
      bridged.reserve(nhandles);
      for (size_t i = 0; i < nhandles; i++) bridged.push_back(bridge.arg(handles[i]));
      b_args = bridged.data();
    }
    result = bridge.result(invoke(m, bridge.ctx(), b_self, b_args, npos, b_kwnames));
    if (!bridge.end() && !HPy_IsNull(result)) {
      close_if_open(ts, result);
      result = HPy_NULL;
    }
  }

  // Arguments are borrowed by the extension: they end with the call.
  close_if_open(ts, self);
  if (!HPy_IsNull(kwnames)) close_if_open(ts, kwnames);
  for (size_t i = 0; i < nhandles; i++) close_if_open(ts, handles[i]);
  return hpy_frame_end(frame, result, m->qualname.c_str());
}
