#include "handles.h"
#include "errors.h"
#include "runtime.h"

__thread ThreadState *t_state __attribute__((tls_model("initial-exec"))) = nullptr;

HPy hpy_handle_grow_and_alloc(ThreadState *ts) {
  size_t old = ts->handles.size();
  size_t grown = old < 256 ? 256 : old * 2;
  ts->handles.resize(grown);
  ts->handle_count = grown;
  // Chain the new entries into the free list, lowest index first.
  for (size_t i = grown; i-- > old + 1;) {
    ts->handles[i].kind = HandleKind::Free;
    ts->handles[i].next_free = ts->free_head;
    ts->free_head = uint32_t(i);
  }
  ts->handles[old].kind = HandleKind::Free;
  return HPy{HPY_HANDLE_BASE + intptr_t(old)};
}

void hpy_handles_init(ThreadState *ts) {
  // The frame slots, then a first block for the free list.
  ts->handles.assign(kReservedHandles, HandleEntry{});
  for (HandleEntry &e : ts->handles) e.kind = HandleKind::Free;
  ts->handle_count = kReservedHandles;
  hpy_handle_grow_and_alloc(ts);
  ts->handles[kReservedHandles].kind = HandleKind::Free;
  ts->handles[kReservedHandles].next_free = ts->free_head;
  ts->free_head = kReservedHandles;
}

napi_value hpy_handle_persistent_value(ThreadState *ts, uint32_t index) {
  napi_value v = hpy_ref_element(ts->env, ts->runtime->persistent, index);
  if (!v) hpy_err_raise(ts, hpy_h::SystemError, "hpy-node: persisted handle %u could not be read", index);
  return v;
}

void hpy_handle_close_persistent(ThreadState *ts, uint32_t index) {
  napi_value arr, undef;
  if (napi_get_reference_value(ts->env, ts->runtime->persistent, &arr) != napi_ok) return;
  napi_get_undefined(ts->env, &undef);
  napi_set_element(ts->env, arr, index, undef);
}

napi_value hpy_constant_value(ThreadState *ts, int slot) {
  napi_value v;
  if (slot == hpy_h::None._i - 1) {
    napi_get_undefined(ts->env, &v);
    return v;
  }
  if (slot == hpy_h::True._i - 1 || slot == hpy_h::False._i - 1) {
    napi_get_boolean(ts->env, slot == hpy_h::True._i - 1, &v);
    return v;
  }
  v = hpy_ref_element(ts->env, ts->runtime->constants, uint32_t(slot));
  if (!v) hpy_err_raise(ts, hpy_h::SystemError, "hpy-node: context constant %d is not available", slot);
  return v;
}

void hpy_raise_invalid_handle(ThreadState *ts, HPy h, const char *what) {
  const char *why = h._i == 0 ? "it is HPy_NULL"
                    : h._i < 0 || (h._i > HPY_CTX_SLOT_COUNT && h._i < HPY_HANDLE_BASE)
                        ? "it is not a handle"
                        : "it was closed, or never created on this thread";
  hpy_err_raise(ts, hpy_h::SystemError,
                "hpy-node: the extension tried to %s an invalid handle (%ld): %s. Check for a use after HPy_Close, "
                "a double close, or a handle kept from another call or thread.",
                what, long(h._i), why);
}

void hpy_handles_end_frame(ThreadState *ts, size_t log_start) {
  std::vector<uint32_t> &log = ts->alloc_log;
  napi_value arr = nullptr;
  for (size_t i = log_start; i < log.size(); i++) {
    HandleEntry &e = ts->handles[log[i]];
    if (e.kind != HandleKind::Value) continue;  // closed, unboxed, or already persisted
    if (!arr && napi_get_reference_value(ts->env, ts->runtime->persistent, &arr) != napi_ok) break;
    napi_set_element(ts->env, arr, log[i], e.value);
    e.kind = HandleKind::Persistent;
  }
  log.resize(log_start);
}
