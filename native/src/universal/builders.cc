// HPyListBuilder_*, HPyTupleBuilder_* and HPyTracker_*.
//
// A builder is the array it fills, held by a handle the host allocates and
// the extension never sees as such: the builder's _lst/_tup is that handle's
// value. So the array lives (and is persisted at the end of a call, like any
// open handle) until Build or Cancel, whatever the extension closes in
// between; Build hands the same handle over as the result.
//
// A tracker is a native vector of handles in a per-thread slot table; its id
// carries a generation, so a closed or made-up tracker is detected instead of
// touching freed memory.
#include <new>
#include <unordered_set>
#include <vector>
#include "autogen_universal.h"
#include "support.h"
#include "containers.h"
#include "../engine/engine.h"

namespace {

// Builders whose Set failed (bad index, invalid item): Set returns void, so
// the failure is reported by Build, which returns HPy_NULL. Per thread, like
// the handles that name builders.
thread_local std::unordered_set<intptr_t> t_failed_builders;

HPy builder_new(ThreadState *ts, HPy_ssize_t size, const char *fn) {
  napi_value arr = hpy_new_filled_array(ts, size, fn);
  return arr ? hpy_new(ts, arr) : HPy_NULL;
}

void builder_set(ThreadState *ts, intptr_t id, HPy_ssize_t index, HPy h_item, const char *fn) {
  if (id == 0) return;  // New failed and set the error; Build reports it
  napi_value arr = hpy_value(ts, HPy{id});
  napi_value item = arr ? hpy_value(ts, h_item) : nullptr;
  if (item && hpy_engine_array_set(arr, index, item) == 1) return;  // one engine call
  uint32_t len = 0;
  if (item && HPY_NAPI_OK(ts, napi_get_array_length(ts->env, arr, &len))) {
    if (index >= 0 && uint64_t(index) < len) {
      if (HPY_NAPI_OK(ts, napi_set_element(ts->env, arr, uint32_t(index), item))) return;
    } else {
      hpy_err_raise(ts, hpy_h::IndexError, "%s: index %zd out of range for a builder of size %u", fn, index,
                    len);
    }
  }
  t_failed_builders.insert(id);
}

HPy builder_build(ThreadState *ts, intptr_t id, bool freeze, const char *fn) {
  if (id == 0) {
    if (!ts->error)
      hpy_err_raise(ts, hpy_h::SystemError, "%s: the builder is null (its New call failed)", fn);
    return HPy_NULL;
  }
  HPy h{id};
  if (t_failed_builders.erase(id)) {
    napi_value saved = ts->error;
    hpy_close(ts, h);
    ts->error = saved;
    if (!ts->error)
      hpy_err_raise(ts, hpy_h::SystemError, "%s: an earlier Set on this builder failed", fn);
    return HPy_NULL;
  }
  napi_value arr = hpy_value(ts, h);
  if (!arr) return HPy_NULL;
  if (freeze && !hpy_engine_freeze(arr)) {
    hpy_err_napi(ts, napi_pending_exception, fn);
    return HPy_NULL;
  }
  return h;  // the builder's handle becomes the caller's
}

void builder_cancel(ThreadState *ts, intptr_t id) {
  if (id == 0) return;
  t_failed_builders.erase(id);
  hpy_close(ts, HPy{id});
}

struct TrackerSlot {
  std::vector<HPy> handles;
  uint32_t generation = 0;
  bool live = false;
  uint32_t next_free = UINT32_MAX;
};

thread_local std::vector<TrackerSlot> t_trackers;
thread_local uint32_t t_tracker_free = UINT32_MAX;

// id = generation << 32 | (index + 1): never 0, the null tracker.
intptr_t tracker_id(uint32_t index, uint32_t generation) {
  return intptr_t((uint64_t(generation) << 32) | (uint64_t(index) + 1));
}

TrackerSlot *tracker_slot(ThreadState *ts, HPyTracker ht, const char *fn) {
  uint64_t id = uint64_t(ht._i);
  uint64_t index = (id & 0xFFFFFFFFu) - 1;
  if (ht._i != 0 && index < t_trackers.size()) {
    TrackerSlot &s = t_trackers[index];
    if (s.live && s.generation == uint32_t(id >> 32)) return &s;
  }
  hpy_err_raise(ts, hpy_h::SystemError,
                "%s: invalid tracker (%ld): it is null, was closed, or was made on another thread", fn, long(ht._i));
  return nullptr;
}

}  // namespace

