#include "trace_store.h"
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>
#include "../universal/autogen_universal.h"
#include "clock.h"
#include "trace.h"
#include "trace_hot.h"
#include "entries.h"

const double kBoundsNs[kBoundCount] = {
    1e1, 2e1, 5e1, 1e2, 2e2, 5e2, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5,
    5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9, 2e9, 5e9, 1e10,
};

__thread ThreadStore *t_trace_store __attribute__((tls_model("initial-exec"))) = nullptr;
BucketStep g_bucket_steps[65];

namespace {
// Guards the registries below and every shard pointer. Lock order: the
// loader's library registry lock (loader/library.cc) may be held when this
// one is taken, never the other way round.
std::mutex g_trace_registry_lock;
std::vector<std::unique_ptr<TraceModule>> g_modules;
std::vector<ThreadStore *> g_stores;  // never freed: counts outlive threads

// Where a thread counts when it could not allocate its store or shard: its
// numbers are lost, so the flag makes every later snapshot fail rather than
// report short counts as if they were whole.
Shard g_unrecorded_shard;
std::atomic<bool> g_allocation_failed{false};

// Bounds in ticks (floored: floor(2x) >= 2 floor(x), so the 2x spacing of
// the 1-2-5 bounds survives), then the step for each bit length.
void init_bucket_tables() {
  double ticks_per_ns = hpy_clock_frequency() / 1e9;
  uint64_t bound_ticks[kBoundCount + 1];
  for (int i = 0; i < kBoundCount; i++) bound_ticks[i] = uint64_t(std::floor(kBoundsNs[i] * ticks_per_ns));
  bound_ticks[kBoundCount] = UINT64_MAX;
  for (int len = 0; len <= 64; len++) {
    uint64_t smallest = len == 0 ? 0 : (uint64_t(1) << (len - 1));
    int b = 0;
    while (b < kBoundCount && bound_ticks[b] < smallest) b++;
    g_bucket_steps[len] = BucketStep{bound_ticks[b], uint64_t(b)};
  }
}
std::once_flag g_tables_once;
}  // namespace

