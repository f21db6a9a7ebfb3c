// HPyLong_*, HPyFloat_*, HPyBool_*: C numbers to and from JavaScript values.
//
// An int is a JavaScript number while it is a safe integer (|v| < 2^53, where
// every integer is exact) and a BigInt beyond, the same rule as the `long`
// helper, so a value round-trips through C without silent rounding. Reading
// accepts integral numbers, BigInts and booleans (Python's bool is an int);
// a number with a fraction, NaN or Infinity is not an integer: TypeError, as
// HPyLong_AsLong(1.5) is in Python. Out of range is OverflowError; the Mask
// variants wrap modulo 2^N instead.
#include <cmath>
#include <cstring>
#include "describe.h"
#include "types/type_shapes.h"

static constexpr double TWO_POW_64 = 18446744073709551616.0;

static HPy new_int64(ThreadState *ts, int64_t v) {
  if (v > -int64_t(1LL << 53) && v < int64_t(1LL << 53)) return hpy_new_number(ts, double(v));
  napi_value big;
  return HPY_NAPI_OK(ts, napi_create_bigint_int64(ts->env, v, &big)) ? hpy_new(ts, big) : HPy_NULL;
}

static HPy new_uint64(ThreadState *ts, uint64_t v) {
  if (v < (uint64_t(1) << 53)) return hpy_new_number(ts, double(v));
  napi_value big;
  return HPY_NAPI_OK(ts, napi_create_bigint_uint64(ts->env, v, &big)) ? hpy_new(ts, big) : HPy_NULL;
}

HPy hpy_u_Long_FromInt32_t(HPyContext *ctx, int32_t value) {
  HPY_STATE_OR(HPy_NULL);
  return hpy_new_number(ts, double(value));
}

HPy hpy_u_Long_FromUInt32_t(HPyContext *ctx, uint32_t value) {
  HPY_STATE_OR(HPy_NULL);
  return hpy_new_number(ts, double(value));
}

HPy hpy_u_Long_FromInt64_t(HPyContext *ctx, int64_t v) {
  HPY_STATE_OR(HPy_NULL);
  return new_int64(ts, v);
}

HPy hpy_u_Long_FromUInt64_t(HPyContext *ctx, uint64_t v) {
  HPY_STATE_OR(HPy_NULL);
  return new_uint64(ts, v);
}

HPy hpy_u_Long_FromSize_t(HPyContext *ctx, size_t value) {
  HPY_STATE_OR(HPy_NULL);
  return new_uint64(ts, uint64_t(value));
}

HPy hpy_u_Long_FromSsize_t(HPyContext *ctx, HPy_ssize_t value) {
  HPY_STATE_OR(HPy_NULL);
  return new_int64(ts, int64_t(value));
}

// An integer read from a handle, as sign and magnitude, whatever its source
// (number, BigInt, boolean). `low` is the magnitude modulo 2^64; `wide` says
// the magnitude is 2^64 or more.
struct IntParts {
  bool negative;
  bool wide;
  uint64_t low;
};

// Reads h as an integer; false with TypeError (or a handle error) otherwise.
// `fn` names the HPy function in messages.
static bool read_int(ThreadState *ts, HPy h, IntParts *out, const char *fn) {
  double d;
  if (hpy_number(ts, h, &d)) {
    if (!std::isfinite(d) || d != std::trunc(d)) {
      hpy_err_raise(ts, hpy_h::TypeError,
                    "%s: expected an integer, got the number %.17g (a JavaScript number with a fraction, NaN or "
                    "Infinity is not an integer; truncate it first, e.g. with HPy_Long)",
                    fn, d);
      return false;
    }
    double mag = std::fabs(d);
    out->negative = d < 0;
    out->wide = mag >= TWO_POW_64;
    out->low = out->wide ? uint64_t(std::fmod(mag, TWO_POW_64)) : uint64_t(mag);
    return true;
  }
  napi_value v = hpy_value(ts, h);
  if (!v) return false;
  napi_valuetype t;
  if (!HPY_NAPI_OK(ts, napi_typeof(ts->env, v, &t))) return false;
  if (t == napi_bigint) {
    int sign = 0;
    size_t count = 1;
    uint64_t word = 0;
    // With room for one word, V8 reports the sign, the low word and the number
    // of words the whole magnitude needs.
    if (!HPY_NAPI_OK(ts, napi_get_value_bigint_words(ts->env, v, &sign, &count, &word))) return false;
    out->negative = sign != 0;
    out->wide = count > 1;
    out->low = count == 0 ? 0 : word;
    return true;
  }
  if (t == napi_boolean) {
    bool b = false;
    napi_get_value_bool(ts->env, v, &b);
    *out = IntParts{false, false, b ? 1u : 0u};
    return true;
  }
  napi_value prim;
  if (hpy_shape_unbox(ts, v, &prim)) {  // an instance of a Long-shaped type
    HPy inner = hpy_new(ts, prim);
    bool ok = read_int(ts, inner, out, fn);
    hpy_close(ts, inner);
    return ok;
  }
  hpy_err_raise(ts, hpy_h::TypeError, "%s: expected an integer (a number or a BigInt), got %s", fn, hpy_describe_type(ts, v));
  return false;
}