// ---- HPyListBuilder_* and HPyTupleBuilder_* --------------------------------------

// The two builders differ only in their C type, its field and whether Build
// freezes the array: one body for both, as number_protocol.cc does for its
// operator pairs.
#define BUILDER_FUNCTIONS(KIND, TYPE, FIELD, FROZEN)                                                   \
  TYPE hpy_u_##KIND##Builder_New(HPyContext *ctx, HPy_ssize_t size) {                                  \
    HPY_STATE_OR(TYPE{0});                                                                             \
    return TYPE{builder_new(ts, size, "ctx_" #KIND "Builder_New")._i};                                 \
  }                                                                                                    \
  void hpy_u_##KIND##Builder_Set(HPyContext *ctx, TYPE builder, HPy_ssize_t index, HPy h_item) {       \
    HPY_STATE_OR();                                                                                    \
    builder_set(ts, builder.FIELD, index, h_item, "ctx_" #KIND "Builder_Set");                         \
  }                                                                                                    \
  HPy hpy_u_##KIND##Builder_Build(HPyContext *ctx, TYPE builder) {                                     \
    HPY_STATE_OR(HPy_NULL);                                                                            \
    return builder_build(ts, builder.FIELD, FROZEN, "ctx_" #KIND "Builder_Build");                     \
  }                                                                                                    \
  void hpy_u_##KIND##Builder_Cancel(HPyContext *ctx, TYPE builder) {                                   \
    HPY_STATE_OR();                                                                                    \
    builder_cancel(ts, builder.FIELD);                                                                 \
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
  uint32_t index = t_tracker_free;
  if (index == UINT32_MAX) {
    index = uint32_t(t_trackers.size());
    t_trackers.emplace_back();
  } else {
    t_tracker_free = t_trackers[index].next_free;
  }
  TrackerSlot &s = t_trackers[index];
  s.live = true;
  s.generation++;
  s.handles.clear();
  // The size is a capacity hint; a huge one must not fail the call.
  s.handles.reserve(size_t(size < 4096 ? size : 4096));
  return HPyTracker{tracker_id(index, s.generation)};
}

int hpy_u_Tracker_Add(HPyContext *ctx, HPyTracker ht, HPy h) {
  HPY_STATE_OR(-1);
  TrackerSlot *s = tracker_slot(ts, ht, "ctx_Tracker_Add");
  if (!s) return -1;
  s->handles.push_back(h);
  return 0;
}

void hpy_u_Tracker_ForgetAll(HPyContext *ctx, HPyTracker ht) {
  HPY_STATE_OR();
  if (TrackerSlot *s = tracker_slot(ts, ht, "ctx_Tracker_ForgetAll")) s->handles.clear();
}

void hpy_u_Tracker_Close(HPyContext *ctx, HPyTracker ht) {
  HPY_STATE_OR();
  TrackerSlot *s = tracker_slot(ts, ht, "ctx_Tracker_Close");
  if (!s) return;
  // A tracked handle the extension closed itself is a double close: report
  // it (SystemError) but still close the rest and free the tracker.
  napi_value first_error = nullptr;
  napi_value saved = ts->error;
  for (HPy h : s->handles) {
    ts->error = nullptr;
    hpy_close(ts, h);
    if (ts->error && !first_error) first_error = ts->error;
  }
  ts->error = first_error ? first_error : saved;
  s->handles.clear();
  s->handles.shrink_to_fit();
  s->live = false;
  uint32_t index = uint32_t((uint64_t(ht._i) & 0xFFFFFFFFu) - 1);
  s->next_free = t_tracker_free;
  t_tracker_free = index;
}
