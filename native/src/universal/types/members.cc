// Members of a type (HPyDef_MEMBER): accessor properties that read and
// write the instance's C struct at an offset, converting between the
// member's C type and JavaScript values, and the check that a member lies
// inside the struct.
#include <cmath>
#include <cstring>
#include "callbacks.h"
#include "../../core/call_args.h"
#include "../../core/frame.h"

napi_value hpy_number_or_bigint(napi_env env, int64_t v) {
  napi_value out;
  if (v > (int64_t(1) << 53) || v < -(int64_t(1) << 53)) napi_create_bigint_int64(env, v, &out);
  else napi_create_int64(env, v, &out);
  return out;
}

namespace {

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

}  // namespace

napi_value hpy_type_member_get(napi_env env, napi_callback_info info) {
  InstanceCall acc;
  if (!acc.begin(env, info)) return nullptr;
  const TypeDefRecord *d = acc.d;
  const HPyMember &m = d->def->member;
  const char *p = acc.inst->payload() + m.offset;
  napi_value out = nullptr;
  switch (m.type) {
    case HPyMember_SHORT: return hpy_number_or_bigint(env, load<short>(p));
    case HPyMember_INT: return hpy_number_or_bigint(env, load<int>(p));
    case HPyMember_LONG: return hpy_number_or_bigint(env, load<long>(p));
    case HPyMember_LONGLONG: return hpy_number_or_bigint(env, load<long long>(p));
    case HPyMember_HPYSSIZET: return hpy_number_or_bigint(env, load<HPy_ssize_t>(p));
    case HPyMember_BYTE: return hpy_number_or_bigint(env, load<signed char>(p));
    case HPyMember_UBYTE: return hpy_number_or_bigint(env, load<unsigned char>(p));
    case HPyMember_USHORT: return hpy_number_or_bigint(env, load<unsigned short>(p));
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
          return hpy_type_throw(env, acc.ts, hpy_h::AttributeError, "'%s' object has no attribute '%s'",
                                d->owner->short_name.c_str(), m.name);
        napi_get_undefined(env, &out);
        return out;
      }
      Frame frame = hpy_frame_begin(acc.ts);
      napi_value v = hpy_field_value(acc.ts, acc.args.self, f);
      return hpy_frame_end(frame, v ? hpy_new(acc.ts, v) : HPy_NULL, m.name);
    }
  }
  return hpy_type_throw(env, acc.ts, hpy_h::SystemError, "member '%s' of '%s' has an unknown HPyMember type", m.name,
                        d->owner->name.c_str());
}

// An integer of a member's C type from a JavaScript number or BigInt.
MemberIntegerRead hpy_member_integer(napi_env env, napi_value v, MemberInteger *out) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_number) {
    double d;
    napi_get_value_double(env, v, &d);
    if (!std::isfinite(d) || d != std::trunc(d)) return MemberIntegerRead::NotInteger;
    // Converting a double outside the target's range is undefined: test
    // the range first (2^63 and 2^64 are exact doubles).
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
      out->i = int64_t(d);
      out->u = uint64_t(out->i);
      out->is_signed = true;
      out->is_unsigned = d >= 0;
    } else if (d >= 0 && d < 18446744073709551616.0) {
      out->u = uint64_t(d);
      out->i = int64_t(out->u);
      out->is_unsigned = true;
    } else {
      return MemberIntegerRead::TooLarge;
    }
    return MemberIntegerRead::Ok;
  }
  if (t == napi_bigint) {
    bool signed_exact = false, unsigned_exact = false;
    int64_t i;
    uint64_t u;
    napi_get_value_bigint_int64(env, v, &i, &signed_exact);
    napi_get_value_bigint_uint64(env, v, &u, &unsigned_exact);
    if (!signed_exact && !unsigned_exact) return MemberIntegerRead::TooLarge;
    out->is_signed = signed_exact;
    out->is_unsigned = unsigned_exact;
    out->i = signed_exact ? i : int64_t(u);
    out->u = signed_exact ? uint64_t(i) : u;
    return MemberIntegerRead::Ok;
  }
  return MemberIntegerRead::NotInteger;
}

