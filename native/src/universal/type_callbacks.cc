// What JavaScript calls on classes made by HPyType_FromSpec and on their
// instances: the constructor (tp_new, tp_init), methods, members, getsets and
// slot functions. Each one opens a frame (handles, errors), checks `this`,
// and calls the extension through hpy_extension_call (core/extension_call.h).
//
// Slots are reachable from JavaScript as methods keyed by registry symbols,
// Symbol.for('hpy.nb_add') and so on (the runtime helpers call them for the
// HPy protocol: HPy_Add, HPy_GetItem, ...), plus the natural JavaScript names
// where there is one: toString (tp_str, else tp_repr), util.inspect.custom
// (tp_repr), valueOf (nb_float, else nb_int, else nb_index). HPy 0.9.0 has
// no tp_iter/tp_iternext slots: an iterable type defines a method.
#include <cstring>
#include <string>
#include <cinttypes>
#include <utility>
#include "../core/frame.h"
#include "../core/kwargs.h"
#include "describe.h"
#include "types.h"
#include "type_shapes.h"

namespace {

constexpr size_t kStackArgs = 8;

struct SlotInfo {
  int slot;
  const char *name;
  HPyFunc_Signature sig;
};

const SlotInfo kSlots[] = {
    {HPy_mp_ass_subscript, "mp_ass_subscript", HPyFunc_OBJOBJARGPROC},
    {HPy_mp_length, "mp_length", HPyFunc_LENFUNC},
    {HPy_mp_subscript, "mp_subscript", HPyFunc_BINARYFUNC},
    {HPy_nb_absolute, "nb_absolute", HPyFunc_UNARYFUNC},
    {HPy_nb_add, "nb_add", HPyFunc_BINARYFUNC},
    {HPy_nb_and, "nb_and", HPyFunc_BINARYFUNC},
    {HPy_nb_bool, "nb_bool", HPyFunc_INQUIRY},
    {HPy_nb_divmod, "nb_divmod", HPyFunc_BINARYFUNC},
    {HPy_nb_float, "nb_float", HPyFunc_UNARYFUNC},
    {HPy_nb_floor_divide, "nb_floor_divide", HPyFunc_BINARYFUNC},
    {HPy_nb_index, "nb_index", HPyFunc_UNARYFUNC},
    {HPy_nb_inplace_add, "nb_inplace_add", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_and, "nb_inplace_and", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_floor_divide, "nb_inplace_floor_divide", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_lshift, "nb_inplace_lshift", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_multiply, "nb_inplace_multiply", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_or, "nb_inplace_or", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_power, "nb_inplace_power", HPyFunc_TERNARYFUNC},
    {HPy_nb_inplace_remainder, "nb_inplace_remainder", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_rshift, "nb_inplace_rshift", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_subtract, "nb_inplace_subtract", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_true_divide, "nb_inplace_true_divide", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_xor, "nb_inplace_xor", HPyFunc_BINARYFUNC},
    {HPy_nb_int, "nb_int", HPyFunc_UNARYFUNC},
    {HPy_nb_invert, "nb_invert", HPyFunc_UNARYFUNC},
    {HPy_nb_lshift, "nb_lshift", HPyFunc_BINARYFUNC},
    {HPy_nb_multiply, "nb_multiply", HPyFunc_BINARYFUNC},
    {HPy_nb_negative, "nb_negative", HPyFunc_UNARYFUNC},
    {HPy_nb_or, "nb_or", HPyFunc_BINARYFUNC},
    {HPy_nb_positive, "nb_positive", HPyFunc_UNARYFUNC},
    {HPy_nb_power, "nb_power", HPyFunc_TERNARYFUNC},
    {HPy_nb_remainder, "nb_remainder", HPyFunc_BINARYFUNC},
    {HPy_nb_rshift, "nb_rshift", HPyFunc_BINARYFUNC},
    {HPy_nb_subtract, "nb_subtract", HPyFunc_BINARYFUNC},
    {HPy_nb_true_divide, "nb_true_divide", HPyFunc_BINARYFUNC},
    {HPy_nb_xor, "nb_xor", HPyFunc_BINARYFUNC},
    {HPy_nb_matrix_multiply, "nb_matrix_multiply", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_matrix_multiply, "nb_inplace_matrix_multiply", HPyFunc_BINARYFUNC},
    {HPy_sq_ass_item, "sq_ass_item", HPyFunc_SSIZEOBJARGPROC},
    {HPy_sq_concat, "sq_concat", HPyFunc_BINARYFUNC},
    {HPy_sq_contains, "sq_contains", HPyFunc_OBJOBJPROC},
    {HPy_sq_inplace_concat, "sq_inplace_concat", HPyFunc_BINARYFUNC},
    {HPy_sq_inplace_repeat, "sq_inplace_repeat", HPyFunc_SSIZEARGFUNC},
    {HPy_sq_item, "sq_item", HPyFunc_SSIZEARGFUNC},
    {HPy_sq_length, "sq_length", HPyFunc_LENFUNC},
    {HPy_sq_repeat, "sq_repeat", HPyFunc_SSIZEARGFUNC},
    {HPy_tp_call, "tp_call", HPyFunc_KEYWORDS},
    {HPy_tp_hash, "tp_hash", HPyFunc_HASHFUNC},
    {HPy_tp_repr, "tp_repr", HPyFunc_REPRFUNC},
    {HPy_tp_richcompare, "tp_richcompare", HPyFunc_RICHCMPFUNC},
    {HPy_tp_str, "tp_str", HPyFunc_REPRFUNC},
};

const SlotInfo *slot_info(int slot) {
  // By slot number (all below 82), built once: slot calls look it up each time.
  static const auto *by_slot = [] {
    static const SlotInfo *table[82] = {};
    for (const SlotInfo &s : kSlots) table[s.slot] = &s;
    return table;
  }();
  return slot >= 0 && slot < 82 ? by_slot[slot] : nullptr;
}

napi_value throw_error(napi_env env, ThreadState *ts, HPy type, const char *fmt, const char *a, const char *b = "") {
  // Raised outside any frame: build the exception in one, then throw it.
  Frame f = hpy_frame_begin(ts);
  hpy_err_raise(ts, type, fmt, a, b);
  return hpy_frame_end(f, HPy_NULL, "hpy-node");
}

ThreadState *state(napi_env env) {
  ThreadState *ts = hpy_thread_state_of(env);
  if (!ts) napi_throw_error(env, nullptr, "hpy-node: this thread's HPy runtime is gone (its environment is shutting down)");
  return ts;
}

// The arguments of a JavaScript call as HPy handles. `dict_kw`: keywords as
// one handle to the kwargs() object (tp_new, tp_init take a dict); else as
// HPy's vectorcall convention (values after the positional ones, kwnames).
// Up to kStackArgs arguments need no heap memory.
struct Args {
  napi_value stack[kStackArgs];
  std::vector<napi_value> heap;
  napi_value *argv = stack;
  size_t argc = kStackArgs;
  napi_value self = nullptr;
  napi_value new_target = nullptr;
  void *data = nullptr;
  HPy handle_stack[kStackArgs];
  std::vector<HPy> handle_heap;
  HPy *handles = handle_stack;
  size_t nhandles = 0;
  size_t npos = 0;
  HPy kw = HPy_NULL;
  int kws = -1;  // keywords(), once known

