// The floor of a traced call (bench figure 2): what the hardware makes
// unavoidable for one traced context call, measured with the very primitives
// trace_hot.h uses (hpy_clock_read, hpy_relaxed_add, hpy_bucket_of) and nothing
// else: no context, no store lookup, no hooks, no wrapped function. Only the
// benchmarks call it.
#include <chrono>
#include "trace.h"
#include "trace_hot.h"

namespace {

// Written like a shard's row, so the stores cannot be optimised away.
FunctionStats g_floor_stats;

double elapsed_ns(std::chrono::steady_clock::time_point t0) {
  return double(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
}

// With the clock read the trace wrappers use (one instantiation per kind).
template <ClockKind K>
TraceFloor run_floor(int64_t n) {
  FunctionStats &s = g_floor_stats;
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; i++) {
    uint64_t a = hpy_clock_read<K>();
    uint64_t b = hpy_clock_read<K>();
    hpy_relaxed_add(s.sum_ticks, b - a);
  }
  double clock_ns = elapsed_ns(t0) / double(n);

  t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; i++) {
    hpy_relaxed_add(s.calls, 1);
    uint64_t a = hpy_clock_read<K>();
    uint64_t ticks = hpy_clock_read<K>() - a;
    hpy_relaxed_add(s.sum_ticks, ticks);
    hpy_relaxed_add(s.buckets[hpy_bucket_of(ticks)], 1);
  }
  return TraceFloor{clock_ns, elapsed_ns(t0) / double(n), nullptr};
}

}  // namespace

TraceFloor hpy_trace_floor(int64_t iterations) {
  hpy_trace_buckets_init();  // also chooses the clock
  TraceFloor r = g_clock_counter ? run_floor<ClockKind::Counter>(iterations) : run_floor<ClockKind::Monotonic>(iterations);
  r.clock = hpy_clock_name();
  return r;
}
