// HPyListBuilder_*, HPyTupleBuilder_* and HPyTracker_*.
//
// A builder is a native record of its items: Set duplicates the item's
// handle (so the value lives, and is persisted at the end of a call like
// any open handle, whatever the extension closes meanwhile), and Build
// makes the array from them in one engine call, where writing each item
// into a JavaScript array went through V8's runtime per Set.
//
// Builders and trackers live in per-thread slot tables; an id carries a
// generation, so a closed or made-up one is detected instead of touching
// freed memory.
#include <cstdlib>
#include <vector>
#include "autogen_universal.h"
#include "support.h"
#include "containers.h"
#include "../engine/engine.h"

namespace {

// Records of one kind, reused through a free list. id = generation << 32 |
// (index + 1): never 0, which names no record (a failed New).
template <typename Record>
class SlotTable {
 public:
  intptr_t open(Record **out) {
    uint32_t index = free_;
    if (index == UINT32_MAX) {
      index = uint32_t(slots_.size());
      slots_.emplace_back();
    } else {
      free_ = slots_[index].next_free;
    }
    Slot &s = slots_[index];
    s.live = true;
    s.generation++;
    *out = &s.record;
    return intptr_t((uint64_t(s.generation) << 32) | (uint64_t(index) + 1));
  }

  Record *find(intptr_t id) {
    uint64_t index = (uint64_t(id) & 0xFFFFFFFFu) - 1;
    if (id == 0 || index >= slots_.size()) return nullptr;
    Slot &s = slots_[index];
    return s.live && s.generation == uint32_t(uint64_t(id) >> 32) ? &s.record : nullptr;
  }

  void release(intptr_t id) {
    uint32_t index = uint32_t((uint64_t(id) & 0xFFFFFFFFu) - 1);
    slots_[index].live = false;
    slots_[index].next_free = free_;
    free_ = index;
  }

 private:
  struct Slot {
    Record record;
    uint32_t generation = 0;
    bool live = false;
    uint32_t next_free = UINT32_MAX;
  };
  std::vector<Slot> slots_;
  uint32_t free_ = UINT32_MAX;
};

struct Builder {
  HPy *items = nullptr;  // HPy_NULL: not set (undefined in the result)
  HPy_ssize_t size = 0;
  // A Set failed (bad index, invalid item): Set returns void, so Build
  // reports it and returns HPy_NULL.
  bool failed = false;
};

// Per thread, like the handles builders hold.
thread_local SlotTable<Builder> t_builders;

void raise_invalid_builder(ThreadState *ts, intptr_t id, const char *fn) {
  hpy_err_raise(ts, hpy_h::SystemError,
                "%s: invalid builder (%ld): it was built, cancelled, made on another thread, or never made", fn, long(id));
}

intptr_t builder_new(ThreadState *ts, HPy_ssize_t size, const char *fn) {
  if (!hpy_array_length_ok(ts, size, fn)) return 0;
  HPy *items = size ? static_cast<HPy *>(calloc(size_t(size), sizeof(HPy))) : nullptr;  // all HPy_NULL
  if (size && !items) {
    hpy_err_raise(ts, hpy_h::MemoryError, "%s: no memory for %zd items", fn, size);
    return 0;
  }
  Builder *b;
  intptr_t id = t_builders.open(&b);
  *b = Builder{items, size, false};
  return id;
}

void close_items(ThreadState *ts, Builder *b) {
  napi_value saved = ts->frame.error;
  for (HPy_ssize_t i = 0; i < b->size; i++)
    if (!HPy_IsNull(b->items[i])) hpy_close(ts, b->items[i]);
  ts->frame.error = saved;
  free(b->items);
  b->items = nullptr;
}

void builder_set(ThreadState *ts, intptr_t id, HPy_ssize_t index, HPy h_item, const char *fn) {
  if (id == 0) return;  // New failed and set the error; Build reports it
  Builder *b = t_builders.find(id);
  if (!b) return raise_invalid_builder(ts, id, fn);
  if (index < 0 || index >= b->size) {
    hpy_err_raise(ts, hpy_h::IndexError, "%s: index %zd out of range for a builder of size %zd", fn, index, b->size);
    b->failed = true;
    return;
  }
  HPy item = hpy_dup(ts, h_item);  // an invalid handle raises here
  if (HPy_IsNull(item)) {
    b->failed = true;
    return;
  }
  if (!HPy_IsNull(b->items[index])) hpy_close(ts, b->items[index]);
  b->items[index] = item;
}

HPy builder_build(ThreadState *ts, intptr_t id, bool frozen, const char *fn) {
  if (id == 0) {
    if (!ts->frame.error) hpy_err_raise(ts, hpy_h::SystemError, "%s: the builder is null (its New call failed)", fn);
    return HPy_NULL;
  }
  Builder *b = t_builders.find(id);
  if (!b) {
    raise_invalid_builder(ts, id, fn);
    return HPy_NULL;
  }
  napi_value arr = nullptr;
  if (b->failed) {
    if (!ts->frame.error) hpy_err_raise(ts, hpy_h::SystemError, "%s: an earlier Set on this builder failed", fn);
  } else {
    arr = hpy_array_of_handles(ts, b->items, b->size, frozen, true, fn);
  }
  close_items(ts, b);
  t_builders.release(id);
  return arr ? hpy_new(ts, arr) : HPy_NULL;
}

void builder_cancel(ThreadState *ts, intptr_t id, const char *fn) {
  if (id == 0) return;
  Builder *b = t_builders.find(id);
  if (!b) return raise_invalid_builder(ts, id, fn);
  close_items(ts, b);
  t_builders.release(id);
}

struct Tracker {
  std::vector<HPy> handles;
};

thread_local SlotTable<Tracker> t_trackers;

Tracker *tracker_of(ThreadState *ts, HPyTracker ht, const char *fn) {
  if (Tracker *t = t_trackers.find(ht._i)) return t;
  hpy_err_raise(ts, hpy_h::SystemError, "%s: invalid tracker (%ld): it is null, was closed, or was made on another thread", fn,
                long(ht._i));
  return nullptr;
}

}  // namespace