  void read(napi_env env, napi_callback_info info, bool constructor = false) {
    napi_get_cb_info(env, info, &argc, stack, &self, &data);
    if (argc > kStackArgs) {
      heap.resize(argc);
      napi_get_cb_info(env, info, &argc, heap.data(), nullptr, nullptr);
      argv = heap.data();
    }
    if (constructor) napi_get_new_target(env, info, &new_target);
  }
  bool keywords(napi_env env) {
    if (kws < 0) kws = argc > 0 && hpy_is_kwargs(env, argv[argc - 1]);
    return kws != 0;
  }

  bool make_handles(ThreadState *ts, bool dict_kw) {
    napi_env env = ts->env;
    bool with_kw = keywords(env);
    npos = with_kw ? argc - 1 : argc;
    if (!with_kw || dict_kw) {
      if (npos > kStackArgs) {
        handle_heap.resize(npos);
        handles = handle_heap.data();
      }
      for (size_t i = 0; i < npos; i++) handles[i] = hpy_new(ts, argv[i]);
      nhandles = npos;
      if (with_kw) kw = hpy_new(ts, argv[argc - 1]);
      return true;
    }
    handle_heap.reserve(argc + 4);
    for (size_t i = 0; i < npos; i++) handle_heap.push_back(hpy_new(ts, argv[i]));
    bool ok = keyword_values(ts, argv[argc - 1]);
    handles = handle_heap.data();
    nhandles = handle_heap.size();
    return ok;
  }

  // The values of a kwargs() object after the positional handles, and kw the
  // tuple of their names (none: HPy_NULL).
  bool keyword_values(ThreadState *ts, napi_value obj) {
    napi_env env = ts->env;
    napi_value names;
    uint32_t n = 0;
    if (!HPY_NAPI_OK(ts, napi_get_property_names(env, obj, &names)) || !HPY_NAPI_OK(ts, napi_get_array_length(env, names, &n)))
      return false;
    if (n == 0) return true;
    for (uint32_t i = 0; i < n; i++) {
      napi_value key, value;
      if (!HPY_NAPI_OK(ts, napi_get_element(env, names, i, &key)) || !HPY_NAPI_OK(ts, napi_get_property(env, obj, key, &value)))
        return false;
      handle_heap.push_back(hpy_new(ts, value));
    }
    napi_object_freeze(env, names);  // a tuple is a frozen array
    kw = hpy_new(ts, names);
    return true;
  }

  void close(ThreadState *ts) {
    for (size_t i = 0; i < nhandles; i++)
      if (hpy_entry(ts, handles[i])) hpy_close(ts, handles[i]);
    if (!HPy_IsNull(kw) && hpy_entry(ts, kw)) hpy_close(ts, kw);
  }
};

// An ExtensionCall built field by field: GCC clears a brace-initialized one
// with `rep stos`, whose start-up cost was 4% of a method call.
ExtensionCall make_call(HPyContext *ctx, HPyFunc_Signature sig, HPyCFunction impl, HPy a = HPy_NULL, HPy b = HPy_NULL) {
  ExtensionCall call;
  call.ctx = ctx;
  call.sig = sig;
  call.impl = impl;
  call.a = a;
  call.b = b;
  return call;
}

void close_open(ThreadState *ts, HPy h) {
  if (hpy_entry(ts, h)) hpy_close(ts, h);
}

__attribute__((noinline)) InstanceData *not_an_instance(napi_env env, ThreadState *ts, const TypeDefRecord *d, const char *what) {
  throw_error(env, ts, hpy_h::TypeError, "%s of '%s' objects called on an object that is not one", what, d->owner->name.c_str());
  return nullptr;
}

// `this` as an instance of `owner` (or a subtype), or null after throwing.
inline InstanceData *self_instance(napi_env env, ThreadState *ts, napi_value self, const TypeDefRecord *d, const char *what) {
  InstanceData *inst = self ? hpy_instance_data(env, self) : nullptr;
  if (__builtin_expect(inst && (inst->type == d->owner || inst->type->is_subtype_of(d->owner)), 1)) return inst;
  return not_an_instance(env, ts, d, what);
}

// ---- construction ----------------------------------------------------------

bool is_instance_of(napi_env env, napi_value v, napi_value cls) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || (t != napi_object && t != napi_function)) return false;
  bool r = false;
  return napi_instanceof(env, v, cls, &r) == napi_ok && r;
}

}  // namespace

