#include "debug_handles.h"
#include <execinfo.h>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "../core/errors.h"
#include "../core/handles.h"
#include "../core/names.h"
#include "raw_data.h"

__thread DebugThread *t_debug __attribute__((tls_model("initial-exec"))) = nullptr;

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

// The oldest closed entry leaves the queue for good: its raw data and stack
// go, and its next use gets another handle value.
void retire_oldest_closed(DebugThread *dt) {
  uint32_t idx = dt->closed.head;
  hpy_debug_list_remove(dt, dt->closed, idx);
  DebugEntry &e = dt->entries[idx];
  if (e.raw) {
    hpy_debug_raw_free(e.raw, e.raw_size);
    dt->raw_protected -= e.raw_size;
    e.raw = nullptr;
    e.raw_size = 0;
  }
  free(e.stack);
  e.stack = nullptr;
  e.self = 0;
  e.uh = HPy_NULL;
  e.state = DebugEntryState::Free;
  e.reuse = (e.reuse + 1) & kDebugReuseMask;
  e.next = dt->free_head;
  dt->free_head = idx;
}

std::string where_made(const DebugEntry &e) {
  if (!e.stack) return "";
  return "; it was made at:\n" + std::string(e.stack);
}

// Why h is not an open handle of dm on this thread.
}  // namespace

std::string hpy_debug_diagnose(DebugThread *dt, const DebugModule *dm, HPy h, int fn_id, const char *who) {
  std::string head = (who ? std::string(who) : std::string(fn_name(fn_id)) + " was given") + " handle " + hex(h._i) + ", ";
  intptr_t tag = h._i & 0xFF;
  if (h._i < 0 || (tag != kDebugHandleTag && tag != kDebugBuilderTag)) {
    if (h._i >= HPY_HANDLE_BASE && h._i < (intptr_t(1) << 32))
      return head + "which looks like a universal-mode handle: it was not given to the extension by debug mode "
                    "(kept from a call in another mode, or made up)";
    return head + "which is not a handle (an uninitialised or corrupted HPy value?)";
  }
  if (tag == kDebugBuilderTag) return head + "which is a builder or tracker, not an object handle";
  if (((h._i >> 32) & 0xFF) != dt->env_tag)
    return head + "which was made in another environment (thread): a handle is valid only on the thread that made it";
  uint32_t idx = hpy_debug_index(h._i);
  if (idx >= dt->entries.size()) return head + "which this environment never made (a corrupted HPy value?)";
  const DebugEntry &e = dt->entries[idx];
  uint32_t reuse = uint32_t(uint64_t(h._i) >> 40) & kDebugReuseMask;
  if (e.reuse != reuse || e.self != h._i)
    return head + "which was closed long ago (its entry has since left the closed-handles queue and may name another "
                  "object now): a use after HPy_Close, or a handle kept beyond the call that received it";
  if (e.state == DebugEntryState::Closed) {
    if (fn_id == 1) return head + "which is already closed: HPy_Close twice on one handle" + where_made(e);
    return head + "which was closed: a use after HPy_Close, or a handle kept beyond the call that received it" +
           where_made(e);
  }
  const DebugModule *owner = hpy_debug_module_by_id(e.owner);
  return head + "which belongs to the context of module '" + (owner ? owner->name : "?") + "', not of module '" +
         dm->name + "': handles are valid only with the context that made them";
}

DebugThread *hpy_debug_thread() {
  DebugThread *dt = t_debug;
  if (!dt) {
    dt = new DebugThread();
    dt->env_tag = intptr_t(g_env_tags.fetch_add(1) % 255 + 1);
    t_debug = dt;
  }
  return dt;
}

void hpy_debug_release_thread(napi_env env) {
  DebugThread *dt = t_debug;
  if (!dt) return;
  for (DebugEntry &e : dt->entries) {
    if (e.raw) hpy_debug_raw_free(e.raw, e.raw_size);
    free(e.stack);
  }
  if (dt->on_invalid_handle) napi_delete_reference(env, dt->on_invalid_handle);
  if (dt->on_invalid_builder) napi_delete_reference(env, dt->on_invalid_builder);
  delete dt;
  t_debug = nullptr;
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

bool hpy_debug_is_open(DebugThread *dt, const DebugModule *dm, HPy h) {
  uint32_t idx = hpy_debug_index(h._i);
  if (idx >= dt->entries.size()) return false;
  const DebugEntry &e = dt->entries[idx];
  return e.self == h._i && e.state == DebugEntryState::Open && e.owner == dm->id;
}

uint32_t hpy_debug_new_entry(DebugThread *dt) {
  size_t n = dt->entries.size();
  if (n >= kDebugIndexLimit) {
    // 16 million handles open or queued as closed: a leak in a loop, surely.
    if (dt->closed.size > 0) {
      retire_oldest_closed(dt);
      uint32_t idx = dt->free_head;
      dt->free_head = dt->entries[idx].next;
      return idx;
    }
    abort();
  }
  dt->entries.emplace_back();
  return uint32_t(n);
}

void hpy_debug_record_stack(DebugThread *dt, DebugEntry *e) {
  free(e->stack);
  e->stack = nullptr;
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
  e->stack = strdup(text.c_str());
}

void hpy_debug_close_entry(DebugThread *dt, uint32_t idx) {
  hpy_debug_list_remove(dt, dt->open, idx);
  DebugEntry &e = dt->entries[idx];
  e.state = DebugEntryState::Closed;
  if (e.raw) {
    if (dt->raw_protected + e.raw_size <= dt->raw_max) {
      hpy_debug_raw_protect(e.raw, e.raw_size);
      dt->raw_protected += e.raw_size;
    } else {
      hpy_debug_raw_free(e.raw, e.raw_size);
      e.raw = nullptr;
      e.raw_size = 0;
    }
  }
  hpy_debug_list_append(dt, dt->closed, idx);
  while (dt->closed.size > dt->closed_max) retire_oldest_closed(dt);
}

void hpy_debug_set_closed_max(DebugThread *dt, size_t max) {
  dt->closed_max = max;
  while (dt->closed.size > dt->closed_max) retire_oldest_closed(dt);
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
      dt->violations_in_call++;
      return;
    }
  }
  if (dt->violation.empty())
    dt->violation = "hpy-node debug mode" + (dm ? " (module '" + dm->name + "')" : std::string()) + ": " + message;
  dt->violations_in_call++;
}
