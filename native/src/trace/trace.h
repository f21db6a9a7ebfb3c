#pragma once
// Trace mode as the loader and the addon see it: a traced module gets its own
// context (a copy of the universal one with every function slot swapped for a
// counting, timing wrapper), and its numbers are read back from the native
// store. Everything per call stays in trace_hot.h.
#include <string>
#include <vector>
#include "../core/status.h"
#include "clock.h"
#include "trace_store.h"

/* Registers a traced module and builds its context. With `inner` (a context
 * that lives as long as the process), its wrappers call through inner's
 * function slots instead of the universal implementations (debug+trace).
 * nullptr and *status set when the module limit is reached. Takes the trace
 * registry lock (after the loader's library registry lock, never before it). */
TraceModule *hpy_trace_module_new(const std::string &name, const std::string &path, HPyContext *inner, Status *status);

/* Swaps the trace wrappers, for the clock chosen at start-up, into every
 * function slot of ctx (generated: autogen_trace_wrappers.cc); through_inner
 * picks the set that calls through the module's inner context. */
void hpy_trace_install_wrappers(HPyContext *ctx, bool through_inner);

struct ModuleTotals {
  const TraceModule *module;  // registered modules are never freed
  FunctionStats totals[HPY_CTX_FUNCTION_COUNT];
};

/* Every traced module's totals, summed over all threads' shards. The lock is
 * held only while summing; callers build their output after it is released.
 * Fails when a thread could not allocate its store, since counts would then
 * be silently short. */
Status hpy_trace_snapshot(std::vector<ModuleTotals> *out);

/* The calling thread stops tracing (its environment is going away). */
void hpy_trace_release_thread();

/* Ensures this thread has a store and records which hooks it has. */
void hpy_trace_set_hooks_active(bool enter, bool exit);

/* Bytes of store one traced module holds per thread that traced it. */
size_t hpy_trace_bytes_per_module_per_thread();

/* Threads that have had a store (shards exist per such thread). */
size_t hpy_trace_thread_store_count();

/* Fills g_bucket_steps for the chosen clock, once per process. */
void hpy_trace_buckets_init();

/* The histogram bucket a duration of `ticks` lands in, as traced calls record
 * it (tests check the branch-free lookup against the plain definition). */
int hpy_trace_bucket_index(uint64_t ticks);

/* The floor of a traced call (bench figure 2), ns per step, each timed over
 * `iterations` steps of one tight loop: `clock_ns` two clock reads and their
 * difference summed; `full_ns` the whole trace step (two reads, count, sum,
 * bucket). `clock` names the clock. Only the benchmarks call it. */
struct TraceFloor {
  double clock_ns;
  double full_ns;
  const char *clock;
};
TraceFloor hpy_trace_floor(int64_t iterations);