napi_value hpy_type_construct(napi_env env, napi_callback_info info) {
  Args a;
  a.read(env, info, true);
  auto *rec = static_cast<TypeRecord *>(a.data);
  ThreadState *ts = state(env);
  if (!ts) return nullptr;
  if (!a.new_target) return throw_error(env, ts, hpy_h::TypeError, "Class constructor %s cannot be invoked without 'new'", rec->short_name.c_str());
  // `new` on the class itself (the common case) is known by its wrap alone:
  // only that class carries this record.
  void *wrapped = nullptr;
  TypeRecord *target_rec = napi_unwrap(env, a.new_target, &wrapped) == napi_ok && wrapped == rec ? rec : nullptr;
  if (!(rec->flags & HPy_TPFLAGS_BASETYPE) && target_rec != rec)
    return throw_error(env, ts, hpy_h::TypeError, "type '%s' is not an acceptable base type (it has no HPy_TPFLAGS_BASETYPE)", rec->name.c_str());
  Frame frame = hpy_frame_begin(ts);
  PendingConstruction pending{a.self, a.new_target, false, target_rec};
  PendingConstruction *outer = hpy_pending_construction();
  hpy_pending_construction() = &pending;
  HPy cls = hpy_new(ts, a.new_target);
  HPy result = HPy_NULL;
  HPyCFunction tp_new = rec->slot(HPy_tp_new), tp_init = rec->slot(HPy_tp_init);
  if (a.make_handles(ts, true)) {
    if (tp_new) {
      ExtensionCall call = make_call(rec->ctx, HPyFunc_NEWFUNC, tp_new, cls);
      call.args = a.handles;
      call.nargs = a.npos;
      call.kw = a.kw;
      result = hpy_extension_call(call).h;
      // JavaScript's `new` would turn a primitive into the empty `this`.
      napi_value r = HPy_IsNull(result) ? nullptr : hpy_value(ts, result);
      napi_valuetype t = napi_object;
      if (r && napi_typeof(env, r, &t) == napi_ok && t != napi_object && t != napi_function) {
        hpy_err_raise(ts, hpy_h::TypeError, "%s: tp_new returned %s, not an object: JavaScript's `new` gives objects only; return an instance (HPy_New) or another object",
                      rec->name.c_str(), hpy_describe_type(ts, r));
        close_open(ts, result);
        result = HPy_NULL;
      }
    } else if (hpy_shape_builtin(rec->shape)) {
      napi_value obj = hpy_shape_instance_new(ts, a.new_target, rec, nullptr, a.argv, a.npos, a.npos < a.argc ? a.argv[a.npos] : nullptr);
      if (obj) result = hpy_new(ts, obj);
    } else if ((a.npos > 0 || !HPy_IsNull(a.kw)) && !tp_init) {
      hpy_err_raise(ts, hpy_h::TypeError, "%s() takes no arguments", rec->short_name.c_str());
    } else {
      napi_value obj = hpy_instance_new(ts, a.new_target, rec, nullptr);
      if (obj) result = hpy_new(ts, obj);
    }
  }
  if (!HPy_IsNull(result) && tp_init && !ts->error) {
    napi_value r = hpy_value(ts, result);
    if (r && (r == a.self || is_instance_of(env, r, a.new_target))) {
      ExtensionCall call = make_call(rec->ctx, HPyFunc_INITPROC, tp_init, result);
      call.args = a.handles;
      call.nargs = a.npos;
      call.kw = a.kw;
      if (hpy_extension_call(call).status < 0) {
        close_open(ts, result);
        result = HPy_NULL;
      }
    }
  }
  hpy_pending_construction() = outer;
  close_open(ts, cls);
  a.close(ts);
  return hpy_frame_end(frame, result, rec->name.c_str());
}

