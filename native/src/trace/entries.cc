// The profile's entries: their registry (by module and name, and by id),
// the hook around calls into extension code, and the read of every thread's
// counts. See entries.h.
#include "entries.h"
#include <atomic>
#include <cstdlib>
#include <cstring>
#include "trace_hot.h"

namespace {

// Entries by id, for tp_destroy (an instance keeps only its entry's id):
// lock-free reads of a table that only grows (512 KB of address space,
// touched as entries are made). 65535 entries in a process; past that,
// entries are not made and the profile says it is incomplete.
constexpr uint32_t kMaxEntries = 1 << 16;
std::atomic<EntryRecord *> g_by_id[kMaxEntries];
uint32_t g_next_id = 1;  // under the registry lock

// The traced module whose trace context is ctx.
TraceModule *module_of_locked(HPyContext *ctx) {
  for (const auto &m : hpy_trace_modules_locked())
    if (&m->ctx == ctx) return m.get();
  return nullptr;
}

ExtensionEntry *resolve(HPyContext *ctx, const char *owner, const std::string &what) {
  // ctx is the outermost context (hpy_extension_entry): the trace one.
  std::lock_guard<std::mutex> guard(hpy_trace_registry_lock());
  TraceModule *m = module_of_locked(ctx);
  if (!m) return nullptr;
  std::string name = std::string(owner ? owner : m->name.c_str()) + "." + what;
  auto found = m->entry_by_name.find(name);
  if (found != m->entry_by_name.end()) return found->second;
  if (g_next_id >= kMaxEntries) {
    hpy_trace_allocation_failed();
    return nullptr;
  }
  auto e = std::make_unique<EntryRecord>();
  e->id = g_next_id++;
  e->module_id = m->id;
  e->index = uint32_t(m->entries.size());
  e->name = name;
  EntryRecord *out = e.get();
  m->entries.push_back(std::move(e));
  m->entry_by_name.emplace(name, out);
  g_by_id[out->id].store(out, std::memory_order_release);
  return out;
}

ExtensionEntry *at(uint32_t id) { return id < kMaxEntries ? g_by_id[id].load(std::memory_order_acquire) : nullptr; }

// This thread's counts of entry e in `shard` (this thread's), made on its
// first entry; null when memory ran out (the call then counts nowhere, and
// the profile reports it is incomplete).
EntryCounts *counts_slow(Shard *shard, const EntryRecord *e) {
  std::lock_guard<std::mutex> guard(hpy_trace_registry_lock());
  if (!t_trace_store || t_trace_store->shards[e->module_id] != shard) {
    hpy_trace_allocation_failed();  // the stand-in shard of a thread without memory
    return nullptr;
  }
  if (e->index >= shard->entry_capacity) {
    uint32_t capacity = shard->entry_capacity ? shard->entry_capacity : 16;
    while (capacity <= e->index) capacity *= 2;
    auto **bigger = static_cast<EntryCounts **>(std::calloc(capacity, sizeof(EntryCounts *)));
    if (!bigger) {
      hpy_trace_allocation_failed();
      return nullptr;
    }
    if (shard->entries) std::memcpy(bigger, shard->entries, shard->entry_capacity * sizeof(EntryCounts *));
    std::free(shard->entries);
    shard->entries = bigger;
    shard->entry_capacity = capacity;
  }
  EntryCounts *&slot = shard->entries[e->index];
  if (!slot && !(slot = static_cast<EntryCounts *>(std::calloc(1, sizeof(EntryCounts))))) hpy_trace_allocation_failed();
  return slot;
}

// Every call into extension code: those with an entry count it and make it
// the module's innermost for the call's duration (saved and restored, so
// nested entries, C -> HPy_Call -> JavaScript -> C, unwind in order).
template <ClockKind K>
ExtensionResult entry_call(const ExtensionCall &call) {
  const auto *e = static_cast<const EntryRecord *>(call.entry);
  if (!e) return hpy_extension_call_adapted(call);
  Shard *shard = hpy_trace_shard(e->module_id);
  EntryCounts *counts = e->index < shard->entry_capacity ? shard->entries[e->index] : nullptr;
  if (__builtin_expect(!counts, 0) && !(counts = counts_slow(shard, e))) return hpy_extension_call_adapted(call);
  hpy_relaxed_add(counts->calls, 1);
  EntryCounts *outer = shard->current;
  shard->current = counts;
  uint64_t t0 = hpy_clock_read<K>();
  ExtensionResult r = hpy_extension_call_adapted(call);
  uint64_t ticks = hpy_clock_read<K>() - t0;
  shard->current = outer;
  hpy_relaxed_add(counts->ticks, ticks);
  // The previous call's bucket, then this call pending (EntryCounts): a
  // reader between the two may count the previous call twice and miss this
  // one, never more calls than `calls`; at rest it counts each once.
  uint64_t previous = __atomic_load_n(&counts->pending, __ATOMIC_RELAXED);
  if (previous) hpy_release_add(counts->buckets[hpy_bucket_of(previous - 1)], 1);
  __atomic_store_n(&counts->pending, ticks + 1, __ATOMIC_RELEASE);
  return r;
}

uint64_t load_relaxed(const uint64_t &v) { return __atomic_load_n(&v, __ATOMIC_RELAXED); }

// Adds one thread's counts of an entry (which that thread may be writing).
// Buckets first, with acquire (they are written with release after the
// call was counted), as trace_store.cc reads a function's: every completed
// call the buckets hold is in `calls` too.
void add_counts(const EntryCounts &src, EntryCounts *dst) {
  for (int b = 0; b < kBucketCount; b++) dst->buckets[b] += __atomic_load_n(&src.buckets[b], __ATOMIC_ACQUIRE);
  if (uint64_t pending = __atomic_load_n(&src.pending, __ATOMIC_ACQUIRE)) dst->buckets[hpy_bucket_of(pending - 1)] += 1;
  dst->calls += load_relaxed(src.calls);
  dst->ticks += load_relaxed(src.ticks);
  for (int f = 0; f < HPY_CTX_FUNCTION_COUNT; f++) {
    if (load_relaxed(src.fn[f].calls) == 0) continue;
    dst->fn[f].calls += load_relaxed(src.fn[f].calls);
    dst->fn[f].ticks += load_relaxed(src.fn[f].ticks);
  }
}

bool made_calls(const EntryCounts &c) {
  for (const EntryFunction &f : c.fn)
    if (f.calls) return true;
  return false;
}

}  // namespace

