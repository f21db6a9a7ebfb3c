#pragma once
// The per-call path of trace mode, inlined into every generated wrapper:
// enter counts the call and reads the clock; exit reads it again and adds the
// duration to the sum and to one histogram bucket. Plain stores: each thread
// owns its shard (the bucket's is a release store, for readers). Hooks cost one predictable branch when unset.
#include "clock.h"
#include "trace_store.h"

#define HPY_HOT inline __attribute__((always_inline))

void hpy_trace_run_hook(bool enter, int fn_id);

HPY_HOT void hpy_relaxed_add(uint64_t &v, uint64_t n) {
  __atomic_store_n(&v, __atomic_load_n(&v, __ATOMIC_RELAXED) + n, __ATOMIC_RELAXED);
}

// The same with a release store: a reader that sees this bucket's count sees
// the calls counted before it (trace_store.cc reads the buckets first). A
// plain store on x86-64; stlr on AArch64.
HPY_HOT void hpy_release_add(uint64_t &v, uint64_t n) {
  __atomic_store_n(&v, __atomic_load_n(&v, __ATOMIC_RELAXED) + n, __ATOMIC_RELEASE);
}

HPY_HOT Shard *hpy_trace_shard(uint32_t module_id) {
  ThreadStore *store = t_trace_store;
  Shard *shard = __builtin_expect(store != nullptr, 1) ? store->shards[module_id] : nullptr;
  if (__builtin_expect(shard == nullptr, 0)) shard = hpy_trace_shard_slow(module_id);
  return shard;
}

HPY_HOT Shard *hpy_trace_shard(HPyContext *ctx) { return hpy_trace_shard(uint32_t(reinterpret_cast<uintptr_t>(ctx->_private))); }

// The context a composed trace context wraps (debug+trace) is the one right
// after it in memory: TraceModule::inner, or the debug context paired with
// each per-call copy (debug_state.h). Pairs, not a table by module, so each
// call's trace context leads to that call's own debug context, and a trace
// context kept from an earlier call is caught as a kept debug context is.
HPY_HOT HPyContext *hpy_trace_inner(HPyContext *ctx) { return ctx + 1; }

// One table load and one compare, no branch: the bucket's address waits only
// on the bit length of the duration, and durations that straddle a bound
// cannot mispredict (see BucketStep).
HPY_HOT int hpy_bucket_of(uint64_t ticks) {
  const BucketStep &step = g_bucket_steps[ticks == 0 ? 0 : 64 - __builtin_clzll(ticks)];
  return int(step.start + (ticks > step.bound));
}

// What a wrapper carries from enter to exit: the stats slot and the running
// entry's slot for this function (looked up once), and the start time.
// Three registers.
struct TraceCall {
  FunctionStats *stats;
  EntryFunction *entry;
  uint64_t t0;
};

// Besides the module's totals, each call counts for the module's innermost
// running entry (shard->current, kept by entries.cc), so the profile's rows
// add up to the totals exactly: both are counted at enter and timed at exit.
template <ClockKind K>
HPY_HOT TraceCall hpy_trace_enter(HPyContext *ctx, int fn_id) {
  Shard *shard = hpy_trace_shard(ctx);
  FunctionStats &s = shard->fn[fn_id];
  EntryFunction &e = shard->current->fn[fn_id];
  hpy_relaxed_add(s.calls, 1);
  hpy_relaxed_add(e.calls, 1);
  if (__builtin_expect(t_trace_store->enter_hook, 0)) hpy_trace_run_hook(true, fn_id);
  return TraceCall{&s, &e, hpy_clock_read<K>()};
}

template <ClockKind K>
HPY_HOT void hpy_trace_exit(TraceCall call, int fn_id) {
  uint64_t ticks = hpy_clock_read<K>() - call.t0;
  hpy_relaxed_add(call.stats->sum_ticks, ticks);
  hpy_relaxed_add(call.entry->ticks, ticks);
  hpy_release_add(call.stats->buckets[hpy_bucket_of(ticks)], 1);
  if (__builtin_expect(t_trace_store->exit_hook, 0)) hpy_trace_run_hook(false, fn_id);
}
