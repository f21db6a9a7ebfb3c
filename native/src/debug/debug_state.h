#pragma once
// Debug mode's state. A debug module (one per library loaded in debug mode)
// owns a debug context: a copy of the universal context whose function slots
// check and translate handles (autogen_debug_wrappers.cc). Handles live per
// thread (each environment has its own universal handles): a DebugThread
// holds the table of debug handles the extension was given on that thread.
//
// A debug handle's value encodes where its entry is and which use of that
// entry it names, so a handle is recognised as closed even after its entry
// was recycled for another object:
//   bits 0-7    0xDB (0xBD for builders and trackers)
//   bits 8-31   entry index
//   bits 32-39  the environment's tag (a handle from another thread says so)
//   bits 40-62  how many times the entry was recycled before this use
// NULL and the context's constants (1..HPY_CTX_SLOT_COUNT) are the universal
// values themselves: constants are immortal, so they need no entry.
#include <node_api.h>
#include <atomic>
#include <mutex>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>
#include "hpy.h"

constexpr intptr_t kDebugHandleTag = 0xDB;
constexpr intptr_t kDebugBuilderTag = 0xBD;
constexpr uint32_t kDebugIndexLimit = 1u << 24;
constexpr uint32_t kDebugReuseMask = (1u << 23) - 1;
constexpr uint32_t kDebugNone = UINT32_MAX;
constexpr int kDebugContextRing = 16;  // as HPy's debug context cache

enum class DebugEntryState : uint8_t { Free, Open, Closed };

// One debug handle's entry: 40 bytes, what every call touches. Raw data and
// allocation stacks, rare, live beside it (DebugExtra).
//
// The per-call check is one compare: while the entry is open, `key` is its
// handle value XOR the address of the module that owns it, so a handle is
// open and belongs to the calling module exactly when the entry's key equals
// h XOR that module's address (never 0 for a tagged handle and an aligned
// address). Closing flips key's lowest bit (the owner stays readable for
// messages): no handle value matches it again. A closed entry goes straight
// back to the free list (the most recently closed is reused first, so the
// entries a loop touches stay in cache); reusing it adds one to the recycle
// count in `self`. What the closed-handles queue reports lives in its own
// records, so it does not hold entries.
struct DebugEntry {
  intptr_t self = 0;           // the handle value of its current (or last) use
  uintptr_t key = 0;           // self ^ owner's address when open, that ^ 1 once closed
  HPy uh = HPy_NULL;           // the universal handle it wraps
  uint64_t serial = 0;         // creation order: listing open handles, generations
  uint32_t next = kDebugNone;  // free list
  DebugEntryState state = DebugEntryState::Free;
  bool has_extra = false;
};

// One closed handle as the closed-handles queue reports it.
struct DebugClosed {
  intptr_t self;
  uintptr_t key;  // the entry's key once closed (its owner)
  uint64_t serial;
};

struct DebugExtra {
  void *raw = nullptr;  // protected copy of raw data (raw_data.h)
  size_t raw_size = 0;
  char *stack = nullptr;  // allocation stack trace (malloc'ed)
};

enum class DebugBuilderKind : uint8_t { List, Tuple, Tracker };

struct DebugBuilder {
  intptr_t self = 0;
  DebugBuilderKind kind = DebugBuilderKind::List;
  bool open = false;
  uint32_t reuse = 0;
  uint32_t next_free = kDebugNone;
  intptr_t universal = 0;    // the universal builder
  std::vector<HPy> tracked;  // a tracker's debug handles
  std::string closed_by;     // "HPyListBuilder_Build", ...
};

struct DebugModule {
  uint32_t id;
  std::string name;
  std::string path;
  HPyContext base;                      // the context the library's global context pointer names
  HPyContext *ring[kDebugContextRing];  // a fresh one per call from the host
  std::atomic<uint32_t> ring_next{0};
  std::atomic<uint64_t> invalid_uses{0};
  bool composed = false;  // trace wraps it: the host passes the trace context
  // The context the library hands the extension: the trace context in
  // debug+trace, else base (set by the loader once it exists).
  HPyContext *outer = nullptr;
  // debug+trace: the ring of per-call contexts, as pairs (a copy of the trace
  // context, then the debug context its wrappers call: trace_hot.h finds it
  // at +1). Made on the module's first call, once outer is known.
  HPyContext *pairs = nullptr;
  std::once_flag pairs_once;
};

