#pragma once
// The per-environment state of the layers above core, in one registry on the
// environment's ThreadState, torn down in one stated order when the
// environment ends (addon/environment.cc calls hpy_env_parts_end first,
// before the module objects, the trace and debug state and the ThreadState
// itself go).
//
// A part is made on first use (ts->parts.set) and found with one load
// from t_state, the initial-exec TLS pointer every HPy call already reads:
// no thread_local of its own (those cost a __tls_get_addr call in a shared
// object) and no cleanup hook of its own, whose order Node-API would decide
// by the order of first use.
//
// Teardown order, the enum's order: users before what they use. Finalizer
// entries point into instances and type records;
// instances (the heap's memory outlives this: it waits for the finalizers
// Node runs after the cleanup hooks) point to type records; type records go
// last.
#include <node_api.h>
#include <cstddef>
#include <cstdint>

struct ThreadState;

enum class EnvPart : uint8_t {
  Finalizers,  // universal/types/type_finalize.cc: live instances with tp_finalize
  Engine,      // engine/ (universal/engine_part.cc): live engine instances get tp_destroy, HPyGlobal values, function records
  Types,       // universal/types/types.cc: type records and their engine classes
  Count,
};
// Still on their own thread_local and Node-API cleanup hook: buffers
// (type_buffer.cc), the fields' key (fields.cc), the instance heap
// (instance_registry.cc). They end before every part above (Node runs
// cleanup hooks last-registered first, and the environment's own hook,
// registered before any of them, runs hpy_env_parts_end); none of the parts
// above reads their bookkeeping when it ends, and the heap's memory waits
// for the last instance to be freed.

constexpr size_t kEnvPartCount = size_t(EnvPart::Count);

struct EnvParts {
  /* Part `p`, or null before its first use. */
  void *get(EnvPart p) const { return data[size_t(p)]; }
  /* Installs part `p` (absent so far) and how to free it at teardown. */
  void set(EnvPart p, void *part, void (*free_part)(napi_env env, void *part)) {
    data[size_t(p)] = part;
    free[size_t(p)] = free_part;
  }

  void *data[kEnvPartCount] = {};
  void (*free[kEnvPartCount])(napi_env env, void *part) = {};
};

/* Frees every part of ts->parts, in EnvPart's order; the environment is
 * ending. */
void hpy_env_parts_end(ThreadState *ts);
