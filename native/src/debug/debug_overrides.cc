// The debug bodies native/api/debug-overrides.tsv lists: functions whose
// handles hide in arrays, builders, trackers or raw data.
#include <cstring>
#include <vector>
#include "../core/handles.h"
#include "../core/names.h"
#include "autogen_debug_overrides.h"
#include "../universal/autogen_universal.h"
#include "debug_handles.h"
#include "raw_data.h"
#include "type_checks.h"

// Ids of the functions below, for messages (ctx-functions.tsv order).
namespace {

#define DEBUG_FN_ID(name)                        \
  constexpr int fn_id = kDebugFn_##name;         \
  DebugThread *dt = hpy_debug_enter(ctx, fn_id); \
  const DebugModule *dm = hpy_debug_module(ctx)

std::vector<HPy> unwrap_all(DebugThread *dt, const DebugModule *dm, const HPy *items, size_t n, int fn_id) {
  std::vector<HPy> out(n);
  for (size_t i = 0; i < n; i++) out[i] = hpy_debug_unwrap(dt, dm, items[i], fn_id);
  return out;
}

// ---- builders and trackers: handles of their own, closed by build, cancel
// or close; a closed one is recognised by its recycle count ----

const char *kind_name(DebugBuilderKind k) {
  switch (k) {
    case DebugBuilderKind::List: return "HPyListBuilder";
    case DebugBuilderKind::Tuple: return "HPyTupleBuilder";
    case DebugBuilderKind::Tracker: return "HPyTracker";
  }
  return "builder";
}

intptr_t builder_open(DebugThread *dt, DebugBuilderKind kind, intptr_t universal) {
  uint32_t idx = dt->builder_free;
  if (idx != kDebugNone) {
    dt->builder_free = dt->builders[idx].next_free;
  } else {
    idx = uint32_t(dt->builders.size());
    dt->builders.emplace_back();
  }
  DebugBuilder &b = dt->builders[idx];
  b.self = hpy_debug_value(kDebugBuilderTag, dt->env_tag, idx, b.reuse);
  b.kind = kind;
  b.open = true;
  b.universal = universal;
  b.tracked.clear();
  b.closed_by.clear();
  return b.self;
}

void builder_close(DebugThread *dt, DebugBuilder *b, const char *by) {
  uint32_t idx = hpy_debug_index(b->self);
  b->open = false;
  b->closed_by = by;
  b->tracked.clear();
  b->reuse = (b->reuse + 1) & kDebugReuseMask;
  b->next_free = dt->builder_free;
  dt->builder_free = idx;
}

// The open builder of `kind` behind v, or nullptr after reporting (through
// on_invalid_builder_handle) why not. v == 0 is the failed New's value: no
// report, the error is already set.
DebugBuilder *builder_get(DebugThread *dt, const DebugModule *dm, intptr_t v, DebugBuilderKind kind, int fn_id) {
  if (v == 0) return nullptr;
  uint32_t idx = hpy_debug_index(v);
  if ((v & 0xFF) == kDebugBuilderTag && ((v >> 32) & 0xFF) == dt->env_tag && idx < dt->builders.size()) {
    DebugBuilder &b = dt->builders[idx];
    if (b.self == v && b.open && b.kind == kind) return &b;
    std::string what = std::string(hpy_ctx_function_names[fn_id]) + " was given " + kind_name(kind) + " " + std::to_string(v);
    if (b.self == v && b.open)
      hpy_debug_report(dt, dm, true, what + ", which is a " + kind_name(b.kind) + ", not a " + kind_name(kind));
    else if (b.reuse == ((uint32_t(uint64_t(v) >> 40) + 1) & kDebugReuseMask) && !b.closed_by.empty())
      hpy_debug_report(dt, dm, true,
                       what + ", which was already closed by " + b.closed_by + ": a builder or tracker is used once");
    else hpy_debug_report(dt, dm, true, what + ", which was already built, cancelled or closed");
    return nullptr;
  }
  hpy_debug_report(dt, dm, true,
                   std::string(hpy_ctx_function_names[fn_id]) + " was given a " + kind_name(kind) +
                       " that debug mode never made in this environment (an uninitialised value?)");
  return nullptr;
}

// Raw data of handle h: a protected copy tied to its entry. Constants have no
// entry: their data (type names) lives as long as the process anyway.
const char *protect(DebugThread *dt, const DebugModule *dm, HPy h, const char *data, size_t n) {
  if (!data || hpy_is_constant(h) || !hpy_debug_is_open(dt, dm, h)) return data;
  uint32_t idx = hpy_debug_index(h._i);
  DebugExtra &x = dt->extras[idx];
  dt->entries[idx].has_extra = true;
  // The object is immutable (JavaScript strings, frozen bytes): one copy per
  // handle serves every call.
  if (x.raw && x.raw_size == n && memcmp(x.raw, data, n) == 0) return static_cast<const char *>(x.raw);
  void *copy = hpy_debug_raw_copy(data, n);
  if (!copy) return data;
  if (x.raw) hpy_debug_raw_free(x.raw, x.raw_size);
  x.raw = copy;
  x.raw_size = n;
  return static_cast<const char *>(copy);
}

}  // namespace

