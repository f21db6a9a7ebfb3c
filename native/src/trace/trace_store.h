#pragma once
// The native trace store: per traced module, per context function, the calls
// entered, the summed duration and a duration histogram, in clock ticks.
//
// Each thread writes only its own shard (one per module), so counts stay exact
// with plain relaxed increments, no atomic read-modify-write; readers sum the
// shards of every thread that ever traced. A thread that ends hands its store
// back for the next thread to continue, so nothing is lost or merged.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>
#include "hpy.h"
#include "../core/extension_call.h"

// Bucket upper bounds, ns: 1-2-5 steps from 10 ns to 10 s (API calls range
// from a few ns to a callback that sleeps).
constexpr int kBoundCount = 28;
constexpr int kBucketCount = kBoundCount + 1;  // the last is +Inf
extern const double kBoundsNs[kBoundCount];

constexpr uint32_t kMaxTracedModules = 1024;

struct FunctionStats {
  uint64_t calls;
  uint64_t sum_ticks;
  uint64_t buckets[kBucketCount];
};

// The profile (entries.h): per entry, per thread, the calls into its C
// function and their inclusive ticks, and per context function the calls it
// made while innermost and their ticks.
struct EntryFunction {
  uint64_t calls;
  uint64_t ticks;
};
struct EntryCounts {
  uint64_t calls;
  uint64_t ticks;
  // Completed calls by inclusive duration, the bounds of FunctionStats
  // (with `pending`, the completed calls; `calls` also counts running ones).
  uint64_t buckets[kBucketCount];
  // The duration of the last completed call plus one (0: none), whose bucket
  // the next call increments: the increment waits on the bucket of a
  // duration read from memory, not on the clock read that ends the call,
  // whose chain would hold the call's return (entries.cc). Readers count it
  // in its bucket themselves.
  uint64_t pending;
  EntryFunction fn[HPY_CTX_FUNCTION_COUNT];
};

struct Shard {
  FunctionStats fn[HPY_CTX_FUNCTION_COUNT];
  // The module's innermost entry running on this thread, else &outside:
  // the wrappers add each context call to it. Only this thread touches it.
  EntryCounts *current;
  EntryCounts outside;  // context calls made outside every entry
  // This thread's counts of the module's entries, by EntryRecord::index
  // (null until the thread enters one). Replaced, bigger, under the
  // registry lock by this thread only; readers hold the lock.
  EntryCounts **entries;
  uint32_t entry_capacity;
};

struct ThreadStore {
  Shard *shards[kMaxTracedModules];
  bool enter_hook;  // this thread has an on_enter hook
  bool exit_hook;   // ... an on_exit hook
  bool in_use;
};

// One entry of the profile (core/extension_call.h): made the first time a
// record of any environment asks for its name, never freed.
struct EntryRecord : ExtensionEntry {
  uint32_t module_id;
  uint32_t index;    // among the module's entries
  std::string name;  // "mymod.Point.nb_add" (README: Trace mode)
};

struct TraceModule {
  uint32_t id;
  std::string name;
  std::string path;
  double start_time_ms;
  HPyContext ctx;  // the trace context handed to the module; _private holds id
  // debug+trace: a copy of the context ctx wraps, right after it (trace_hot.h
  // finds a composed context's inner one at ctx + 1).
  HPyContext inner;
  // Its profile's entries, by index (under the registry lock).
  std::vector<std::unique_ptr<EntryRecord>> entries;
  std::unordered_map<std::string, EntryRecord *> entry_by_name;
};
static_assert(offsetof(TraceModule, inner) == offsetof(TraceModule, ctx) + sizeof(HPyContext),
              "a composed trace context is followed by its inner context");

// __thread, not thread_local: a constant-initialised POD needs no TLS init
// function, so C++ emits no "call the initialiser if there is one" check on
// every access from another translation unit.
extern __thread ThreadStore *t_trace_store __attribute__((tls_model("initial-exec")));

/* Per bit length L of a duration in ticks (durations in [2^(L-1), 2^L)):
 * the first bucket whose bound is >= 2^(L-1), and that bound (UINT64_MAX for
 * the +Inf bucket). Bounds are at least 2x apart, so no other bound falls in
 * the range: the bucket is `start`, or `start + 1` past `bound`. */
struct BucketStep {
  uint64_t bound;
  uint64_t start;
};
extern BucketStep g_bucket_steps[65];

/* The calling thread's shard for a module, creating store and shard. If
 * memory runs out it returns a shard whose counts are never read, and the
 * next snapshot reports the loss (trace.h). */
Shard *hpy_trace_shard_slow(uint32_t module_id);

/* The lock that guards the registries (modules, thread stores, shard and
 * entry pointers), and what it guards, for entries.cc. */
std::mutex &hpy_trace_registry_lock();
const std::vector<std::unique_ptr<TraceModule>> &hpy_trace_modules_locked();
const std::vector<ThreadStore *> &hpy_trace_stores_locked();
/* Marks the counts incomplete (a thread could not allocate): every later
 * snapshot fails. */
void hpy_trace_allocation_failed();
/* False once that happened. */
bool hpy_trace_counts_complete();