void hpy_trace_install_entry_hooks() {
  ExtensionEntryHooks hooks{resolve, at, g_clock_counter ? entry_call<ClockKind::Counter> : entry_call<ClockKind::Monotonic>};
  hpy_set_extension_entry_hooks(hooks);
}

Status hpy_trace_profile(std::vector<EntryTotals> *out) {
  out->clear();
  {
    std::lock_guard<std::mutex> guard(hpy_trace_registry_lock());
    const auto &stores = hpy_trace_stores_locked();
    for (const auto &m : hpy_trace_modules_locked()) {
      EntryTotals outside{m.get(), nullptr, {}};
      for (const ThreadStore *s : stores)
        if (const Shard *shard = s->shards[m->id]) add_counts(shard->outside, &outside.counts);
      if (made_calls(outside.counts)) out->push_back(outside);
      for (const auto &e : m->entries) {
        EntryTotals row{m.get(), e.get(), {}};
        for (const ThreadStore *s : stores) {
          const Shard *shard = s->shards[m->id];
          if (shard && e->index < shard->entry_capacity && shard->entries[e->index])
            add_counts(*shard->entries[e->index], &row.counts);
        }
        if (row.counts.calls) out->push_back(row);
      }
    }
  }
  if (!hpy_trace_counts_complete())
    return Status::Fail(
        "hpy-node: a thread could not allocate memory for its trace counts (or a process made more than 65535 "
        "profile entries), so the counts are incomplete; restart the process with more memory available");
  return Status::Ok();
}
