#pragma once
// Per-thread state of the HPy host. Node runs one JavaScript environment per
// thread (the main thread and each worker), while an extension's HPyContext is
// process-wide; so everything tied to JavaScript values lives here, reached
// through a thread_local pointer, never through the context.
#include <node_api.h>
#include <cstdint>
#include <vector>
#include "env_parts.h"

struct Runtime;

enum class HandleKind : uint8_t {
  Free,
  Value,       // napi_value of the frame that created it
  Number,      // an unboxed double: no napi_value until JavaScript needs it
  Persistent,  // outlived its frame: stored in the runtime's persistent array
  Ref,         // a napi_ref owned elsewhere (the module object as `self`),
               // resolved only if the extension looks at it
};

struct HandleEntry {
  union {
    napi_value value;
    double number;
    napi_ref ref;
    uint32_t next_free;
  };
  HandleKind kind;
};

// The state of HPy_LeavePythonExecution in one frame (see ThreadState::left).
struct LeftExecution {
  int depth = 0;                     // what Leave took from frame_depth, else 0
  const char *first_call = nullptr;  // the first HPy call made while left
  uint32_t calls = 0;                // how many were made
};

// Storage for one V8 handle scope that a frame opened for itself (see
// universal/frame_scopes.cc); only engine/ knows what is inside.
constexpr size_t kFrameScopeBytes = 64;
struct FrameScopeSlot {
  alignas(void *) unsigned char bytes[kFrameScopeBytes];
  bool open;
};

// HPy_Close calls between two moves of a frame's values to a fresh handle
// scope (ThreadState::close_budget, universal/frame_scopes.cc).
constexpr uint32_t kFrameCloseBudget = 1024;

struct ThreadState {
  napi_env env = nullptr;
  Runtime *runtime = nullptr;
  std::vector<HandleEntry> handles;
  uint32_t free_head = UINT32_MAX;
  // Indices of handles allocated, in order; a frame owns the tail it added.
  std::vector<uint32_t> alloc_log;
  size_t log_floor = 0;  // where the current frame's part of alloc_log starts
  int frame_depth = 0;
  // Between HPy_LeavePythonExecution and HPy_ReenterPythonExecution: the
  // depth Leave took from frame_depth (which is 0 meanwhile, so HPy calls
  // fail as they do outside any call, at no cost to the common path), else
  // 0. The first HPy call made meanwhile and how many, which Reenter reports.
  // Each frame has its own (frame.h saves and restores it).
  LeftExecution left;
  // Buffers handed to C (UTF-8 copies of strings, ...), freed when the frame
  // that asked for them ends.
  std::vector<char *> scratch;
  // Small scratch blocks are carved in order from a chunk that is itself a
  // scratch block (frame.cc): where it continues, and the chunk's index in
  // `scratch` (a frame that frees the chunk stops carving from it).
  char *scratch_next = nullptr;
  char *scratch_end = nullptr;
  size_t scratch_chunk = 0;
  // The pending HPy exception (any JS value), or nullptr. Only ever set while a
  // frame is active, so the napi_value is alive.
  napi_value error = nullptr;
  // First error thrown by a trace hook during the current frame, and how many
  // were dropped after it (hook_error.h).
  napi_value hook_error = nullptr;
  uint64_t hook_errors_dropped = 0;
  bool in_hook = false;
  // Persistent trace hooks of this environment (functions taking an id).
  napi_ref on_enter = nullptr;
  napi_ref on_exit = nullptr;
  // The hooks' napi_values, resolved once per frame: [0] enter, [1] exit. A
  // value resolved in the frame at depth d stays valid until that frame ends.
  napi_value hook_value[2] = {nullptr, nullptr};
  int hook_value_depth[2] = {0, 0};
  // Hook calls made in the current frame's own handle scope (see hooks.cc).
  uint32_t unscoped_hook_calls = 0;
  // A frame whose C code makes and closes many handles (a loop in one call)
  // leaves every value it made in its handle scope until it returns, and
  // each garbage collection then copies them all. So every
  // kFrameCloseBudget closes the frame's live handles move to a handle scope
  // of its own and the old one is dropped (universal/frame_scopes.cc).
  // close_budget counts down to the next move; frame_calls_base is
  // hpy_extension_calls() when the current frame began (a move is safe only
  // while the frame's own C function is the one running, not a slot it
  // called in turn); frame_scopes[depth] is the scope of the frame at that
  // depth, open_frame_scopes how many are open.
  uint32_t close_budget = kFrameCloseBudget;
  uint32_t frame_calls_base = 0;
  uint32_t open_frame_scopes = 0;
  std::vector<FrameScopeSlot> frame_scopes;
  // The state of the layers above core in this environment (env_parts.h).
  EnvParts parts;
};

// initial-exec: one TLS load instead of a __tls_get_addr call per HPy call;
// __thread (not thread_local) so no TLS-init check precedes it.
extern __thread ThreadState *t_state __attribute__((tls_model("initial-exec")));
