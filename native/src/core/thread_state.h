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

// Handle entries a frame uses for its `self` and its arguments without the
// free list (core/frame.h): kFrameSlots for each of the first kSlotFrames
// nested frames, at the start of the table. Closing one marks it free and
// no more: it never joins the free list, so nothing else is ever put there.
constexpr uint32_t kFrameSlots = 16;
constexpr uint32_t kSlotFrames = 32;
constexpr uint32_t kReservedHandles = kFrameSlots * kSlotFrames;
constexpr uint32_t kNoFrameSlots = UINT32_MAX;

// HPy_Close calls between two moves of a frame's values to a fresh handle
// scope (ThreadState::close_budget, universal/frame_scopes.cc).
constexpr uint32_t kFrameCloseBudget = 1024;

// What each frame (core/frame.h) has of its own: saved when a frame begins
// and put back when it ends, in one copy.
struct FrameState {
  // The pending HPy exception (any JS value), or nullptr. Only ever set while
  // a frame is active, so the napi_value is alive.
  napi_value error = nullptr;
  // First error thrown by a trace hook during the current frame, and how
  // many were dropped after it (hook_error.h).
  napi_value hook_error = nullptr;
  uint64_t hook_errors_dropped = 0;
  size_t log_floor = 0;  // where the current frame's part of alloc_log starts
  // Between HPy_LeavePythonExecution and HPy_ReenterPythonExecution: the
  // depth Leave took from frame_depth (which is 0 meanwhile, so HPy calls
  // fail as they do outside any call, at no cost to the common path), else
  // 0. The first HPy call made meanwhile and how many, which Reenter
  // reports.
  LeftExecution left;
  // Hook calls made in the current frame's own handle scope (see hooks.cc).
  uint32_t unscoped_hook_calls = 0;
  // hpy_extension_calls() when the frame began: moving its values to a scope
  // of its own (universal/frame_scopes.cc) is safe only while the frame's
  // own C function is the one running, not a slot it called in turn.
  uint32_t calls_base = 0;
};

struct ThreadState {
  napi_env env = nullptr;
  Runtime *runtime = nullptr;
  std::vector<HandleEntry> handles;
  // handles.size(), kept beside it (only hpy_handle_grow_and_alloc grows the
  // table): every handle lookup checks its bound, and one load is cheaper
  // than the vector's two and a division.
  size_t handle_count = 0;
  uint32_t free_head = UINT32_MAX;
  // Indices of handles allocated, in order; a frame owns the tail it added.
  std::vector<uint32_t> alloc_log;
  int frame_depth = 0;
  // Frames begun and not ended, which HPy_LeavePythonExecution leaves alone
  // (it zeroes frame_depth meanwhile): it picks each frame's slot block.
  uint32_t slot_depth = 0;
  // Buffers handed to C (UTF-8 copies of strings, ...), freed when the frame
  // that asked for them ends.
  std::vector<char *> scratch;
  // Small scratch blocks are carved in order from a chunk that is itself a
  // scratch block (frame.cc): where it continues, and the chunk's index in
  // `scratch` (a frame that frees the chunk stops carving from it).
  char *scratch_next = nullptr;
  char *scratch_end = nullptr;
  size_t scratch_chunk = 0;
  bool in_hook = false;
  // Persistent trace hooks of this environment (functions taking an id).
  napi_ref on_enter = nullptr;
  napi_ref on_exit = nullptr;
  // The hooks' napi_values, resolved once per frame: [0] enter, [1] exit. A
  // value resolved in the frame at depth d stays valid until that frame ends.
  napi_value hook_value[2] = {nullptr, nullptr};
  int hook_value_depth[2] = {0, 0};
  // A frame whose C code makes and closes many handles (a loop in one call)
  // leaves every value it made in its handle scope until it returns, and
  // each garbage collection then copies them all. So every
  // kFrameCloseBudget closes the frame's live handles move to a handle scope
  // of its own and the old one is dropped (universal/frame_scopes.cc).
  // close_budget counts down to the next move (FrameState::calls_base says
  // when one is safe); frame_scopes[depth] is the scope of the frame at that
  // depth, open_frame_scopes how many are open.
  uint32_t close_budget = kFrameCloseBudget;
  uint32_t open_frame_scopes = 0;
  std::vector<FrameScopeSlot> frame_scopes;
  // The current frame's own state (FrameState above).
  FrameState frame;
  // The state of the layers above core in this environment (env_parts.h).
  EnvParts parts;
};

// initial-exec: one TLS load instead of a __tls_get_addr call per HPy call;
// __thread (not thread_local) so no TLS-init check precedes it.
extern __thread ThreadState *t_state __attribute__((tls_model("initial-exec")));