HPy hpy_debug_Dup(HPyContext *ctx, HPy h) {
  DEBUG_FN_ID(Dup);
  HPy uh = hpy_debug_unwrap(dt, dm, h, fn_id);
  return hpy_debug_open(dt, dm, hpy_u_Dup(ctx, uh));
}

// NULL, a constant, or not an open handle: kept out of line, so the common
// close stays a few instructions.
static __attribute__((noinline)) void close_unusual(DebugThread *dt, const DebugModule *dm, HPy h) {
  if (h._i == 0) return;
  if (hpy_is_constant(h)) {
    hpy_debug_report(dt, dm, false,
                     "ctx_Close was given handle " + std::to_string(h._i) +
                         ", a context constant (ctx->h_...): constants cannot be closed; close only the handles "
                         "functions return (HPy_Dup a constant to get one)");
    return;
  }
  hpy_debug_unwrap_slow(dt, dm, h, kDebugFn_Close);
}

void hpy_debug_Close(HPyContext *ctx, HPy h) {
  DEBUG_FN_ID(Close);
  (void)fn_id;
  if (__builtin_expect(!hpy_debug_is_open(dt, dm, h), 0)) return close_unusual(dt, dm, h);
  uint32_t idx = hpy_debug_index(h._i);
  HPy uh = dt->entries[idx].uh;
  hpy_debug_close_entry(dt, idx);
  hpy_u_Close(ctx, uh);
}

HPy hpy_debug_Tuple_FromArray(HPyContext *ctx, const HPy *items, HPy_ssize_t n) {
  DEBUG_FN_ID(Tuple_FromArray);
  if (n < 0 || !items) return hpy_debug_open(dt, dm, hpy_u_Tuple_FromArray(ctx, items, n));
  std::vector<HPy> u = unwrap_all(dt, dm, items, size_t(n), fn_id);
  return hpy_debug_open(dt, dm, hpy_u_Tuple_FromArray(ctx, u.data(), n));
}

HPy hpy_debug_Type_GenericNew(HPyContext *ctx, HPy type, const HPy *args, HPy_ssize_t nargs, HPy kw) {
  DEBUG_FN_ID(Type_GenericNew);
  HPy u_type = hpy_debug_unwrap(dt, dm, type, fn_id);
  HPy u_kw = hpy_debug_unwrap(dt, dm, kw, fn_id);
  std::vector<HPy> u = args && nargs > 0 ? unwrap_all(dt, dm, args, size_t(nargs), fn_id) : std::vector<HPy>();
  return hpy_debug_open(dt, dm, hpy_u_Type_GenericNew(ctx, u_type, args && nargs > 0 ? u.data() : args, nargs, u_kw));
}