napi_value hpy_type_member_set(napi_env env, napi_callback_info info) {
  InstanceCall acc;
  if (!acc.begin(env, info)) return nullptr;
  const JsArgs &a = acc.args;
  const TypeDefRecord *d = acc.d;
  const HPyMember &m = d->def->member;
  ThreadState *ts = acc.ts;
  InstanceData *inst = acc.inst;
  if (m.readonly)
    return hpy_type_throw(env, ts, hpy_h::AttributeError, "readonly attribute '%s' of '%s' objects", m.name,
                          d->owner->name.c_str());
  // As CPython: these kinds cannot be written even without .readonly, and
  // that is a TypeError there (HPy's tests hold it).
  if (m.type == HPyMember_STRING || m.type == HPyMember_STRING_INPLACE || m.type == HPyMember_NONE)
    return hpy_type_throw(env, ts, hpy_h::TypeError,
                          "attribute '%s' of '%s' objects cannot be written: its member kind is read-only", m.name,
                          d->owner->name.c_str());
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
        return hpy_type_throw(env, ts, hpy_h::TypeError, "attribute '%s' of '%s' objects must be a number", m.name,
                              d->owner->name.c_str());
      } else {
        napi_get_value_double(env, v, &x);
      }
      if (m.type == HPyMember_FLOAT) store<float>(p, float(x));
      else store<double>(p, x);
      return nullptr;
    }
    case HPyMember_BOOL: {
      if (t != napi_boolean)
        return hpy_type_throw(env, ts, hpy_h::TypeError, "attribute '%s' of '%s' objects must be a boolean", m.name,
                              d->owner->name.c_str());
      bool b;
      napi_get_value_bool(env, v, &b);
      store<char>(p, b ? 1 : 0);
      return nullptr;
    }
    case HPyMember_CHAR: {
      // One byte of UTF-8, as CPython's T_CHAR: an ASCII character. Latin-1
      // would take "€" as its low byte, 0xAC.
      char buf[8];
      size_t len = 0;
      if (t != napi_string || napi_get_value_string_utf8(env, v, buf, sizeof buf, &len) != napi_ok || len != 1)
        return hpy_type_throw(env, ts, hpy_h::TypeError, "attribute '%s' of '%s' objects must be a string of one ASCII character",
                              m.name, d->owner->name.c_str());
      store<char>(p, buf[0]);
      return nullptr;
    }
    case HPyMember_OBJECT:
    case HPyMember_OBJECT_EX: {
      Frame frame = hpy_frame_begin(ts);
      // In place when aligned: a field in the struct's own words lives in
      // the object's field slots, found by its address (fields.cc).
      if (uintptr_t(p) % alignof(HPyField) == 0) {
        hpy_field_set(ts, a.self, reinterpret_cast<HPyField *>(p), v ? v : undef_value(env));
      } else {
        HPyField f = load<HPyField>(p);
        hpy_field_set(ts, a.self, &f, v ? v : undef_value(env));
        store<HPyField>(p, f);
      }
      hpy_frame_end_status(frame, ts->frame.error ? -1 : 0, m.name);
      return nullptr;
    }
    default: break;
  }
  MemberInteger n;
  MemberIntegerRead read = v ? hpy_member_integer(env, v, &n) : MemberIntegerRead::NotInteger;
  if (read == MemberIntegerRead::NotInteger)
    return hpy_type_throw(env, ts, hpy_h::TypeError, "attribute '%s' of '%s' objects must be an integer", m.name,
                          d->owner->name.c_str());
  // CPython reads the value as a C long (unsigned kinds: unsigned long, or a
  // long for negative values) and raises OverflowError when that fails;
  // narrower kinds then truncate, with a RuntimeWarning there, silently here.
  bool unsigned_kind = m.type == HPyMember_UBYTE || m.type == HPyMember_USHORT || m.type == HPyMember_UINT ||
                       m.type == HPyMember_ULONG || m.type == HPyMember_ULONGLONG;
  if (read == MemberIntegerRead::TooLarge || !(n.is_signed || (unsigned_kind && n.is_unsigned)))
    return hpy_type_throw(env, ts, hpy_h::OverflowError,
                          unsigned_kind ? "attribute '%s' of '%s' objects: the integer does not fit in a C unsigned long long"
                                        : "attribute '%s' of '%s' objects: the integer does not fit in a C long long",
                          m.name, d->owner->name.c_str());
  i = n.i;
  u = n.u;
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
      return hpy_type_throw(env, ts, hpy_h::SystemError, "member '%s' of '%s' has an unknown HPyMember type", m.name,
                            d->owner->name.c_str());
  }
  return nullptr;
}

namespace {

// The bytes a member of `kind` reads, or 0 for an unknown kind.
size_t member_size(int kind) {
  switch (kind) {
    case HPyMember_SHORT:
    case HPyMember_USHORT: return sizeof(short);
    case HPyMember_INT:
    case HPyMember_UINT: return sizeof(int);
    case HPyMember_LONG:
    case HPyMember_ULONG: return sizeof(long);
    case HPyMember_FLOAT: return sizeof(float);
    case HPyMember_DOUBLE: return sizeof(double);
    case HPyMember_STRING: return sizeof(char *);
    case HPyMember_OBJECT:
    case HPyMember_OBJECT_EX: return sizeof(HPyField);
    case HPyMember_CHAR:
    case HPyMember_BYTE:
    case HPyMember_UBYTE:
    case HPyMember_BOOL:
    case HPyMember_STRING_INPLACE: return 1;
    case HPyMember_LONGLONG:
    case HPyMember_ULONGLONG: return sizeof(long long);
    case HPyMember_HPYSSIZET: return sizeof(HPy_ssize_t);
    case HPyMember_NONE: return 0;
    default: return size_t(-1);
  }
}

// A member must name a known kind and lie inside the instance struct: one

}  // namespace

bool hpy_member_fits(ThreadState *ts, const TypeRecord *rec, const HPyMember &m) {
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