namespace {

// ---- methods -----------------------------------------------------------------

napi_value method_call(napi_env env, napi_callback_info info) {
  Args a;
  a.read(env, info);
  auto *d = static_cast<TypeDefRecord *>(a.data);
  const HPyMeth &m = d->def->meth;
  ThreadState *ts = state(env);
  if (!ts) return nullptr;
  InstanceData *inst = self_instance(env, ts, a.self, d, m.name);
  if (!inst) return nullptr;
  bool kws = a.keywords(env);
  size_t npos = kws ? a.argc - 1 : a.argc;
  if (kws && m.signature != HPyFunc_KEYWORDS)
    return throw_error(env, ts, hpy_h::TypeError, "%s() takes no keyword arguments", m.name);
  if (m.signature == HPyFunc_NOARGS && npos != 0)
    return throw_error(env, ts, hpy_h::TypeError, "%s() takes no arguments", m.name);
  if (m.signature == HPyFunc_O && npos != 1)
    return throw_error(env, ts, hpy_h::TypeError, "%s() takes exactly one argument", m.name);
  Frame frame = hpy_frame_begin(ts);
  HPy self = hpy_frame_self(frame, a.self);
  HPy result = HPy_NULL;
  ExtensionCall call = make_call(d->owner->ctx, m.signature, m.impl, self);
  bool ready = true;
  if (m.signature == HPyFunc_O) {
    call.b = a.handles[0] = hpy_new(ts, a.argv[0]);
    a.nhandles = 1;
  } else if (m.signature != HPyFunc_NOARGS) {
    ready = a.make_handles(ts, false);
    call.args = a.handles;
    call.nargs = a.npos;
    call.kw = a.kw;
  }
  if (ready) {
    CurrentInstance current(a.self, inst);
    result = hpy_extension_call(call).h;
  }
  if (a.nhandles || !HPy_IsNull(a.kw)) a.close(ts);
  return hpy_frame_end(frame, result, m.name);
}

// NOARGS methods (p.sum()): no argument arrays or keyword check. A call
// with arguments goes to method_call, which reports it.
napi_value method_call_noargs(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  napi_value this_arg = nullptr;
  void *data = nullptr;
  napi_get_cb_info(env, info, &argc, nullptr, &this_arg, &data);
  if (__builtin_expect(argc != 0, 0)) return method_call(env, info);
  auto *d = static_cast<TypeDefRecord *>(data);
  const HPyMeth &m = d->def->meth;
  ThreadState *ts = state(env);
  if (!ts) return nullptr;
  InstanceData *inst = self_instance(env, ts, this_arg, d, m.name);
  if (!inst) return nullptr;
  Frame frame = hpy_frame_begin(ts);
  HPy self = hpy_frame_self(frame, this_arg);
  HPy result;
  {
    CurrentInstance current(this_arg, inst);
    result = hpy_extension_call_noargs(make_call(d->owner->ctx, HPyFunc_NOARGS, m.impl, self));
  }
  return hpy_frame_end(frame, result, m.name);
}

// ---- members -------------------------------------------------------------------

napi_value number_or_bigint(napi_env env, int64_t v) {
  napi_value out;
  if (v > (int64_t(1) << 53) || v < -(int64_t(1) << 53)) napi_create_bigint_int64(env, v, &out);
  else napi_create_int64(env, v, &out);
  return out;
}

napi_value unsigned_number_or_bigint(napi_env env, uint64_t v) {
  napi_value out;
  if (v > (uint64_t(1) << 53)) napi_create_bigint_uint64(env, v, &out);
  else napi_create_double(env, double(v), &out);
  return out;
}

napi_value undef_value(napi_env env) {
  napi_value v;
  napi_get_undefined(env, &v);
  return v;
}

template <typename T>
T load(const char *p) {
  T v;
  memcpy(&v, p, sizeof v);
  return v;
}

template <typename T>
void store(char *p, T v) {
  memcpy(p, &v, sizeof v);
}

// What a member accessor works on: its definition and the instance's memory.
// False with a JavaScript exception pending.
struct MemberAccess {
  Args a;
  const TypeDefRecord *d = nullptr;
  const HPyMember *m = nullptr;
  ThreadState *ts = nullptr;
  InstanceData *inst = nullptr;

  bool begin(napi_env env, napi_callback_info info) {
    a.read(env, info);
    d = static_cast<TypeDefRecord *>(a.data);
    m = &d->def->member;
    ts = state(env);
    if (!ts) return false;
    inst = self_instance(env, ts, a.self, d, m->name);
    return inst != nullptr;
  }
};

napi_value member_get(napi_env env, napi_callback_info info) {
  MemberAccess acc;
  if (!acc.begin(env, info)) return nullptr;
  const Args &a = acc.a;
  const TypeDefRecord *d = acc.d;
  const HPyMember &m = *acc.m;
  ThreadState *ts = acc.ts;
  const char *p = acc.inst->payload() + m.offset;
  napi_value out = nullptr;
  switch (m.type) {
    case HPyMember_SHORT: return number_or_bigint(env, load<short>(p));
    case HPyMember_INT: return number_or_bigint(env, load<int>(p));
    case HPyMember_LONG: return number_or_bigint(env, load<long>(p));
    case HPyMember_LONGLONG: return number_or_bigint(env, load<long long>(p));
    case HPyMember_HPYSSIZET: return number_or_bigint(env, load<HPy_ssize_t>(p));
    case HPyMember_BYTE: return number_or_bigint(env, load<signed char>(p));
    case HPyMember_UBYTE: return number_or_bigint(env, load<unsigned char>(p));
    case HPyMember_USHORT: return number_or_bigint(env, load<unsigned short>(p));
    case HPyMember_UINT: return unsigned_number_or_bigint(env, load<unsigned int>(p));
    case HPyMember_ULONG: return unsigned_number_or_bigint(env, load<unsigned long>(p));
    case HPyMember_ULONGLONG: return unsigned_number_or_bigint(env, load<unsigned long long>(p));
    case HPyMember_FLOAT: napi_create_double(env, load<float>(p), &out); return out;
    case HPyMember_DOUBLE: napi_create_double(env, load<double>(p), &out); return out;
    case HPyMember_BOOL: napi_get_boolean(env, load<char>(p) != 0, &out); return out;
    case HPyMember_CHAR: {
      char c = load<char>(p);
      napi_create_string_latin1(env, &c, 1, &out);
      return out;
    }
    case HPyMember_STRING: {
      const char *s = load<const char *>(p);
      if (!s) napi_get_undefined(env, &out);
      else napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &out);
      return out;
    }
    case HPyMember_STRING_INPLACE: napi_create_string_utf8(env, p, NAPI_AUTO_LENGTH, &out); return out;
    case HPyMember_NONE: napi_get_undefined(env, &out); return out;
    case HPyMember_OBJECT:
    case HPyMember_OBJECT_EX: {
      HPyField f = load<HPyField>(p);
      if (HPyField_IsNull(f)) {
        if (m.type == HPyMember_OBJECT_EX)
          return throw_error(env, ts, hpy_h::AttributeError, "'%s' object has no attribute '%s'", d->owner->short_name.c_str(), m.name);
        napi_get_undefined(env, &out);
        return out;
      }
      Frame frame = hpy_frame_begin(ts);
      napi_value v = hpy_field_value(ts, a.self, f);
      return hpy_frame_end(frame, v ? hpy_new(ts, v) : HPy_NULL, m.name);
    }
  }
  return throw_error(env, ts, hpy_h::SystemError, "member '%s' of '%s' has an unknown HPyMember type", m.name, d->owner->name.c_str());
}

