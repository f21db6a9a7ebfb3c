#include "debug_handles.h"
#include <execinfo.h>
#include <algorithm>
#include <new>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "../core/errors.h"
#include "../core/handles.h"
#include "../core/names.h"
#include "raw_data.h"

DebugThread g_debug_no_thread;
__thread DebugThread *t_debug __attribute__((tls_model("initial-exec"))) = &g_debug_no_thread;

namespace {
std::atomic<uint32_t> g_env_tags{0};

std::string hex(intptr_t v) {
  char buf[32];
  snprintf(buf, sizeof buf, "0x%" PRIxPTR, uintptr_t(v));
  return buf;
}

const char *fn_name(int fn_id) {
  return fn_id >= 0 && fn_id < HPY_CTX_FUNCTION_COUNT ? hpy_ctx_function_names[fn_id] : "a context function";
}

std::string where_made(const DebugThread *dt, uint32_t idx) {
  if (!dt->entries[idx].has_extra) return "";
  auto it = dt->extras.find(idx);
  if (it == dt->extras.end() || !it->second.stack) return "";
  return "; it was made at:\n" + std::string(it->second.stack);
}

// Why h is not an open handle of dm on this thread.
}  // namespace

std::string hpy_debug_diagnose(DebugThread *dt, const DebugModule *dm, HPy h, int fn_id, const char *who) {
  std::string head = (who ? std::string(who) : std::string(fn_name(fn_id)) + " was given") + " handle " + hex(h._i) + ", ";
  intptr_t tag = h._i & 0xFF;
  if (h._i < 0 || (tag != kDebugHandleTag && tag != kDebugBuilderTag)) {
    if (h._i >= HPY_HANDLE_BASE && h._i < (intptr_t(1) << 32))
      return head +
             "which looks like a universal-mode handle: it was not given to the extension by debug mode "
             "(kept from a call in another mode, or made up)";
    return head + "which is not a handle (an uninitialised or corrupted HPy value?)";
  }
  if (tag == kDebugBuilderTag) return head + "which is a builder or tracker, not an object handle";
  if (((h._i >> 32) & 0xFF) != dt->env_tag)
    return head + "which was made in another environment (thread): a handle is valid only on the thread that made it";
  uint32_t idx = hpy_debug_index(h._i);
  if (idx >= dt->entry_count) return head + "which this environment never made (a corrupted HPy value?)";
  const DebugEntry &e = dt->entries[idx];
  bool same_use = e.self == h._i && e.state != DebugEntryState::Free;
  if (!same_use || e.state == DebugEntryState::Closed) {
    // Its entry may name another object by now; the queue remembers it.
    bool queued = false;
    for (const DebugClosed &c : hpy_debug_closed_in_order(dt)) queued = queued || c.self == h._i;
    std::string made = same_use ? where_made(dt, idx) : std::string();
    if (!same_use && !queued)
      return head +
             "which was closed long ago (it has since left the closed-handles queue): a use after HPy_Close, "
             "or a handle kept beyond the call that received it";
    if (fn_id == 1) return head + "which is already closed: HPy_Close twice on one handle" + made;
    return head + "which was closed: a use after HPy_Close, or a handle kept beyond the call that received it" + made;
  }
  const DebugModule *owner = hpy_debug_entry_owner(e);
  return head + "which belongs to the context of module '" + (owner ? owner->name : "?") + "', not of module '" + dm->name +
         "': handles are valid only with the context that made them";
}

DebugThread *hpy_debug_thread() {
  DebugThread *dt = t_debug;
  if (dt == &g_debug_no_thread) {
    dt = new DebugThread();
    dt->env_tag = intptr_t(g_env_tags.fetch_add(1) % 255 + 1);
    t_debug = dt;
  }
  return dt;
}

void hpy_debug_release_thread(napi_env env) {
  DebugThread *dt = t_debug;
  if (dt == &g_debug_no_thread) return;
  for (auto &entry : dt->extras) {
    if (entry.second.raw) hpy_debug_raw_free(entry.second.raw, entry.second.raw_size);
    free(entry.second.stack);
  }
  if (dt->on_invalid_handle) napi_delete_reference(env, dt->on_invalid_handle);
  if (dt->on_invalid_builder) napi_delete_reference(env, dt->on_invalid_builder);
  free(dt->entries);
  delete dt;
  t_debug = &g_debug_no_thread;
}

DebugThread *hpy_debug_enter_slow(HPyContext *ctx, int fn_id) {
  DebugThread *dt = hpy_debug_thread();
  const DebugModule *dm = hpy_debug_module(ctx);
  if (dt->current_ctx == ctx) return dt;
  std::string msg = std::string(fn_name(fn_id)) + " was called with a context that is not the one of the running call";
  msg += dt->current_ctx ? " (the extension kept an HPyContext from an earlier or outer call, in a global variable?)"
                         : " (no call of a debug-mode module is running on this thread: the extension kept an "
                           "HPyContext beyond the call that received it)";
  msg += ": a context is valid only during the call it was passed to";
  hpy_debug_report(dt, dm, false, msg);
  return dt;
}

