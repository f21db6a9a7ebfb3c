// The addon's JavaScript surface for trace mode: the store snapshot, hooks,
// the clock, and the probes the benchmarks and tests use.
#include "trace_binding.h"
#include <string>
#include <vector>
#include "../trace/trace.h"
#include "../trace/entries.h"
#include "environment.h"
#include "errors.h"
#include "exports.h"

namespace {

// One module's rows: [id, calls, sumNs, ...buckets] per function it called,
// in one Float64Array, so collection costs one object per module, not per
// series.
Napi::Object ModuleRows(Napi::Env env, const ModuleTotals &totals, double ns_per_tick) {
  constexpr int kRow = 3 + kBucketCount;
  int used = 0;
  for (const FunctionStats &f : totals.totals) used += f.calls > 0;
  Napi::Float64Array rows = Napi::Float64Array::New(env, size_t(used) * kRow);
  double *out = rows.Data();
  for (int id = 0; id < HPY_CTX_FUNCTION_COUNT; id++) {
    const FunctionStats &f = totals.totals[id];
    if (f.calls == 0) continue;
    out[0] = id;
    out[1] = double(f.calls);
    out[2] = double((long double)f.sum_ticks * ns_per_tick);
    for (int k = 0; k < kBucketCount; k++) out[3 + k] = double(f.buckets[k]);
    out += kRow;
  }
  Napi::Object m = Napi::Object::New(env);
  m.Set("name", totals.module->name);
  m.Set("path", totals.module->path);
  m.Set("startTimeMs", totals.module->start_time_ms);
  m.Set("rows", rows);
  return m;
}

// { boundsNs, modules: [{ name, path, startTimeMs, rows }] }. The store is
// copied under its lock first; JavaScript objects are built after, so a
// worker's first traced call never waits for a whole scrape.
Napi::Value TraceSnapshotRaw(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::vector<ModuleTotals> totals;
  Status status = hpy_trace_snapshot(&totals);
  if (!status.ok()) return hpy_throw(env, status);
  double ns_per_tick = 1e9 / hpy_clock_frequency();
  Napi::Array modules = Napi::Array::New(env, totals.size());
  for (uint32_t i = 0; i < totals.size(); i++) modules.Set(i, ModuleRows(env, totals[i], ns_per_tick));
  Napi::Array bounds = Napi::Array::New(env, kBoundCount);
  for (int i = 0; i < kBoundCount; i++) bounds.Set(uint32_t(i), kBoundsNs[i]);
  Napi::Object out = Napi::Object::New(env);
  out.Set("boundsNs", bounds);
  out.Set("modules", modules);
  return out;
}

// [{ module, path, entry, calls, totalNs, buckets, functions }] with buckets
// a Float64Array of the completed calls per duration bucket (the snapshot's
// bounds, +Inf last) and functions a Float64Array of [id, calls, ns] per
// context function the entry called.
// Copied under the lock first, like the snapshot.
Napi::Value TraceProfileRaw(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::vector<EntryTotals> rows;
  Status status = hpy_trace_profile(&rows);
  if (!status.ok()) return hpy_throw(env, status);
  double ns_per_tick = 1e9 / hpy_clock_frequency();
  auto ns = [&](uint64_t ticks) { return double((long double)ticks * ns_per_tick); };
  Napi::Array out = Napi::Array::New(env, rows.size());
  for (uint32_t i = 0; i < rows.size(); i++) {
    const EntryTotals &r = rows[i];
    int used = 0;
    for (const EntryFunction &f : r.counts.fn) used += f.calls > 0;
    Napi::Float64Array fns = Napi::Float64Array::New(env, size_t(used) * 3);
    double *p = fns.Data();
    for (int id = 0; id < HPY_CTX_FUNCTION_COUNT; id++) {
      const EntryFunction &f = r.counts.fn[id];
      if (f.calls == 0) continue;
      p[0] = id;
      p[1] = double(f.calls);
      p[2] = ns(f.ticks);
      p += 3;
    }
    Napi::Object row = Napi::Object::New(env);
    row.Set("module", r.module->name);
    row.Set("path", r.module->path);
    row.Set("entry", r.entry ? r.entry->name : r.module->name + "." + kOutsideEntry);
    row.Set("calls", double(r.counts.calls));
    row.Set("totalNs", ns(r.counts.ticks));
    Napi::Float64Array buckets = Napi::Float64Array::New(env, kBucketCount);
    for (int b = 0; b < kBucketCount; b++) buckets.Data()[b] = double(r.counts.buckets[b]);
    row.Set("buckets", buckets);
    row.Set("functions", fns);
    out.Set(i, row);
  }
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

Napi::Value SetTraceHooks(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Napi::Value enter = info[0], exit = info[1];
  for (Napi::Value v : {enter, exit}) {
    if (!v.IsUndefined() && !v.IsNull() && !v.IsFunction())
      return hpy_throw_type_error(env, "trace hooks must be functions, null or undefined");
  }
  ThreadState *ts = hpy_environment(env)->ts;
  ts->hook_value[0] = ts->hook_value[1] = nullptr;  // cached values of the old hooks
  UpdateHook(env, enter, &ts->on_enter);
  UpdateHook(env, exit, &ts->on_exit);
  hpy_trace_set_hooks_active(ts->on_enter != nullptr, ts->on_exit != nullptr);
  return env.Undefined();
}

Napi::Value TraceClockFrequency(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), hpy_clock_frequency()); }