// An integer of a member's C type from a JavaScript number or BigInt.
bool member_integer(napi_env env, napi_value v, int64_t *i, uint64_t *u) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_number) {
    double d;
    napi_get_value_double(env, v, &d);
    if (d != d || d != double(int64_t(d))) return false;
    *i = int64_t(d);
    *u = uint64_t(*i);
    return true;
  }
  if (t == napi_bigint) {
    bool lossless;
    napi_get_value_bigint_int64(env, v, i, &lossless);
    napi_get_value_bigint_uint64(env, v, u, &lossless);
    if (*i < 0) *u = uint64_t(*i);
    return true;
  }
  return false;
}

napi_value member_set(napi_env env, napi_callback_info info) {
  MemberAccess acc;
  if (!acc.begin(env, info)) return nullptr;
  const Args &a = acc.a;
  const TypeDefRecord *d = acc.d;
  const HPyMember &m = *acc.m;
  ThreadState *ts = acc.ts;
  InstanceData *inst = acc.inst;
  if (m.readonly || m.type == HPyMember_STRING || m.type == HPyMember_STRING_INPLACE || m.type == HPyMember_NONE)
    return throw_error(env, ts, hpy_h::AttributeError, "readonly attribute '%s' of '%s' objects", m.name, d->owner->name.c_str());
  napi_value v = a.argc > 0 ? a.argv[0] : nullptr;
  napi_valuetype t = napi_undefined;
  if (v) napi_typeof(env, v, &t);
  char *p = inst->payload() + m.offset;
  int64_t i = 0;
  uint64_t u = 0;
  switch (m.type) {
    case HPyMember_FLOAT:
    case HPyMember_DOUBLE: {
      double x;
      if (t == napi_bigint) {
        bool lossless;
        napi_get_value_bigint_int64(env, v, &i, &lossless);
        x = double(i);
      } else if (t != napi_number) {
        return throw_error(env, ts, hpy_h::TypeError, "attribute '%s' of '%s' objects must be a number", m.name, d->owner->name.c_str());
      } else {
        napi_get_value_double(env, v, &x);
      }
      if (m.type == HPyMember_FLOAT) store<float>(p, float(x));
      else store<double>(p, x);
      return nullptr;
    }
    case HPyMember_BOOL: {
      if (t != napi_boolean)
        return throw_error(env, ts, hpy_h::TypeError, "attribute '%s' of '%s' objects must be a boolean", m.name, d->owner->name.c_str());
      bool b;
      napi_get_value_bool(env, v, &b);
      store<char>(p, b ? 1 : 0);
      return nullptr;
    }
    case HPyMember_CHAR: {
      char buf[4];
      size_t len = 0;
      if (t != napi_string || napi_get_value_string_latin1(env, v, buf, sizeof buf, &len) != napi_ok || len != 1)
        return throw_error(env, ts, hpy_h::TypeError, "attribute '%s' of '%s' objects must be a string of one character", m.name, d->owner->name.c_str());
      store<char>(p, buf[0]);
      return nullptr;
    }
    case HPyMember_OBJECT:
    case HPyMember_OBJECT_EX: {
      Frame frame = hpy_frame_begin(ts);
      HPyField f = load<HPyField>(p);
      hpy_field_set(ts, a.self, &f, v ? v : undef_value(env));
      store<HPyField>(p, f);
      hpy_frame_end_status(frame, ts->error ? -1 : 0, m.name);
      return nullptr;
    }
    default:
      break;
  }
  if (!v || !member_integer(env, v, &i, &u))
    return throw_error(env, ts, hpy_h::TypeError, "attribute '%s' of '%s' objects must be an integer", m.name, d->owner->name.c_str());
  switch (m.type) {
    case HPyMember_SHORT: store<short>(p, short(i)); break;
    case HPyMember_INT: store<int>(p, int(i)); break;
    case HPyMember_LONG: store<long>(p, long(i)); break;
    case HPyMember_LONGLONG: store<long long>(p, i); break;
    case HPyMember_HPYSSIZET: store<HPy_ssize_t>(p, HPy_ssize_t(i)); break;
    case HPyMember_BYTE: store<signed char>(p, (signed char)(i)); break;
    case HPyMember_UBYTE: store<unsigned char>(p, (unsigned char)(u)); break;
    case HPyMember_USHORT: store<unsigned short>(p, (unsigned short)(u)); break;
    case HPyMember_UINT: store<unsigned int>(p, (unsigned int)(u)); break;
    case HPyMember_ULONG: store<unsigned long>(p, (unsigned long)(u)); break;
    case HPyMember_ULONGLONG: store<unsigned long long>(p, u); break;
    default:
      return throw_error(env, ts, hpy_h::SystemError, "member '%s' of '%s' has an unknown HPyMember type", m.name, d->owner->name.c_str());
  }
  return nullptr;
}