HPy hpy_debug_unwrap_slow(DebugThread *dt, const DebugModule *dm, HPy h, int fn_id) {
  hpy_debug_report(dt, dm, false, hpy_debug_diagnose(dt, dm, h, fn_id, nullptr));
  return HPy_NULL;
}

uint32_t hpy_debug_new_entry(DebugThread *dt) {
  uint32_t n = dt->entry_count;
  if (n >= kDebugIndexLimit) {
    // A debug handle numbers its entry in 24 bits; no HPy call can fail
    // here with an error (HPy_Dup and the like may not), so the process
    // ends, but says why first. 16 million handles open or remembered as
    // closed is a leak in a loop, or a closed-handles queue set far too big.
    fprintf(stderr,
            "hpy-node: debug mode's handle limit reached: %u handles are open or remembered as closed on this "
            "thread. The extension leaks handles (an HPy_Close missing in a loop?), or "
            "set_closed_handles_queue_max_size() was set near that many; LeakDetector (hpy-node/debug) lists "
            "the handles left open. Aborting.\n",
            unsigned(kDebugIndexLimit));
    abort();
  }
  if (n == dt->entry_capacity) {
    uint32_t cap = n ? n * 2 : 256;
    auto *grown = static_cast<DebugEntry *>(realloc(static_cast<void *>(dt->entries), sizeof(DebugEntry) * cap));
    if (!grown) abort();  // as std::vector would, without exceptions
    dt->entries = grown;
    dt->entry_capacity = cap;
  }
  DebugEntry *e = new (&dt->entries[n]) DebugEntry();
  // Its first use adds one to the recycle count, which wraps to 0.
  e->self = hpy_debug_value(kDebugHandleTag, dt->env_tag, n, kDebugReuseMask);
  dt->entry_count = n + 1;
  return n;
}

void hpy_debug_record_stack(DebugThread *dt, uint32_t idx) {
  void *frames[256];
  int limit = dt->stack_limit < 256 ? dt->stack_limit : 256;
  int n = backtrace(frames, limit);
  char **symbols = backtrace_symbols(frames, n);
  if (!symbols) return;
  std::string text;
  for (int i = 0; i < n; i++) {
    text += "  ";
    text += symbols[i];
    text += '\n';
  }
  free(symbols);
  DebugExtra &x = dt->extras[idx];
  free(x.stack);
  x.stack = strdup(text.c_str());
  dt->entries[idx].has_extra = true;
}

namespace {
// Raw data of a closing handle becomes unreadable while the budget allows;
// beyond it, it is freed (a later read then fails like any use after close).
void close_extra(DebugThread *dt, uint32_t idx) {
  auto it = dt->extras.find(idx);
  if (it == dt->extras.end() || !it->second.raw) return;
  DebugExtra &x = it->second;
  if (dt->raw_protected + x.raw_size <= dt->raw_max) {
    hpy_debug_raw_protect(x.raw, x.raw_size);
    dt->raw_protected += x.raw_size;
  } else {
    hpy_debug_raw_free(x.raw, x.raw_size);
    x.raw = nullptr;
    x.raw_size = 0;
  }
}

// A closed entry with extras leaves the queue: its extras go, the entry
// joins the free list.
void release_entry(DebugThread *dt, uint32_t idx) {
  DebugEntry &e = dt->entries[idx];
  if (e.has_extra) {
    auto it = dt->extras.find(idx);
    if (it != dt->extras.end()) {
      DebugExtra &x = it->second;
      if (x.raw) {
        hpy_debug_raw_free(x.raw, x.raw_size);
        // Only closed handles are released, and their raw data was counted.
        dt->raw_protected -= x.raw_size;
      }
      free(x.stack);
      dt->extras.erase(it);
    }
    e.has_extra = false;
  }
  e.next = dt->free_head;
  dt->free_head = idx;
}

// Held entries whose handle is no longer among the newest closed_max closes.
void release_held(DebugThread *dt) {
  uint64_t closes = dt->closed_dropped + dt->closed_len;
  size_t n = 0;
  while (n < dt->held.size() && dt->held[n].first + dt->closed_max <= closes) release_entry(dt, dt->held[n++].second);
  dt->held.erase(dt->held.begin(), dt->held.begin() + long(n));
}

// The buffer starts small and doubles as handles are closed, up to twice
// closed_max: a bound costs memory only once that many handles were closed
// (allocating it up front aborted the process for 2^31 and took 4.8 GB for
// 10^8). False when it is at its full size.
constexpr size_t kClosedFirstSize = 64;
bool grow_closed(DebugThread *dt) {
  size_t full = dt->closed_max > SIZE_MAX / 4 ? SIZE_MAX / 2 : 2 * dt->closed_max;
  if (dt->closed_cap >= full) return false;
  size_t cap = std::min(full, std::max(kClosedFirstSize, 2 * dt->closed_cap));
  dt->closed.resize(cap);
  dt->closed_cap = cap;
  return true;
}

// Drops every record but the newest `keep`, moving those to the front.
void drop_oldest_closed(DebugThread *dt, size_t keep) {
  size_t n = dt->closed_len;
  size_t drop = n > keep ? n - keep : 0;
  std::copy(dt->closed.begin() + long(drop), dt->closed.begin() + long(n), dt->closed.begin());
  dt->closed_len = n - drop;
  dt->closed_dropped += drop;
}
}  // namespace