HPy hpy_debug_Type_FromSpec(HPyContext *ctx, HPyType_Spec *spec, HPyType_SpecParam *params) {
  DEBUG_FN_ID(Type_FromSpec);
  std::vector<HPyType_SpecParam> u;
  for (HPyType_SpecParam *p = params; p; p++) {
    u.push_back(HPyType_SpecParam{p->kind, p->kind ? hpy_debug_unwrap(dt, dm, p->object, fn_id) : p->object});
    if (p->kind == 0) break;
  }
  HPy type = hpy_u_Type_FromSpec(ctx, spec, params ? u.data() : params);
  hpy_debug_check_type_traverse(dt, dm, type);
  return hpy_debug_open(dt, dm, type);
}

// Keyword values follow the positional arguments, one per name in kwnames.
static size_t keyword_count(HPyContext *ctx, HPy u_kwnames) {
  if (u_kwnames._i == 0) return 0;
  HPy_ssize_t n = hpy_u_Length(ctx, u_kwnames);
  return n > 0 ? size_t(n) : 0;
}

HPy hpy_debug_Call(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames) {
  DEBUG_FN_ID(Call);
  HPy u_callable = hpy_debug_unwrap(dt, dm, callable, fn_id);
  HPy u_kwnames = hpy_debug_unwrap(dt, dm, kwnames, fn_id);
  size_t total = nargs + keyword_count(ctx, u_kwnames);
  std::vector<HPy> u = args ? unwrap_all(dt, dm, args, total, fn_id) : std::vector<HPy>();
  return hpy_debug_open(dt, dm, hpy_u_Call(ctx, u_callable, args ? u.data() : args, nargs, u_kwnames));
}

HPy hpy_debug_CallMethod(HPyContext *ctx, HPy name, const HPy *args, size_t nargs, HPy kwnames) {
  DEBUG_FN_ID(CallMethod);
  HPy u_name = hpy_debug_unwrap(dt, dm, name, fn_id);
  HPy u_kwnames = hpy_debug_unwrap(dt, dm, kwnames, fn_id);
  size_t total = nargs + keyword_count(ctx, u_kwnames);
  std::vector<HPy> u = args ? unwrap_all(dt, dm, args, total, fn_id) : std::vector<HPy>();
  return hpy_debug_open(dt, dm, hpy_u_CallMethod(ctx, u_name, args ? u.data() : args, nargs, u_kwnames));
}

int32_t hpy_debug_ContextVar_Get(HPyContext *ctx, HPy context_var, HPy default_value, HPy *result) {
  DEBUG_FN_ID(ContextVar_Get);
  HPy u_var = hpy_debug_unwrap(dt, dm, context_var, fn_id);
  HPy u_default = hpy_debug_unwrap(dt, dm, default_value, fn_id);
  HPy u_result = HPy_NULL;
  int32_t ret = hpy_u_ContextVar_Get(ctx, u_var, u_default, &u_result);
  if (result) *result = ret < 0 ? HPy_NULL : hpy_debug_open(dt, dm, u_result);
  return ret;
}