// ---- getsets -----------------------------------------------------------------

napi_value getset_get(napi_env env, napi_callback_info info) {
  Args a;
  a.read(env, info);
  auto *d = static_cast<TypeDefRecord *>(a.data);
  const HPyGetSet &g = d->def->getset;
  ThreadState *ts = state(env);
  InstanceData *inst = ts ? self_instance(env, ts, a.self, d, g.name) : nullptr;
  if (!inst) return nullptr;
  Frame frame = hpy_frame_begin(ts);
  HPy self = hpy_new(ts, a.self);
  ExtensionCall call = make_call(d->owner->ctx, HPyFunc_GETTER, g.getter_impl, self);
  call.ptr = g.closure;
  HPy result;
  {
    CurrentInstance current(a.self, inst);
    result = hpy_extension_call(call).h;
  }
  close_open(ts, self);
  return hpy_frame_end(frame, result, g.name);
}

napi_value getset_set(napi_env env, napi_callback_info info) {
  Args a;
  a.read(env, info);
  auto *d = static_cast<TypeDefRecord *>(a.data);
  const HPyGetSet &g = d->def->getset;
  ThreadState *ts = state(env);
  InstanceData *inst = ts ? self_instance(env, ts, a.self, d, g.name) : nullptr;
  if (!inst) return nullptr;
  if (!g.setter_impl)
    return throw_error(env, ts, hpy_h::AttributeError, "attribute '%s' of '%s' objects is not writable", g.name, d->owner->name.c_str());
  Frame frame = hpy_frame_begin(ts);
  HPy self = hpy_new(ts, a.self);
  napi_value undef;
  napi_get_undefined(env, &undef);
  HPy value = hpy_new(ts, a.argc > 0 ? a.argv[0] : undef);
  ExtensionCall call = make_call(d->owner->ctx, HPyFunc_SETTER, g.setter_impl, self, value);
  call.ptr = g.closure;
  int status;
  {
    CurrentInstance current(a.self, inst);
    status = hpy_extension_call(call).status;
  }
  close_open(ts, self);
  close_open(ts, value);
  hpy_frame_end_status(frame, status, g.name);
  return nullptr;
}

// ---- slots ---------------------------------------------------------------------

bool js_index(napi_env env, napi_value v, HPy_ssize_t *out) {
  int64_t i;
  uint64_t u;
  if (!v || !member_integer(env, v, &i, &u)) return false;
  *out = HPy_ssize_t(i);
  return true;
}

bool is_binary_number_slot(const SlotInfo *s) {
  return (s->sig == HPyFunc_BINARYFUNC || s->sig == HPyFunc_TERNARYFUNC) && s->slot != HPy_mp_subscript;
}