void hpy_debug_close_slow(DebugThread *dt, uint32_t idx) {
  DebugEntry &e = dt->entries[idx];
  e.key ^= 1;
  e.state = DebugEntryState::Closed;
  if (e.has_extra) close_extra(dt, idx);
  if (dt->closed_max == 0) {
    release_entry(dt, idx);
    return;
  }
  // A full buffer grows until it holds twice the bound; at that size it keeps
  // the closed_max - 1 newest: room for this close and closed_max more before
  // the next batch.
  if (dt->closed_len == dt->closed_cap && !grow_closed(dt)) drop_oldest_closed(dt, dt->closed_max - 1);
  dt->closed[dt->closed_len++] = DebugClosed{e.self, e.key, e.serial};
  if (e.has_extra) dt->held.emplace_back(dt->closed_dropped + dt->closed_len, idx);
  else release_entry(dt, idx);
  release_held(dt);
}

std::vector<DebugClosed> hpy_debug_closed_in_order(const DebugThread *dt) {
  size_t n = dt->closed_len;
  size_t from = n > dt->closed_max ? n - dt->closed_max : 0;
  return std::vector<DebugClosed>(dt->closed.begin() + long(from), dt->closed.begin() + long(n));
}

std::vector<uint32_t> hpy_debug_open_in_order(const DebugThread *dt, uint64_t gen) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < dt->entry_count; i++) {
    const DebugEntry &e = dt->entries[i];
    if (e.state == DebugEntryState::Open && hpy_debug_generation_of(dt, e.serial) >= gen) out.push_back(i);
  }
  std::sort(out.begin(), out.end(), [dt](uint32_t a, uint32_t b) { return dt->entries[a].serial < dt->entries[b].serial; });
  return out;
}

uint64_t hpy_debug_new_generation(DebugThread *dt) {
  dt->generation_starts.push_back(dt->serial);
  return ++dt->generation;
}

uint64_t hpy_debug_generation_of(const DebugThread *dt, uint64_t serial) {
  const auto &starts = dt->generation_starts;
  return uint64_t(std::lower_bound(starts.begin(), starts.end(), serial) - starts.begin());
}

void hpy_debug_set_closed_max(DebugThread *dt, size_t max) {
  // Records beyond the old bound are out of the queue already: raising it
  // does not bring them back.
  drop_oldest_closed(dt, std::min(max, dt->closed_max));
  // Only the records kept: the buffer grows again as handles close.
  std::vector<DebugClosed> kept(dt->closed.begin(), dt->closed.begin() + long(dt->closed_len));
  dt->closed.swap(kept);
  dt->closed_cap = dt->closed.size();
  dt->closed_max = max;
  release_held(dt);
}

std::string hpy_debug_describe(HPy h) { return "handle " + hex(h._i); }

void hpy_debug_report(DebugThread *dt, const DebugModule *dm, bool builder, const std::string &message) {
  dt->invalid_uses++;
  if (dm) const_cast<DebugModule *>(dm)->invalid_uses.fetch_add(1, std::memory_order_relaxed);
  ThreadState *ts = t_state;
  napi_ref cb = builder ? dt->on_invalid_builder : dt->on_invalid_handle;
  if (cb && ts && ts->env) {
    napi_env env = ts->env;
    napi_value fn, recv, result;
    if (napi_get_reference_value(env, cb, &fn) == napi_ok && fn) {
      napi_get_undefined(env, &recv);
      if (napi_call_function(env, recv, fn, 0, nullptr, &result) == napi_ok) return;
      napi_value ignored;
      napi_get_and_clear_last_exception(env, &ignored);
      if (dt->violation.empty())
        dt->violation = "hpy-node debug mode: the " + std::string(builder ? "on_invalid_builder_handle" : "on_invalid_handle") +
                        " callback threw while reporting: " + message;
      return;
    }
  }
  if (dt->violation.empty())
    dt->violation = "hpy-node debug mode" + (dm ? " (module '" + dm->name + "')" : std::string()) + ": " + message;
}