// HPyListBuilder and HPyTupleBuilder differ only in their field's name and
// the universal functions behind them: one debug body serves both.
namespace {
template <typename B, DebugBuilderKind K, intptr_t B::*Field, void (*Set)(HPyContext *, B, HPy_ssize_t, HPy),
          HPy (*Build)(HPyContext *, B), void (*Cancel)(HPyContext *, B)>
struct SequenceOps {
  static constexpr DebugBuilderKind kind = K;
  static intptr_t raw(B b) { return b.*Field; }
  static B of(intptr_t v) {
    B b;
    b.*Field = v;
    return b;
  }
  static constexpr auto set = Set;
  static constexpr auto build = Build;
  static constexpr auto cancel = Cancel;
};

template <typename B>
struct Sequence;
template <>
struct Sequence<HPyListBuilder> : SequenceOps<HPyListBuilder, DebugBuilderKind::List, &HPyListBuilder::_lst,
                                              hpy_u_ListBuilder_Set, hpy_u_ListBuilder_Build, hpy_u_ListBuilder_Cancel> {
  static constexpr const char *built_by = "HPyListBuilder_Build", *cancelled_by = "HPyListBuilder_Cancel";
};
template <>
struct Sequence<HPyTupleBuilder> : SequenceOps<HPyTupleBuilder, DebugBuilderKind::Tuple, &HPyTupleBuilder::_tup,
                                               hpy_u_TupleBuilder_Set, hpy_u_TupleBuilder_Build, hpy_u_TupleBuilder_Cancel> {
  static constexpr const char *built_by = "HPyTupleBuilder_Build", *cancelled_by = "HPyTupleBuilder_Cancel";
};

template <typename B>
B sequence_new(DebugThread *dt, B universal) {
  using S = Sequence<B>;
  return S::raw(universal) == 0 ? universal : S::of(builder_open(dt, S::kind, S::raw(universal)));
}

template <typename B>
void sequence_set(HPyContext *ctx, DebugThread *dt, const DebugModule *dm, int fn_id, B builder, HPy_ssize_t index, HPy h_item) {
  using S = Sequence<B>;
  DebugBuilder *b = builder_get(dt, dm, S::raw(builder), S::kind, fn_id);
  HPy u_item = hpy_debug_unwrap(dt, dm, h_item, fn_id);
  if (b) S::set(ctx, S::of(b->universal), index, u_item);
}

template <typename B>
HPy sequence_build(HPyContext *ctx, DebugThread *dt, const DebugModule *dm, int fn_id, B builder) {
  using S = Sequence<B>;
  DebugBuilder *b = builder_get(dt, dm, S::raw(builder), S::kind, fn_id);
  if (!b) return HPy_NULL;
  HPy u = S::build(ctx, S::of(b->universal));
  builder_close(dt, b, S::built_by);
  return hpy_debug_open(dt, dm, u);
}

template <typename B>
void sequence_cancel(HPyContext *ctx, DebugThread *dt, const DebugModule *dm, int fn_id, B builder) {
  using S = Sequence<B>;
  DebugBuilder *b = builder_get(dt, dm, S::raw(builder), S::kind, fn_id);
  if (!b) return;
  S::cancel(ctx, S::of(b->universal));
  builder_close(dt, b, S::cancelled_by);
}
}  // namespace

HPyListBuilder hpy_debug_ListBuilder_New(HPyContext *ctx, HPy_ssize_t size) {
  DEBUG_FN_ID(ListBuilder_New);
  (void)dm;
  return sequence_new(dt, hpy_u_ListBuilder_New(ctx, size));
}

void hpy_debug_ListBuilder_Set(HPyContext *ctx, HPyListBuilder builder, HPy_ssize_t index, HPy h_item) {
  DEBUG_FN_ID(ListBuilder_Set);
  sequence_set(ctx, dt, dm, fn_id, builder, index, h_item);
}

HPy hpy_debug_ListBuilder_Build(HPyContext *ctx, HPyListBuilder builder) {
  DEBUG_FN_ID(ListBuilder_Build);
  return sequence_build(ctx, dt, dm, fn_id, builder);
}

void hpy_debug_ListBuilder_Cancel(HPyContext *ctx, HPyListBuilder builder) {
  DEBUG_FN_ID(ListBuilder_Cancel);
  sequence_cancel(ctx, dt, dm, fn_id, builder);
}

HPyTupleBuilder hpy_debug_TupleBuilder_New(HPyContext *ctx, HPy_ssize_t size) {
  DEBUG_FN_ID(TupleBuilder_New);
  (void)dm;
  return sequence_new(dt, hpy_u_TupleBuilder_New(ctx, size));
}

void hpy_debug_TupleBuilder_Set(HPyContext *ctx, HPyTupleBuilder builder, HPy_ssize_t index, HPy h_item) {
  DEBUG_FN_ID(TupleBuilder_Set);
  sequence_set(ctx, dt, dm, fn_id, builder, index, h_item);
}