// A slot called from JavaScript: `this` is the instance and the first
// operand; the others are the arguments. Binary number slots take a last
// argument `true` for the reflected call (the instance is the right
// operand: HPy calls nb_add(a, b) with b the instance too), so
// `b[Symbol.for('hpy.nb_add')](a, true)` is nb_add(a, b).
napi_value slot_call(napi_env env, napi_callback_info info) {
  Args a;
  a.read(env, info);
  auto *d = static_cast<TypeDefRecord *>(a.data);
  const SlotInfo *s = slot_info(d->slot);
  ThreadState *ts = state(env);
  if (!ts) return nullptr;
  napi_value undef;
  napi_get_undefined(env, &undef);
  napi_value arg0 = a.argc > 0 ? a.argv[0] : undef;
  napi_value arg1 = a.argc > 1 ? a.argv[1] : undef;
  bool reflected = false;
  if (is_binary_number_slot(s)) {
    size_t flag = s->sig == HPyFunc_BINARYFUNC ? 1 : 2;
    bool b = false;
    reflected = a.argc > flag && napi_get_value_bool(env, a.argv[flag], &b) == napi_ok && b;
  }
  InstanceData *inst = a.self ? hpy_instance_data(env, a.self) : nullptr;
  if (!inst || !inst->type->is_subtype_of(d->owner))
    return throw_error(env, ts, hpy_h::TypeError, "%s of '%s' objects called on an object that is not one", s->name, d->owner->name.c_str());
  HPyCFunction impl = d->owner->slot(d->slot);
  if (d->slot == HPy_tp_call) {
    // An instance's own call function (HPy_SetCallFunction or its
    // __vectorcalloffset__ field) wins over the type's tp_call.
    HPyFunc_keywords own = inst->call;
    if (!own && inst->type->vectorcall_offset >= 0) {
      HPyCallFunction f;
      memcpy(&f, inst->payload() + inst->type->vectorcall_offset, sizeof f);
      own = f.impl;
    }
    if (own) impl = reinterpret_cast<HPyCFunction>(reinterpret_cast<void (*)(void)>(own));
    if (!impl) return throw_error(env, ts, hpy_h::TypeError, "'%s' object is not callable (no call function set)%s", d->owner->name.c_str());
  }
  ExtensionCall call = make_call(d->owner->ctx, s->sig, impl);
  Frame frame = hpy_frame_begin(ts);
  HPy opened[3];
  size_t nopened = 0;
  auto handle = [&](napi_value v) { return opened[nopened++] = hpy_new(ts, v); };
  call.a = handle(a.self);
  bool ready = true;
  switch (s->sig) {
    case HPyFunc_BINARYFUNC:
    case HPyFunc_OBJOBJPROC:
      call.b = handle(arg0);
      if (reflected) std::swap(call.a, call.b);
      break;
    case HPyFunc_TERNARYFUNC:
      call.b = handle(arg0), call.c = handle(arg1);
      if (reflected) std::swap(call.a, call.b);
      break;
    case HPyFunc_RICHCMPFUNC: {
      int32_t op = -1;
      call.b = handle(arg0);
      napi_get_value_int32(env, arg1, &op);
      if (op < HPy_LT || op > HPy_GE) {
        hpy_err_raise(ts, hpy_h::SystemError, "tp_richcompare: invalid operator (expected HPy_LT..HPy_GE)");
        ready = false;
      }
      call.op = op;
      break;
    }
    case HPyFunc_SSIZEARGFUNC:
    case HPyFunc_SSIZEOBJARGPROC:
      if (!js_index(env, arg0, &call.index)) {
        hpy_err_raise(ts, hpy_h::TypeError, "%s: the index must be an integer", s->name);
        ready = false;
      }
      if (s->sig == HPyFunc_SSIZEOBJARGPROC && a.argc > 1) call.b = handle(arg1);  // no value: delete
      break;
    case HPyFunc_OBJOBJARGPROC:
      call.b = handle(arg0);
      if (a.argc > 1) call.c = handle(arg1);  // no value: delete
      break;
    case HPyFunc_KEYWORDS:
      ready = a.make_handles(ts, false);
      call.args = a.handles;
      call.nargs = a.npos;
      call.kw = a.kw;
      break;
    default:
      break;
  }
  ExtensionResult r{};
  if (ready) {
    CurrentInstance current(a.self, inst);
    r = hpy_extension_call(call);
  }
  for (size_t i = 0; i < nopened; i++) close_open(ts, opened[i]);
  a.close(ts);
  if (hpy_extension_returns_handle(s->sig)) {
    HPy result = ready ? r.h : HPy_NULL;
    return hpy_frame_end(frame, result, s->name);
  }
  int64_t value = !ready ? -1 : s->sig == HPyFunc_LENFUNC ? int64_t(r.size) : s->sig == HPyFunc_HASHFUNC ? int64_t(r.hash) : r.status;
  bool failed = !ready || (value == -1 && ts->error) || (value < 0 && s->sig != HPyFunc_HASHFUNC && s->sig != HPyFunc_LENFUNC);
  if (!hpy_frame_end_status(frame, failed ? -1 : 0, s->name)) return nullptr;
  napi_value out;
  if (s->sig == HPyFunc_INQUIRY || s->sig == HPyFunc_OBJOBJPROC) napi_get_boolean(env, value != 0, &out);
  else if (s->sig == HPyFunc_LENFUNC || s->sig == HPyFunc_HASHFUNC) out = number_or_bigint(env, value);
  else napi_get_undefined(env, &out);
  return out;
}

// The bytes a member of `kind` reads, or 0 for an unknown kind.
size_t member_size(int kind) {
  switch (kind) {
    case HPyMember_SHORT: case HPyMember_USHORT: return sizeof(short);
    case HPyMember_INT: case HPyMember_UINT: return sizeof(int);
    case HPyMember_LONG: case HPyMember_ULONG: return sizeof(long);
    case HPyMember_FLOAT: return sizeof(float);
    case HPyMember_DOUBLE: return sizeof(double);
    case HPyMember_STRING: return sizeof(char *);
    case HPyMember_OBJECT: case HPyMember_OBJECT_EX: return sizeof(HPyField);
    case HPyMember_CHAR: case HPyMember_BYTE: case HPyMember_UBYTE: case HPyMember_BOOL: case HPyMember_STRING_INPLACE: return 1;
    case HPyMember_LONGLONG: case HPyMember_ULONGLONG: return sizeof(long long);
    case HPyMember_HPYSSIZET: return sizeof(HPy_ssize_t);
    case HPyMember_NONE: return 0;
    default: return size_t(-1);
  }
}

// A member must name a known kind and lie inside the instance struct: one
// that does not would read memory that is not the object's.
bool member_fits(ThreadState *ts, const TypeRecord *rec, const HPyMember &m) {
  size_t size = member_size(int(m.type));
  const char *name = m.name ? m.name : "(NULL)";
  if (!m.name || size == size_t(-1)) {
    hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): member '%s' has no name or an unknown HPyMember kind (%d)",
                  rec->name.c_str(), name, int(m.type));
    return false;
  }
  if (m.offset < 0 || size_t(m.offset) + size > rec->basicsize) {
    hpy_err_raise(ts, hpy_h::TypeError,
                  "HPyType_FromSpec(%s): member '%s' (offset %zd) lies outside the instance struct (basicsize %zu)",
                  rec->name.c_str(), name, m.offset, rec->basicsize);
    return false;
  }
  return true;
}

}  // namespace

