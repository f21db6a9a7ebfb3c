// The addon's JavaScript surface: every argument coming from TypeScript is
// read and checked here, and nowhere else. See src/native.ts for the typed
// contract.
#include <napi.h>
#include <string>
#include "../core/runtime.h"
#include "../loader/library.h"
#include "../loader/module_instance.h"
#include "../trace/clock.h"
#include "../trace/trace_store.h"

Napi::Value HpyTraceFloor(const Napi::CallbackInfo &info);  // trace/floor.cc, for bench/

namespace {

std::string StringArg(const Napi::CallbackInfo &info, size_t i, const char *what) {
  if (info.Length() <= i || !info[i].IsString())
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

void InitRuntime(const Napi::CallbackInfo &info) {
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(info.Env(), "init(runtime): runtime must be an object");
  std::string error = hpy_runtime_init(info.Env(), info[0]);
  if (!error.empty()) throw Napi::Error::New(info.Env(), "hpy-node: " + error);
}

Napi::Value LoadModule(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string path = StringArg(info, 0, "path");
  std::string name = StringArg(info, 1, "name");
  std::string mode_text = StringArg(info, 2, "mode");
  HpyMode mode;
  if (mode_text == "universal") {
    mode = HpyMode::Universal;
  } else if (mode_text == "trace") {
    mode = HpyMode::Trace;
  } else {
    throw Napi::TypeError::New(env, "mode must be 'universal' or 'trace', got '" + mode_text + "'");
  }
  ThreadState *ts = hpy_thread_state(env);
  if (!ts->runtime->helpers) throw Napi::Error::New(env, "hpy-node: init(runtime) must run before loadModule");
  // The library first: it knows the process-wide mode and says what is wrong.
  std::string error;
  Library *lib = hpy_library_load(path, name, mode, &error);
  if (!lib) throw Napi::Error::New(env, error);
  ModuleInstance *&inst = ts->runtime->modules[path];
  if (!inst) {
    inst = hpy_module_instance_new(env, lib);
    if (!inst) {
      ts->runtime->modules.erase(path);
      throw Napi::Error(env, env.IsExceptionPending() ? env.GetAndClearPendingException().Value()
                                                       : Napi::Error::New(env, "hpy-node: building the module object failed").Value());
    }
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("module", Napi::Value(env, [&] {
            napi_value v;
            napi_get_reference_value(env, inst->object, &v);
            return v;
          }()));
  out.Set("mode", inst->lib->mode == HpyMode::Trace ? "trace" : "universal");
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
    lib.Set("mode", libs[i].mode == HpyMode::Trace ? "trace" : "universal");
    out.Set(i, lib);
  }
  return out;
}

struct SnapshotBuilder {
  Napi::Env env;
  Napi::Array modules;
  uint32_t count = 0;
  double ns_per_tick;
};

void AddModule(const ModuleTotals &totals, void *arg) {
  auto *b = static_cast<SnapshotBuilder *>(arg);
  constexpr int kRow = 3 + kBucketCount;  // id, calls, sumNs, buckets...
  int used = 0;
  for (const FunctionStats &f : totals.totals) used += f.calls > 0;
  Napi::Float64Array rows = Napi::Float64Array::New(b->env, size_t(used) * kRow);
  double *out = rows.Data();
  for (int id = 0; id < HPY_CTX_FUNCTION_COUNT; id++) {
    const FunctionStats &f = totals.totals[id];
    if (f.calls == 0) continue;
    out[0] = id;
    out[1] = double(f.calls);
    out[2] = double((long double)f.sum_ticks * b->ns_per_tick);
    for (int k = 0; k < kBucketCount; k++) out[3 + k] = double(f.buckets[k]);
    out += kRow;
  }
  Napi::Object m = Napi::Object::New(b->env);
  m.Set("name", totals.module->name);
  m.Set("path", totals.module->path);
  m.Set("startTimeMs", totals.module->start_time_ms);
  m.Set("rows", rows);
  b->modules.Set(b->count++, m);
}

// Raw snapshot: rows of [id, calls, sumNs, ...buckets] per module, one
// Float64Array each, so collection costs one object per module, not per series.
Napi::Value TraceSnapshotRaw(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  SnapshotBuilder b{env, Napi::Array::New(env), 0, 1e9 / hpy_clock_frequency()};
  hpy_trace_collect(AddModule, &b);
  Napi::Array bounds = Napi::Array::New(env, kBoundCount);
  for (int i = 0; i < kBoundCount; i++) bounds.Set(uint32_t(i), kBoundsNs[i]);
  Napi::Object out = Napi::Object::New(env);
  out.Set("boundsNs", bounds);
  out.Set("modules", b.modules);
  return out;
}

// undefined: keep; null: clear; function: set.
void UpdateHook(Napi::Env env, Napi::Value v, napi_ref *slot) {
  if (v.IsUndefined()) return;
  if (*slot) {
    napi_delete_reference(env, *slot);  // the replaced hook is released
    *slot = nullptr;
  }
  if (v.IsFunction()) napi_create_reference(env, v, 1, slot);
}

void SetTraceHooks(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Napi::Value enter = info[0], exit = info[1];
  for (Napi::Value v : {enter, exit}) {
    if (!v.IsUndefined() && !v.IsNull() && !v.IsFunction())
      throw Napi::TypeError::New(env, "trace hooks must be functions, null or undefined");
  }
  ThreadState *ts = hpy_thread_state(env);
  ts->hook_value[0] = ts->hook_value[1] = nullptr;  // cached values of the old hooks
  UpdateHook(env, enter, &ts->on_enter);
  UpdateHook(env, exit, &ts->on_exit);
  ts->hooks_set = ts->on_enter || ts->on_exit;
  hpy_trace_set_hooks_active(ts->on_enter != nullptr, ts->on_exit != nullptr);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("init", Napi::Function::New(env, InitRuntime, "init"));
  exports.Set("loadModule", Napi::Function::New(env, LoadModule, "loadModule"));
  exports.Set("loadedLibraries", Napi::Function::New(env, LoadedLibraries, "loadedLibraries"));
  exports.Set("traceSnapshotRaw", Napi::Function::New(env, TraceSnapshotRaw, "traceSnapshotRaw"));
  exports.Set("setTraceHooks", Napi::Function::New(env, SetTraceHooks, "setTraceHooks"));
  exports.Set("traceClockFrequency",
              Napi::Function::New(env, [](const Napi::CallbackInfo &i) { return Napi::Number::New(i.Env(), hpy_clock_frequency()); }));
  exports.Set("traceClockName",
              Napi::Function::New(env, [](const Napi::CallbackInfo &i) { return Napi::String::New(i.Env(), hpy_clock_name()); }));
  exports.Set("traceStoreBytesPerModule", Napi::Function::New(env, [](const Napi::CallbackInfo &i) {
                return Napi::Number::New(i.Env(), double(hpy_trace_bytes_per_module_per_thread() * hpy_trace_thread_store_count()));
              }));
  exports.Set("traceBucketOf", Napi::Function::New(env, [](const Napi::CallbackInfo &i) {
                if (i.Length() < 1 || !i[0].IsNumber() || i[0].As<Napi::Number>().DoubleValue() < 0)
                  throw Napi::TypeError::New(i.Env(), "traceBucketOf(ticks): ticks must be a non-negative number");
                return Napi::Number::New(i.Env(), hpy_trace_bucket_index(uint64_t(i[0].As<Napi::Number>().Int64Value())));
              }));
  exports.Set("traceFloor", Napi::Function::New(env, HpyTraceFloor, "traceFloor"));
  return exports;
}

}  // namespace

NODE_API_MODULE(hpy_node, Init)
