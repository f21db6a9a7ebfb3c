// The addon's JavaScript surface for loading: every argument coming from
// TypeScript is read and checked in native/src/addon (this file and
// trace_binding.cc). See src/native.ts for the typed contract.
#include <napi.h>
#include <cstdio>
#include <string>
#include "../engine/engine.h"
#include "../core/runtime.h"
#include "../core/kwargs.h"
#include "../loader/library.h"
#include "../loader/module_instance.h"
#include "environment.h"
#include "errors.h"
#include "exports.h"
#include "debug_binding.h"
#include "trace_binding.h"
#include "../universal/types/type_lifecycle.h"

namespace {

const char *mode_text(HpyMode mode) { return hpy_mode_name(mode); }

Napi::Value InitRuntime(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) return hpy_throw_type_error(env, "init(runtime): runtime must be an object");
  Status status = hpy_runtime_init(hpy_environment(env)->ts, info[0]);
  if (!status.ok()) return hpy_throw(env, Status::Fail("hpy-node: " + status.message, status.kind));
  return env.Undefined();
}

Napi::Value LoadModule(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const char *names[3] = {"path", "name", "mode"};
  for (size_t i = 0; i < 3; i++) {
    if (info.Length() <= i || !info[i].IsString())
      return hpy_throw_type_error(env, std::string("loadModule: ") + names[i] + " must be a string");
  }
  std::string path = info[0].As<Napi::String>().Utf8Value();
  std::string name = info[1].As<Napi::String>().Utf8Value();
  std::string mode_arg = info[2].As<Napi::String>().Utf8Value();
  HpyMode mode;
  if (mode_arg == "universal") {
    mode = HpyMode::Universal;
  } else if (mode_arg == "trace") {
    mode = HpyMode::Trace;
  } else if (mode_arg == "debug") {
    mode = HpyMode::Debug;
  } else if (mode_arg == "debug+trace") {
    mode = HpyMode::DebugTrace;
  } else {
    return hpy_throw_type_error(env, "mode must be 'universal', 'trace', 'debug' or 'debug+trace', got '" + mode_arg + "'");
  }
  Environment *e = hpy_environment(env);
  if (!e->ts->runtime->helpers) return hpy_throw(env, Status::Fail("hpy-node: init(runtime) must run before loadModule"));
  // The library first: it knows the process-wide mode and says what is wrong.
  Status status;
  Library *lib = hpy_library_load(path, name, mode, &status);
  if (!lib) return hpy_throw(env, status);
  ModuleInstance *&inst = e->modules[path];
  if (!inst) {
    inst = hpy_module_instance_new(env, lib, &status);
    if (!inst) {
      e->modules.erase(path);
      return hpy_throw(env, status);
    }
  }
  napi_value module;
  napi_get_reference_value(env, inst->object, &module);
  Napi::Object out = Napi::Object::New(env);
  out.Set("module", Napi::Value(env, module));
  out.Set("mode", mode_text(inst->lib->mode));
  return out;
}

// [{ path, name, mode }] for every library loaded in the process.
Napi::Value LoadedLibraries(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::vector<LibraryInfo> libs = hpy_library_list();
  Napi::Array out = Napi::Array::New(env, libs.size());
  for (uint32_t i = 0; i < libs.size(); i++) {
    Napi::Object lib = Napi::Object::New(env);
    lib.Set("path", libs[i].path);
    lib.Set("name", libs[i].name);
    lib.Set("mode", mode_text(libs[i].mode));
    out.Set(i, lib);
  }
  return out;
}

// tagKwargs(obj): marks an object made by kwargs() (src/universal/kwargs.ts).
Napi::Value TagKwargs(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) return hpy_throw_type_error(env, "tagKwargs(obj): obj must be an object");
  if (hpy_kwargs_tag(env, info[0]) != napi_ok) return hpy_throw(env, Status::Fail("tagKwargs: the object could not be tagged"));
  return info[0];
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // The instance path uses V8's own API (engine/engine.h), whose binary
  // interface changes with each Node major: a build for another major would
  // crash at the first instance, so it refuses to load at all.
  const napi_node_version *running = nullptr;
  if (napi_get_node_version(env, &running) == napi_ok && int(running->major) != hpy_engine_node_major()) {
    char msg[320];
    snprintf(msg, sizeof msg,
             "hpy-node: this addon was built for Node.js %d and this is Node.js %u: its instance path uses V8's own API, "
             "which differs between Node majors. Rebuild it for this Node: `npm rebuild hpy-node` (in a checkout of "
             "hpy-node, `npm run build`)",
             hpy_engine_node_major(), running->major);
    hpy_throw(env, Status::Fail(msg));
    return exports;
  }
  static const AddonFunction kFunctions[] = {
      {"init", InitRuntime}, {"loadModule", LoadModule}, {"loadedLibraries", LoadedLibraries}, {"tagKwargs", TagKwargs}};
  hpy_export_functions(env, exports, kFunctions);
  for (auto [name, cb] :
       {std::pair<const char *, napi_callback>{"exportBuffer", hpy_js_export_buffer}, {"releaseBuffer", hpy_js_release_buffer}}) {
    napi_value fn;
    napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
    exports.Set(name, Napi::Value(env, fn));
  }
  hpy_trace_binding_init(env, exports);
  hpy_debug_binding_init(env, exports);
  return exports;
}

}  // namespace

// Node's registration macro defines an undeclared function.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-declarations"
NODE_API_MODULE(hpy_node, Init)
#pragma GCC diagnostic pop