bool hpy_type_describe(ThreadState *ts, TypeRecord *rec, const HPyType_Spec *spec,
                       std::vector<napi_property_descriptor> *props, std::vector<napi_ref> *keep) {
  napi_env env = ts->env;
  auto def_record = [&](const HPyDef *def, int slot) {
    rec->defs.push_back(std::unique_ptr<TypeDefRecord>(new TypeDefRecord{rec, def, slot}));
    return rec->defs.back().get();
  };
  const auto attrs = napi_property_attributes(napi_writable | napi_configurable);
  std::vector<const HPyDef *> own_slots;
  for (HPyDef **p = spec->defines; p && *p; p++) {
    const HPyDef *def = *p;
    switch (def->kind) {
      case HPyDef_Kind_Meth:
        if (!def->meth.name || !def->meth.impl) {
          hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): a method without a name or an impl", rec->name.c_str());
          return false;
        }
        props->push_back({def->meth.name, nullptr, def->meth.signature == HPyFunc_NOARGS ? method_call_noargs : method_call, nullptr, nullptr, nullptr, attrs, def_record(def, 0)});
        break;
      case HPyDef_Kind_Member:
        if (!member_fits(ts, rec, def->member)) return false;
        if (def->member.name && strcmp(def->member.name, "__vectorcalloffset__") == 0) rec->vectorcall_offset = def->member.offset;
        props->push_back({def->member.name, nullptr, nullptr, member_get, member_set, nullptr, napi_configurable, def_record(def, 0)});
        break;
      case HPyDef_Kind_GetSet:
        props->push_back({def->getset.name, nullptr, nullptr, def->getset.getter_impl ? getset_get : nullptr, getset_set,
                          nullptr, napi_configurable, def_record(def, 0)});
        break;
      case HPyDef_Kind_Slot: {
        int n = int(def->slot.slot);
        if (n == HPy_tp_destroy) {
          rec->destroy = def->slot.impl;
        } else if (n >= 0 && n < 82 && n != HPy_mod_create && n != HPy_mod_exec) {
          rec->slots[n] = def->slot.impl;
          own_slots.push_back(def);
        } else {
          hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): slot %d is not a type slot", rec->name.c_str(), n);
          return false;
        }
        break;
      }
      default:
        hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): a define of unknown kind %d", rec->name.c_str(), int(def->kind));
        return false;
    }
  }
  if (rec->slots[HPy_tp_call] && spec->itemsize > 0) {
    hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): HPy_tp_call cannot be combined with a non-zero itemsize", rec->name.c_str());
    return false;
  }
  bool own_call = false;
  for (const HPyDef *def : own_slots) own_call = own_call || def->slot.slot == HPy_tp_call;
  if (own_call && rec->vectorcall_offset >= 0) {
    hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): define HPy_tp_call or a __vectorcalloffset__ member, not both", rec->name.c_str());
    return false;
  }
  // Slot functions: the symbol of each, then the JavaScript names.
  auto add_symbol_method = [&](napi_value key, napi_callback cb, TypeDefRecord *d) {
    napi_ref r;
    napi_create_reference(env, key, 1, &r);  // keeps key alive until the class exists
    keep->push_back(r);
    props->push_back({nullptr, key, cb, nullptr, nullptr, nullptr, attrs, d});
  };
  auto named = [&](const char *name, napi_callback cb, TypeDefRecord *d) {
    props->push_back({name, nullptr, cb, nullptr, nullptr, nullptr, attrs, d});
  };
  bool has_str = rec->slots[HPy_tp_str] != nullptr;
  int value_of = rec->slots[HPy_nb_float] ? HPy_nb_float : rec->slots[HPy_nb_int] ? HPy_nb_int : rec->slots[HPy_nb_index] ? HPy_nb_index : -1;
  if (rec->vectorcall_offset >= 0 && !own_call) {
    // Instances call what HPy_SetCallFunction stored in them.
    napi_value sym = hpy_symbol_for(ts, "hpy.tp_call");
    if (!sym) return false;
    add_symbol_method(sym, slot_call, def_record(nullptr, HPy_tp_call));
  }
  for (const HPyDef *def : own_slots) {
    int n = int(def->slot.slot);
    const SlotInfo *s = slot_info(n);
    if (!s) continue;  // tp_traverse, tp_finalize, buffers: nothing for JavaScript
    TypeDefRecord *d = def_record(def, n);
    std::string key = std::string("hpy.") + s->name;
    napi_value sym = hpy_symbol_for(ts, key.c_str());
    if (!sym) return false;
    add_symbol_method(sym, slot_call, d);
    if (n == HPy_tp_repr) {
      napi_value custom = hpy_symbol_for(ts, "nodejs.util.inspect.custom");
      if (!custom) return false;
      add_symbol_method(custom, slot_call, d);
      if (!has_str) named("toString", slot_call, d);
    } else if (n == HPy_tp_str) {
      named("toString", slot_call, d);
    } else if (n == value_of) {
      named("valueOf", slot_call, d);
    }
  }
  return true;
}

napi_value hpy_type_call_slot(ThreadState *ts, napi_value v) {
  napi_env env = ts->env;
  if (!hpy_instance_data(env, v)) return nullptr;
  napi_value key = hpy_symbol_for(ts, "hpy.tp_call"), fn, bind, bound;
  napi_valuetype t = napi_undefined;
  if (!key || napi_get_property(env, v, key, &fn) != napi_ok || napi_typeof(env, fn, &t) != napi_ok || t != napi_function) {
    ts->error = nullptr;
    return nullptr;
  }
  if (napi_get_named_property(env, fn, "bind", &bind) != napi_ok || napi_call_function(env, fn, bind, 1, &v, &bound) != napi_ok) return nullptr;
  hpy_method_tag(env, bound);  // keywords reach it as kwargs(), as HPyFunc_KEYWORDS wants
  return bound;
}