Napi::Value TraceClockName(const Napi::CallbackInfo &info) { return Napi::String::New(info.Env(), hpy_clock_name()); }

Napi::Value TraceStoreBytesPerModule(const Napi::CallbackInfo &info) {
  return Napi::Number::New(info.Env(), double(hpy_trace_bytes_per_module_per_thread() * hpy_trace_thread_store_count()));
}

Napi::Value TraceStoreBytesPerModulePerThread(const Napi::CallbackInfo &info) {
  return Napi::Number::New(info.Env(), double(hpy_trace_bytes_per_module_per_thread()));
}

Napi::Value TraceBucketOf(const Napi::CallbackInfo &info) {
  if (info.Length() < 1 || !info[0].IsNumber() || info[0].As<Napi::Number>().DoubleValue() < 0)
    return hpy_throw_type_error(info.Env(), "traceBucketOf(ticks): ticks must be a non-negative number");
  return Napi::Number::New(info.Env(), hpy_trace_bucket_index(uint64_t(info[0].As<Napi::Number>().Int64Value())));
}

// traceFloor(iterations) -> { clockNs, fullNs, clock }, for bench/.
Napi::Value TraceFloorProbe(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber())
    return hpy_throw_type_error(env, "traceFloor(iterations): iterations must be a number");
  int64_t n = info[0].As<Napi::Number>().Int64Value();
  if (n < 1)
    return hpy_throw(env, Status::Fail("traceFloor(iterations): iterations must be at least 1", Status::Kind::RangeError));
  TraceFloor r = hpy_trace_floor(n);
  Napi::Object out = Napi::Object::New(env);
  out.Set("clockNs", r.clock_ns);
  out.Set("fullNs", r.full_ns);
  out.Set("clock", r.clock);
  return out;
}

}  // namespace

void hpy_trace_binding_init(Napi::Env env, Napi::Object exports) {
  static const AddonFunction kFunctions[] = {
      {"traceSnapshotRaw", TraceSnapshotRaw},
      {"traceProfileRaw", TraceProfileRaw},
      {"setTraceHooks", SetTraceHooks},
      {"traceClockFrequency", TraceClockFrequency},
      {"traceClockName", TraceClockName},
      {"traceStoreBytesPerModule", TraceStoreBytesPerModule},
      {"traceStoreBytesPerModulePerThread", TraceStoreBytesPerModulePerThread},
      {"traceBucketOf", TraceBucketOf},
      {"traceFloor", TraceFloorProbe},
  };
  hpy_export_functions(env, exports, kFunctions);
}
