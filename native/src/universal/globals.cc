// HPyGlobal_Store/Load. An HPyGlobal is a static variable in the extension,
// shared by every thread of the process, while values belong to one
// JavaScript environment (the main thread or a worker). So the global holds
// only a process-wide id, given on its first store, and each environment
// keeps its values at that id in a table of strong V8 handles (engine.h):
// a load is an index and a handle copy, no property lookup.
#include <atomic>
#include "autogen_universal.h"
#include "support.h"
#include "../engine/engine.h"
#include "engine_part.h"

static std::atomic<intptr_t> g_next_global_id{1};

// The global's id, or 0 with SystemError when it holds something no store
// gave it (HPyGlobals must be static, zero-initialised variables).
static intptr_t checked_id(ThreadState *ts, intptr_t id, const char *fn) {
  if (id > 0 && id < g_next_global_id.load(std::memory_order_acquire) && id <= intptr_t(UINT32_MAX - 1)) return id;
  hpy_err_raise(ts, hpy_h::SystemError,
                "%s: the HPyGlobal holds %ld, which HPyGlobal_Store never gave it (an HPyGlobal must be a static, "
                "zero-initialised variable)",
                fn, long(id));
  return 0;
}

void hpy_u_Global_Store(HPyContext *ctx, HPyGlobal *global, HPy h) {
  HPY_STATE_OR();
  if (!global) {
    hpy_err_raise(ts, hpy_h::SystemError, "ctx_Global_Store: the HPyGlobal pointer is NULL");
    return;
  }
  napi_value v = nullptr;
  if (!HPy_IsNull(h) && !(v = hpy_value(ts, h))) return;
  intptr_t id = __atomic_load_n(&global->_i, __ATOMIC_ACQUIRE);
  if (id == 0) {
    // First store anywhere in the process. Threads may race here: one id
    // wins and all use it.
    intptr_t fresh = g_next_global_id.fetch_add(1);
    intptr_t expected = 0;
    id = __atomic_compare_exchange_n(&global->_i, &expected, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ? fresh : expected;
  }
  if (!checked_id(ts, id, "ctx_Global_Store")) return;
  // Storing HPy_NULL clears the global: the value can be collected.
  if (!hpy_engine_ready(ts) || !hpy_engine_global_set(ts->env, size_t(id), v))
    hpy_err_raise(ts, hpy_h::MemoryError, "ctx_Global_Store: no memory for the global's value");
}

HPy hpy_u_Global_Load(HPyContext *ctx, HPyGlobal global) {
  HPY_STATE_OR(HPy_NULL);
  if (global._i == 0) {
    hpy_err_raise(ts, hpy_h::SystemError, "ctx_Global_Load: the global was never stored (call HPyGlobal_Store first)");
    return HPy_NULL;
  }
  intptr_t id = checked_id(ts, global._i, "ctx_Global_Load");
  if (!id) return HPy_NULL;
  napi_value v = hpy_engine_global_get(ts->env, size_t(id));
  if (__builtin_expect(!v, 0)) {
    hpy_err_raise(ts, hpy_h::SystemError,
                  "ctx_Global_Load: the global holds no value in this JavaScript environment: it was cleared, or "
                  "stored only on another thread (each worker thread stores its own values, e.g. in module init)");
    return HPy_NULL;
  }
  return hpy_new(ts, v);
}