static bool overflow(ThreadState *ts, const char *fn, const char *ctype) {
  hpy_err_raise(ts, hpy_h::OverflowError, "%s: integer out of range for %s", fn, ctype);
  return false;
}

// Signed conversion with the range [min, max]; false with an error set.
static bool to_signed(ThreadState *ts, const IntParts &p, int64_t min, int64_t max, int64_t *out, const char *fn,
                      const char *ctype) {
  if (p.wide) return overflow(ts, fn, ctype);
  if (p.negative) {
    // |min| as unsigned, computed without overflowing int64.
    if (p.low > uint64_t(-(min + 1)) + 1) return overflow(ts, fn, ctype);
    *out = int64_t(0 - p.low);  // two's complement negation, defined on unsigned
  } else {
    if (p.low > uint64_t(max)) return overflow(ts, fn, ctype);
    *out = int64_t(p.low);
  }
  return true;
}

static bool to_unsigned(ThreadState *ts, const IntParts &p, uint64_t max, uint64_t *out, const char *fn, const char *ctype) {
  if (p.negative && (p.low != 0 || p.wide)) {
    hpy_err_raise(ts, hpy_h::OverflowError, "%s: cannot convert a negative integer to %s", fn, ctype);
    return false;
  }
  if (p.wide || p.low > max) return overflow(ts, fn, ctype);
  *out = p.low;
  return true;
}

// The common case, a JavaScript number holding an integer below 2^63 in
// magnitude, in one conversion each way; everything else (fractions, NaN,
// BigInts, booleans, errors) takes read_int's general path.
static inline bool small_integer(ThreadState *ts, HPy h, int64_t *out) {
  double d;
  if (!hpy_number(ts, h, &d) || !(d >= -0x1p63 && d < 0x1p63)) return false;
  int64_t i = int64_t(d);
  if (double(i) != d) return false;
  *out = i;
  return true;
}

static bool as_signed(ThreadState *ts, HPy h, int64_t min, int64_t max, int64_t *out, const char *fn, const char *ctype) {
  int64_t i;
  if (small_integer(ts, h, &i) && i >= min && i <= max) {
    *out = i;
    return true;
  }
  IntParts p;
  return read_int(ts, h, &p, fn) && to_signed(ts, p, min, max, out, fn, ctype);
}

static bool as_unsigned(ThreadState *ts, HPy h, uint64_t max, uint64_t *out, const char *fn, const char *ctype) {
  int64_t i;
  if (small_integer(ts, h, &i) && i >= 0 && uint64_t(i) <= max) {
    *out = uint64_t(i);
    return true;
  }
  IntParts p;
  return read_int(ts, h, &p, fn) && to_unsigned(ts, p, max, out, fn, ctype);
}

// The value modulo 2^64 (what C's conversion to an unsigned type does).
static bool as_mask(ThreadState *ts, HPy h, uint64_t *out, const char *fn) {
  IntParts p;
  if (!read_int(ts, h, &p, fn)) return false;
  *out = p.negative ? 0 - p.low : p.low;
  return true;
}

int32_t hpy_u_Long_AsInt32_t(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(-1);
  int64_t v;
  return as_signed(ts, h, INT32_MIN, INT32_MAX, &v, "ctx_Long_AsInt32_t", "int32_t") ? int32_t(v) : -1;
}

uint32_t hpy_u_Long_AsUInt32_t(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(uint32_t(-1));
  uint64_t v;
  return as_unsigned(ts, h, UINT32_MAX, &v, "ctx_Long_AsUInt32_t", "uint32_t") ? uint32_t(v) : uint32_t(-1);
}

uint32_t hpy_u_Long_AsUInt32_tMask(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(uint32_t(-1));
  uint64_t v;
  return as_mask(ts, h, &v, "ctx_Long_AsUInt32_tMask") ? uint32_t(v) : uint32_t(-1);
}

int64_t hpy_u_Long_AsInt64_t(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(-1);
  int64_t v;
  return as_signed(ts, h, INT64_MIN, INT64_MAX, &v, "ctx_Long_AsInt64_t", "int64_t") ? v : -1;
}

uint64_t hpy_u_Long_AsUInt64_t(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(uint64_t(-1));
  uint64_t v;
  return as_unsigned(ts, h, UINT64_MAX, &v, "ctx_Long_AsUInt64_t", "uint64_t") ? v : uint64_t(-1);
}

uint64_t hpy_u_Long_AsUInt64_tMask(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(uint64_t(-1));
  uint64_t v;
  return as_mask(ts, h, &v, "ctx_Long_AsUInt64_tMask") ? v : uint64_t(-1);
}

size_t hpy_u_Long_AsSize_t(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(size_t(-1));
  uint64_t v;
  return as_unsigned(ts, h, SIZE_MAX, &v, "ctx_Long_AsSize_t", "size_t") ? size_t(v) : size_t(-1);
}