struct DebugThread {
  // A plain array, not a vector: its length check is one compare on every
  // handle the extension passes (hpy_debug_grow makes room).
  DebugEntry *entries = nullptr;
  uint32_t entry_count = 0;
  uint32_t entry_capacity = 0;
  uint32_t free_head = kDebugNone;
  // The closed-handles queue, oldest first: closed[0, closed_len) records the
  // handles in the order they were closed; the newest closed_max of them are
  // the queue. The buffer grows as handles close up to twice that, so a close
  // only appends; older records are dropped in a batch when it is full.
  std::vector<DebugClosed> closed;
  size_t closed_len = 0;
  size_t closed_cap = 0;        // closed.size(); 0 until the first close
  uint64_t closed_dropped = 0;  // records dropped so far: closes = dropped + len
  // Closed entries with raw data or a stack (DebugExtra) are kept out of the
  // free list while their handle is in the queue (the raw data stays
  // protected): entry index and the close number after which it may go.
  std::vector<std::pair<uint64_t, uint32_t>> held;
  std::unordered_map<uint32_t, DebugExtra> extras;
  uint64_t serial = 0;
  uint64_t generation = 0;
  // generation_starts[g] is the serial of the last handle made before
  // generation g + 1 began: an entry's generation is how many are below its
  // serial (so no entry stores its generation).
  std::vector<uint64_t> generation_starts;
  intptr_t env_tag = 1;
  HPyContext *current_ctx = nullptr;  // the context of the running extension call
  const DebugModule *current_module = nullptr;
  // Settings, per environment (hpy-node/debug).
  size_t closed_max = 1024;
  size_t raw_max = 10 * 1024 * 1024;
  size_t raw_protected = 0;  // bytes of closed handles' raw data still protected
  int stack_limit = 0;
  napi_ref on_invalid_handle = nullptr;
  napi_ref on_invalid_builder = nullptr;
  // What went wrong in the running call, reported when it returns (the first
  // misuse; later ones often follow from it).
  std::string violation;
  uint64_t invalid_uses = 0;  // this environment's total
  std::vector<DebugBuilder> builders;
  uint32_t builder_free = kDebugNone;
};

// Never null: a thread without debug state points at an empty one whose
// current context is none, so the per-call context check needs no null test.
extern DebugThread g_debug_no_thread;
extern __thread DebugThread *t_debug __attribute__((tls_model("initial-exec")));

inline DebugModule *hpy_debug_module(HPyContext *ctx) { return static_cast<DebugModule *>(ctx->_private); }

constexpr intptr_t kDebugReuseOne = intptr_t(1) << 40;

/* The handle value of entry value v's next use: one more recycle, wrapping
 * within the 23 bits of the count. */
inline intptr_t hpy_debug_next_use(intptr_t v) {
  return intptr_t((uint64_t(v) + uint64_t(kDebugReuseOne)) & ~(uint64_t(1) << 63));
}

inline uintptr_t hpy_debug_key(intptr_t self, const DebugModule *dm) { return uintptr_t(self) ^ reinterpret_cast<uintptr_t>(dm); }

/* The module that owns an open or closed entry (nullptr for one never used). */
inline const DebugModule *hpy_debug_entry_owner(const DebugEntry &e) {
  if (e.state == DebugEntryState::Free) return nullptr;
  uintptr_t key = e.state == DebugEntryState::Closed ? e.key ^ 1 : e.key;
  return reinterpret_cast<const DebugModule *>(key ^ uintptr_t(e.self));
}

inline const DebugModule *hpy_debug_closed_owner(const DebugClosed &c) {
  return reinterpret_cast<const DebugModule *>(c.key ^ 1 ^ uintptr_t(c.self));
}

inline uint32_t hpy_debug_index(intptr_t v) { return uint32_t(uintptr_t(v) >> 8) & (kDebugIndexLimit - 1); }
inline intptr_t hpy_debug_value(intptr_t tag, intptr_t env_tag, uint32_t index, uint32_t reuse) {
  return intptr_t((uint64_t(reuse & kDebugReuseMask) << 40) | (uint64_t(env_tag & 0xFF) << 32) | (uint64_t(index) << 8) |
                  uint64_t(tag));
}
