// The addon's JavaScript surface for debug mode (src/debug/index.ts wraps
// it). Everything is per environment: the handles of this thread's calls and
// this environment's settings.
#include "debug_binding.h"
#include "../core/handles.h"
#include "../debug/debug_handles.h"
#include "../debug/debug_mode.h"
#include "environment.h"
#include "errors.h"
#include "exports.h"

namespace {

// The JavaScript value a universal handle names, or undefined.
napi_value value_of(ThreadState *ts, HPy uh) {
  napi_value saved = ts->frame.error;
  napi_value v = hpy_value(ts, uh);
  ts->frame.error = saved;
  if (!v) napi_get_undefined(ts->env, &v);
  return v;
}

// A handle as hpy-node/debug's DebugHandle reads it: `x` is its entry's
// extras while the entry still holds this handle.
Napi::Object describe(Napi::Env env, const DebugThread *dt, intptr_t self, const DebugModule *m, uint64_t serial, bool closed,
                      const DebugExtra *x) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("id", double(self));
  o.Set("module", m ? m->name : std::string());
  o.Set("generation", double(hpy_debug_generation_of(dt, serial)));
  o.Set("closed", closed);
  o.Set("rawDataSize", x && x->raw ? double(x->raw_size) : -1.0);
  if (x && x->stack) o.Set("stack", std::string(x->stack));
  return o;
}

const DebugExtra *extra_of(const DebugThread *dt, uint32_t idx) {
  if (!dt->entries[idx].has_extra) return nullptr;
  auto it = dt->extras.find(idx);
  return it != dt->extras.end() ? &it->second : nullptr;
}

Napi::Value OpenHandles(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  double gen = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : 0;
  DebugThread *dt = hpy_debug_thread();
  ThreadState *ts = hpy_environment(env)->ts;
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (uint32_t i : hpy_debug_open_in_order(dt, uint64_t(gen))) {
    const DebugEntry &e = dt->entries[i];
    Napi::Object o = describe(env, dt, e.self, hpy_debug_entry_owner(e), e.serial, false, extra_of(dt, i));
    o.Set("obj", Napi::Value(env, value_of(ts, e.uh)));
    out.Set(n++, o);
  }
  return out;
}

Napi::Value ClosedHandles(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  DebugThread *dt = hpy_debug_thread();
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (const DebugClosed &c : hpy_debug_closed_in_order(dt)) {
    uint32_t idx = hpy_debug_index(c.self);
    const DebugExtra *x = idx < dt->entry_count && dt->entries[idx].self == c.self ? extra_of(dt, idx) : nullptr;
    out.Set(n++, describe(env, dt, c.self, hpy_debug_closed_owner(c), c.serial, true, x));
  }
  return out;
}

Napi::Value NewGeneration(const Napi::CallbackInfo &info) {
  DebugThread *dt = hpy_debug_thread();
  return Napi::Number::New(info.Env(), double(hpy_debug_new_generation(dt)));
}

// get/set of one size_t setting: with an argument it sets (checked in
// TypeScript), and it always returns the value.
Napi::Value Setting(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString())
    return hpy_throw_type_error(env, "debugSetting(name[, value]): name must be a string");
  std::string name = info[0].As<Napi::String>().Utf8Value();
  DebugThread *dt = hpy_debug_thread();
  bool set = info.Length() > 1 && info[1].IsNumber();
  double v = set ? info[1].As<Napi::Number>().DoubleValue() : 0;
  if (set && (v < 0 || v > 9007199254740991.0))
    return hpy_throw_type_error(env, "debugSetting: value must be a whole number >= 0");
  if (name == "bytesPerHandle") return Napi::Number::New(env, double(sizeof(DebugEntry)));
  if (name == "closedHandlesQueueMaxSize") {
    if (set) hpy_debug_set_closed_max(dt, size_t(v));
    return Napi::Number::New(env, double(dt->closed_max));
  }
  if (name == "protectedRawDataMaxSize") {
    if (set) dt->raw_max = size_t(v);
    return Napi::Number::New(env, double(dt->raw_max));
  }
  if (name == "handleStackTraceLimit") {
    if (set) dt->stack_limit = v > 256 ? 256 : int(v);
    return Napi::Number::New(env, double(dt->stack_limit));
  }
  return hpy_throw_type_error(env, "debugSetting: unknown setting '" + name + "'");
}

// setOnInvalid(builder: boolean, fn | null)
Napi::Value SetOnInvalid(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsBoolean() || !(info[1].IsFunction() || info[1].IsNull()))
    return hpy_throw_type_error(env, "debugSetOnInvalid(builder, fn): fn must be a function or null");
  DebugThread *dt = hpy_debug_thread();
  napi_ref &slot = info[0].As<Napi::Boolean>().Value() ? dt->on_invalid_builder : dt->on_invalid_handle;
  if (slot) napi_delete_reference(env, slot);
  slot = nullptr;
  if (info[1].IsFunction()) napi_create_reference(env, info[1], 1, &slot);
  return env.Undefined();
}

// [{ name, path, invalidUses, openHandles }] for every debug module; open
// handles are this environment's.
Napi::Value Modules(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  DebugThread *dt = t_debug;
  std::vector<const DebugModule *> modules = hpy_debug_modules();
  Napi::Array out = Napi::Array::New(env, modules.size());
  for (uint32_t i = 0; i < modules.size(); i++) {
    const DebugModule *m = modules[i];
    double open = 0;
    for (uint32_t k = 0; k < dt->entry_count; k++)
      open += dt->entries[k].state == DebugEntryState::Open && hpy_debug_entry_owner(dt->entries[k]) == m;
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", m->name);
    o.Set("path", m->path);
    o.Set("invalidUses", double(m->invalid_uses.load(std::memory_order_relaxed)));
    o.Set("openHandles", open);
    out.Set(i, o);
  }
  return out;
}

}  // namespace

void hpy_debug_binding_init(Napi::Env env, Napi::Object exports) {
  static const AddonFunction kFunctions[] = {
      {"debugOpenHandles", OpenHandles}, {"debugClosedHandles", ClosedHandles}, {"debugNewGeneration", NewGeneration},
      {"debugSetting", Setting},         {"debugSetOnInvalid", SetOnInvalid},   {"debugModules", Modules},
  };
  hpy_export_functions(env, exports, kFunctions);
}