HPy_ssize_t hpy_u_Long_AsSsize_t(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(-1);
  int64_t v;
  return as_signed(ts, h, PTRDIFF_MIN, PTRDIFF_MAX, &v, "ctx_Long_AsSsize_t", "HPy_ssize_t") ? HPy_ssize_t(v) : -1;
}

void *hpy_u_Long_AsVoidPtr(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(nullptr);
  // As in CPython: a negative value is read as intptr_t, any other as uintptr_t.
  IntParts p;
  if (!read_int(ts, h, &p, "ctx_Long_AsVoidPtr")) return nullptr;
  if (p.negative) {
    int64_t v;
    if (!to_signed(ts, p, INTPTR_MIN, INTPTR_MAX, &v, "ctx_Long_AsVoidPtr", "a pointer")) return nullptr;
    return reinterpret_cast<void *>(intptr_t(v));
  }
  uint64_t u;
  if (!to_unsigned(ts, p, UINTPTR_MAX, &u, "ctx_Long_AsVoidPtr", "a pointer")) return nullptr;
  return reinterpret_cast<void *>(uintptr_t(u));
}

// A BigInt's nearest double, by JavaScript's Number(), which rounds correctly;
// OverflowError when it is beyond the double range.
static bool bigint_to_double(ThreadState *ts, napi_value v, double *out, const char *fn) {
  napi_value n = hpy_call_helper(ts, HELPER_float, 1, &v);
  if (!n || !HPY_NAPI_OK(ts, napi_get_value_double(ts->env, n, out))) return false;
  if (std::isinf(*out)) {
    hpy_err_raise(ts, hpy_h::OverflowError, "%s: BigInt too large to convert to a double", fn);
    return false;
  }
  return true;
}

enum class Converted { Yes, Failed, NotApplicable };

// A BigInt (which may not fit a double: error set, naming fn) or a boolean
// (Python's bool is an int) as a double; NotApplicable for anything else.
static Converted bigint_or_bool_as_double(ThreadState *ts, napi_value v, const char *fn, double *out) {
  napi_valuetype t;
  if (!HPY_NAPI_OK(ts, napi_typeof(ts->env, v, &t))) return Converted::Failed;
  if (t == napi_bigint) return bigint_to_double(ts, v, out, fn) ? Converted::Yes : Converted::Failed;
  if (t != napi_boolean) return Converted::NotApplicable;
  bool b = false;
  napi_get_value_bool(ts->env, v, &b);
  *out = b ? 1.0 : 0.0;
  return Converted::Yes;
}

double hpy_u_Long_AsDouble(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(-1.0);
  double d;
  if (hpy_number(ts, h, &d)) {
    if (std::isfinite(d) && d == std::trunc(d)) return d;
    hpy_err_raise(ts, hpy_h::TypeError, "ctx_Long_AsDouble: expected an integer, got the number %.17g", d);
    return -1.0;
  }
  napi_value v = hpy_value(ts, h);
  if (!v) return -1.0;
  switch (bigint_or_bool_as_double(ts, v, "ctx_Long_AsDouble", &d)) {
    case Converted::Yes: return d;
    case Converted::Failed: return -1.0;
    case Converted::NotApplicable: break;
  }
  napi_value prim;
  if (hpy_shape_unbox(ts, v, &prim) && napi_get_value_double(ts->env, prim, &d) == napi_ok) return d;
  hpy_err_raise(ts, hpy_h::TypeError, "ctx_Long_AsDouble: expected an integer (a number or a BigInt), got %s",
                hpy_describe_type(ts, v));
  return -1.0;
}

HPy hpy_u_Float_FromDouble(HPyContext *ctx, double v) {
  HPY_STATE_OR(HPy_NULL);
  return hpy_new_number(ts, v);
}

double hpy_u_Float_AsDouble(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(-1.0);
  double d;
  if (hpy_number(ts, h, &d)) return d;
  napi_value v = hpy_value(ts, h);
  if (!v) return -1.0;
  switch (bigint_or_bool_as_double(ts, v, "ctx_Float_AsDouble", &d)) {
    case Converted::Yes: return d;
    case Converted::Failed: return -1.0;
    case Converted::NotApplicable: break;
  }
  napi_value prim;
  if (hpy_shape_unbox(ts, v, &prim) && napi_get_value_double(ts->env, prim, &d) == napi_ok) return d;
  // Like PyFloat_AsDouble, no parsing of strings: that is HPy_Float's job.
  hpy_err_raise(ts, hpy_h::TypeError, "ctx_Float_AsDouble: must be a number, not %s", hpy_describe_type(ts, v));
  return -1.0;
}

HPy hpy_u_Bool_FromBool(HPyContext *ctx, bool v) {
  HPY_STATE_OR(HPy_NULL);
  (void)ts;  // only checked: a constant needs no handle table
  return hpy_bool_handle(v);
}