// ---- HPyListBuilder_* and HPyTupleBuilder_* --------------------------------------

// The two builders differ only in their C type, its field and whether Build
// freezes the array: one body for both, as number_protocol.cc does for its
// operator pairs.
#define BUILDER_FUNCTIONS(KIND, TYPE, FIELD, FROZEN)                                             \
  TYPE hpy_u_##KIND##Builder_New(HPyContext *ctx, HPy_ssize_t size) {                            \
    HPY_STATE_OR(TYPE{0});                                                                       \
    return TYPE{builder_new(ts, size, "ctx_" #KIND "Builder_New")};                              \
  }                                                                                              \
  void hpy_u_##KIND##Builder_Set(HPyContext *ctx, TYPE builder, HPy_ssize_t index, HPy h_item) { \
    HPY_STATE_OR();                                                                              \
    builder_set(ts, builder.FIELD, index, h_item, "ctx_" #KIND "Builder_Set");                   \
  }                                                                                              \
  HPy hpy_u_##KIND##Builder_Build(HPyContext *ctx, TYPE builder) {                               \
    HPY_STATE_OR(HPy_NULL);                                                                      \
    return builder_build(ts, builder.FIELD, FROZEN, "ctx_" #KIND "Builder_Build");               \
  }                                                                                              \
  void hpy_u_##KIND##Builder_Cancel(HPyContext *ctx, TYPE builder) {                             \
    HPY_STATE_OR();                                                                              \
    builder_cancel(ts, builder.FIELD, "ctx_" #KIND "Builder_Cancel");                            \
  }

BUILDER_FUNCTIONS(List, HPyListBuilder, _lst, false)
BUILDER_FUNCTIONS(Tuple, HPyTupleBuilder, _tup, true)

// ---- HPyTracker_* --------------------------------------------------------------

HPyTracker hpy_u_Tracker_New(HPyContext *ctx, HPy_ssize_t size) {
  HPY_STATE_OR(HPyTracker{0});
  if (size < 0) {
    hpy_err_raise(ts, hpy_h::SystemError, "ctx_Tracker_New: negative size %zd", size);
    return HPyTracker{0};
  }
  Tracker *t;
  intptr_t id = t_trackers.open(&t);
  t->handles.clear();
  // The size is a capacity hint; a huge one must not fail the call.
  t->handles.reserve(size_t(size < 4096 ? size : 4096));
  return HPyTracker{id};
}

int hpy_u_Tracker_Add(HPyContext *ctx, HPyTracker ht, HPy h) {
  HPY_STATE_OR(-1);
  Tracker *t = tracker_of(ts, ht, "ctx_Tracker_Add");
  if (!t) return -1;
  t->handles.push_back(h);
  return 0;
}

void hpy_u_Tracker_ForgetAll(HPyContext *ctx, HPyTracker ht) {
  HPY_STATE_OR();
  if (Tracker *t = tracker_of(ts, ht, "ctx_Tracker_ForgetAll")) t->handles.clear();
}

void hpy_u_Tracker_Close(HPyContext *ctx, HPyTracker ht) {
  HPY_STATE_OR();
  Tracker *t = tracker_of(ts, ht, "ctx_Tracker_Close");
  if (!t) return;
  // A tracked handle the extension closed itself is a double close: report
  // it (SystemError) but still close the rest and free the tracker.
  napi_value first_error = nullptr;
  napi_value saved = ts->frame.error;
  for (HPy h : t->handles) {
    ts->frame.error = nullptr;
    hpy_close(ts, h);
    if (ts->frame.error && !first_error) first_error = ts->frame.error;
  }
  ts->frame.error = first_error ? first_error : saved;
  t->handles.clear();
  t->handles.shrink_to_fit();
  t_trackers.release(ht._i);
}