HPy hpy_debug_TupleBuilder_Build(HPyContext *ctx, HPyTupleBuilder builder) {
  DEBUG_FN_ID(TupleBuilder_Build);
  return sequence_build(ctx, dt, dm, fn_id, builder);
}

void hpy_debug_TupleBuilder_Cancel(HPyContext *ctx, HPyTupleBuilder builder) {
  DEBUG_FN_ID(TupleBuilder_Cancel);
  sequence_cancel(ctx, dt, dm, fn_id, builder);
}

// A debug tracker keeps the debug handles themselves, so closing it goes
// through hpy_debug_Close and every close is checked and recorded.
HPyTracker hpy_debug_Tracker_New(HPyContext *ctx, HPy_ssize_t size) {
  DEBUG_FN_ID(Tracker_New);
  (void)dm;
  if (size < 0) return hpy_u_Tracker_New(ctx, size);  // its error
  return HPyTracker{builder_open(dt, DebugBuilderKind::Tracker, 0)};
}

int hpy_debug_Tracker_Add(HPyContext *ctx, HPyTracker ht, HPy h) {
  DEBUG_FN_ID(Tracker_Add);
  DebugBuilder *b = builder_get(dt, dm, ht._i, DebugBuilderKind::Tracker, fn_id);
  if (!b) return -1;
  b->tracked.push_back(h);
  return 0;
}

void hpy_debug_Tracker_ForgetAll(HPyContext *ctx, HPyTracker ht) {
  DEBUG_FN_ID(Tracker_ForgetAll);
  if (DebugBuilder *b = builder_get(dt, dm, ht._i, DebugBuilderKind::Tracker, fn_id)) b->tracked.clear();
}

void hpy_debug_Tracker_Close(HPyContext *ctx, HPyTracker ht) {
  DEBUG_FN_ID(Tracker_Close);
  DebugBuilder *b = builder_get(dt, dm, ht._i, DebugBuilderKind::Tracker, fn_id);
  if (!b) return;
  std::vector<HPy> tracked;
  tracked.swap(b->tracked);
  builder_close(dt, b, "HPyTracker_Close");
  for (HPy h : tracked) hpy_debug_Close(ctx, h);
}

const char *hpy_debug_Unicode_AsUTF8AndSize(HPyContext *ctx, HPy h, HPy_ssize_t *size) {
  DEBUG_FN_ID(Unicode_AsUTF8AndSize);
  HPy_ssize_t n = 0;
  const char *data = hpy_u_Unicode_AsUTF8AndSize(ctx, hpy_debug_unwrap(dt, dm, h, fn_id), &n);
  if (size) *size = n;
  if (!data) return nullptr;
  return protect(dt, dm, h, data, size_t(n) + 1);
}

static const char *bytes_data(HPyContext *ctx, HPy h, bool checked, int fn_id) {
  DebugThread *dt = hpy_debug_enter(ctx, fn_id);
  const DebugModule *dm = hpy_debug_module(ctx);
  HPy uh = hpy_debug_unwrap(dt, dm, h, fn_id);
  const char *data = checked ? hpy_u_Bytes_AsString(ctx, uh) : hpy_u_Bytes_AS_STRING(ctx, uh);
  if (!data) return nullptr;
  HPy_ssize_t n = hpy_u_Bytes_Size(ctx, uh);
  return n < 0 ? data : protect(dt, dm, h, data, size_t(n) + 1);
}

const char *hpy_debug_Bytes_AsString(HPyContext *ctx, HPy h) { return bytes_data(ctx, h, true, kDebugFn_Bytes_AsString); }

const char *hpy_debug_Bytes_AS_STRING(HPyContext *ctx, HPy h) { return bytes_data(ctx, h, false, kDebugFn_Bytes_AS_STRING); }

const char *hpy_debug_Type_GetName(HPyContext *ctx, HPy type) {
  DEBUG_FN_ID(Type_GetName);
  const char *name = hpy_u_Type_GetName(ctx, hpy_debug_unwrap(dt, dm, type, fn_id));
  return name ? protect(dt, dm, type, name, strlen(name) + 1) : nullptr;
}