TraceModule *hpy_trace_module_new(const std::string &name, const std::string &path, HPyContext *inner, Status *status) {
  hpy_trace_buckets_init();
  std::lock_guard<std::mutex> guard(g_trace_registry_lock);
  if (g_modules.size() >= kMaxTracedModules) {
    *status = Status::Fail("too many modules in trace mode (the limit is " + std::to_string(kMaxTracedModules) +
                           "); load the others in universal mode");
    return nullptr;
  }
  auto m = std::make_unique<TraceModule>();
  m->id = uint32_t(g_modules.size());
  m->name = name;
  m->path = path;
  m->start_time_ms =
      double(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  // Composed over another context (debug+trace), the handles the module sees
  // are that context's, so its constants are too.
  m->ctx = inner ? *inner : hpy_universal_ctx;
  m->ctx.name = inner ? "HPy Trace Mode ABI over HPy Debug Mode ABI (hpy-node backend)" : "HPy Trace Mode ABI (hpy-node backend)";
  if (inner) m->inner = *inner;
  // The module id itself, not a pointer to the module: one load less on
  // every traced call (trace_hot.h).
  m->ctx._private = reinterpret_cast<void *>(uintptr_t(m->id));
  hpy_trace_install_wrappers(&m->ctx, inner != nullptr);
  if (g_modules.empty()) hpy_trace_install_entry_hooks();
  g_modules.push_back(std::move(m));
  return g_modules.back().get();
}

static ThreadStore *acquire_store_locked() {
  for (ThreadStore *s : g_stores) {
    if (!s->in_use) {
      s->in_use = true;
      return s;
    }
  }
  ThreadStore *s = static_cast<ThreadStore *>(std::calloc(1, sizeof(ThreadStore)));
  if (!s) return nullptr;
  s->in_use = true;
  g_stores.push_back(s);
  return s;
}

Shard *hpy_trace_shard_slow(uint32_t module_id) {
  std::lock_guard<std::mutex> guard(g_trace_registry_lock);
  if (!t_trace_store) t_trace_store = acquire_store_locked();
  Shard *shard = t_trace_store ? t_trace_store->shards[module_id] : nullptr;
  if (!shard && t_trace_store) {
    shard = static_cast<Shard *>(std::calloc(1, sizeof(Shard)));
    if (shard) shard->current = &shard->outside;
    t_trace_store->shards[module_id] = shard;
  }
  if (shard) return shard;
  g_allocation_failed.store(true, std::memory_order_relaxed);
  // Its entries are never entered (entries.cc), so current stays this.
  g_unrecorded_shard.current = &g_unrecorded_shard.outside;
  return &g_unrecorded_shard;
}

void hpy_trace_set_hooks_active(bool enter, bool exit) {
  std::lock_guard<std::mutex> guard(g_trace_registry_lock);
  if (!t_trace_store) t_trace_store = acquire_store_locked();
  if (t_trace_store) {
    t_trace_store->enter_hook = enter;
    t_trace_store->exit_hook = exit;
  }
}

void hpy_trace_release_thread() {
  std::lock_guard<std::mutex> guard(g_trace_registry_lock);
  if (!t_trace_store) return;
  t_trace_store->enter_hook = t_trace_store->exit_hook = false;
  t_trace_store->in_use = false;
  t_trace_store = nullptr;
}

static uint64_t load_relaxed(const uint64_t &v) { return __atomic_load_n(&v, __ATOMIC_RELAXED); }

// Adds one function's stats from a shard another thread may be writing, as a
// consistent pair: the histogram's count is at most the calls. The writer
// counts a call before it enters the histogram (trace_hot.h), and stores the
// bucket with release; so the buckets are read first, with acquire, and the
// calls after: every call the buckets hold was counted by then. (Calls first
// let calls that started and ended between the two reads into the buckets
// only: _count above calls in about 1 collection in 500 with 4 workers.)
static void read_consistent(const FunctionStats &src, FunctionStats *dst) {
  for (int b = 0; b < kBucketCount; b++) dst->buckets[b] += __atomic_load_n(&src.buckets[b], __ATOMIC_ACQUIRE);
  dst->sum_ticks += load_relaxed(src.sum_ticks);
  dst->calls += load_relaxed(src.calls);
}

Status hpy_trace_snapshot(std::vector<ModuleTotals> *out) {
  {
    std::lock_guard<std::mutex> guard(g_trace_registry_lock);
    out->assign(g_modules.size(), ModuleTotals{});
    for (size_t i = 0; i < g_modules.size(); i++) {
      const TraceModule *m = g_modules[i].get();
      ModuleTotals &totals = (*out)[i];
      totals.module = m;
      for (const ThreadStore *s : g_stores) {
        const Shard *shard = s->shards[m->id];
        if (!shard) continue;
        for (int f = 0; f < HPY_CTX_FUNCTION_COUNT; f++) {
          const FunctionStats &src = shard->fn[f];
          if (load_relaxed(src.calls) == 0) continue;  // never called: skip its 29 buckets
          read_consistent(src, &totals.totals[f]);
        }
      }
    }
  }
  if (g_allocation_failed.load(std::memory_order_relaxed))
    return Status::Fail(
        "hpy-node: a thread could not allocate memory for its trace counts, so the counts are incomplete; "
        "restart the process with more memory available");
  return Status::Ok();
}

size_t hpy_trace_bytes_per_module_per_thread() { return sizeof(Shard); }

size_t hpy_trace_thread_store_count() {
  std::lock_guard<std::mutex> guard(g_trace_registry_lock);
  return g_stores.size();
}

void hpy_trace_buckets_init() { std::call_once(g_tables_once, init_bucket_tables); }

int hpy_trace_bucket_index(uint64_t ticks) {
  hpy_trace_buckets_init();
  return hpy_bucket_of(ticks);
}

std::mutex &hpy_trace_registry_lock() { return g_trace_registry_lock; }
const std::vector<std::unique_ptr<TraceModule>> &hpy_trace_modules_locked() { return g_modules; }
const std::vector<ThreadStore *> &hpy_trace_stores_locked() { return g_stores; }
void hpy_trace_allocation_failed() { g_allocation_failed.store(true, std::memory_order_relaxed); }
bool hpy_trace_counts_complete() { return !g_allocation_failed.load(std::memory_order_relaxed); }
