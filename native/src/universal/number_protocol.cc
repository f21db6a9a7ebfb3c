// The number protocol with JavaScript semantics. Two numbers take the native
// fast path (the common case in numeric extensions; results stay unboxed);
// anything else (BigInt, strings, objects with valueOf) goes to the runtime
// helper, which applies the JavaScript operator itself.
//
// The fast paths compute exactly what the JavaScript operator does on two
// numbers: % is C's fmod, bitwise operators work on ToInt32 of the operands,
// ** differs from C's pow only for NaN exponents and 1 ** Infinity.
//
// JavaScript has no in-place operators on immutable numbers or strings, and
// `a += b` on an object is `a = a + b`: every HPy_InPlaceX is HPy_X, except
// on instances of types defined in C with an in-place slot.
#include <cmath>
#include "describe.h"
#include "types/types.h"
#include "types/type_shapes.h"
#include "autogen_number_operators.h"

// JavaScript's ToInt32: truncate, wrap modulo 2^32, NaN and infinities to 0.
static int32_t to_int32(double d) {
  if (!std::isfinite(d)) return 0;
  double m = std::fmod(std::trunc(d), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return int32_t(uint32_t(m));
}

static double js_pow(double a, double b) {
  if (std::isnan(b)) return NAN;                         // C: pow(1, NaN) == 1
  if (std::isinf(b) && std::fabs(a) == 1.0) return NAN;  // C: pow(-1, inf) == 1
  return std::pow(a, b);
}

static double floor_divide(double a, double b) { return std::floor(a / b); }

static double shift_left(double a, double b) {
  // Shift as unsigned: left-shifting a negative int is undefined in C++17.
  return double(int32_t(uint32_t(to_int32(a)) << (uint32_t(to_int32(b)) & 31)));
}

static double shift_right(double a, double b) { return double(to_int32(a) >> (uint32_t(to_int32(b)) & 31)); }

// What each operator of the generated list (autogen_number_operators.h, from
// native/api/type-slots.tsv) computes on two numbers, and the helper that
// applies it to anything else. An operator the list gains without a line
// here fails to compile.
#define NUMBER_OP_Add(a, b) ((a) + (b))
#define NUMBER_OP_Subtract(a, b) ((a) - (b))
#define NUMBER_OP_Multiply(a, b) ((a) * (b))
#define NUMBER_OP_TrueDivide(a, b) ((a) / (b))
#define NUMBER_OP_FloorDivide(a, b) floor_divide(a, b)
#define NUMBER_OP_Remainder(a, b) std::fmod(a, b)
#define NUMBER_OP_Lshift(a, b) shift_left(a, b)
#define NUMBER_OP_Rshift(a, b) shift_right(a, b)
#define NUMBER_OP_And(a, b) double(to_int32(a) & to_int32(b))
#define NUMBER_OP_Xor(a, b) double(to_int32(a) ^ to_int32(b))
#define NUMBER_OP_Or(a, b) double(to_int32(a) | to_int32(b))
#define HELPER_OP_Add HELPER_add
#define HELPER_OP_Subtract HELPER_subtract
#define HELPER_OP_Multiply HELPER_multiply
#define HELPER_OP_TrueDivide HELPER_trueDivide
#define HELPER_OP_FloorDivide HELPER_floorDivide
#define HELPER_OP_Remainder HELPER_remainder
#define HELPER_OP_Lshift HELPER_lshift
#define HELPER_OP_Rshift HELPER_rshift
#define HELPER_OP_And HELPER_bitAnd
#define HELPER_OP_Xor HELPER_bitXor
#define HELPER_OP_Or HELPER_bitOr

// Defines hpy_u_NAME and hpy_u_InPlaceNAME on one body.
// HPy_InPlaceNAME on two numbers is HPy_NAME's fast path; otherwise it tries
// the in-place slot of a type defined in C first (nb_inplace_add, ...), as
// Python does, then HPy_NAME.
// An instance of a type with the slot calls its C function directly.
#define BINARY_FAST(NAME, SLOT, INPLACE_SLOT, SYMBOL)                                                        \
  static HPy binary_##NAME(ThreadState *ts, HPy h1, HPy h2) {                                                \
    double a, b;                                                                                             \
    if (hpy_number(ts, h1, &a) && hpy_number(ts, h2, &b)) return hpy_new_number(ts, NUMBER_OP_##NAME(a, b)); \
    HPy r;                                                                                                   \
    if (hpy_type_binary(ts, HPy_##SLOT, #SLOT, SYMBOL, h1, h2, &r)) return r;                                \
    return hpy_helper_handle(ts, HELPER_OP_##NAME, {h1, h2});                                                \
  }                                                                                                          \
  HPy hpy_u_##NAME(HPyContext *ctx, HPy h1, HPy h2) {                                                        \
    HPY_STATE_OR(HPy_NULL);                                                                                  \
    return binary_##NAME(ts, h1, h2);                                                                        \
  }                                                                                                          \
  HPy hpy_u_InPlace##NAME(HPyContext *ctx, HPy h1, HPy h2) {                                                 \
    HPY_STATE_OR(HPy_NULL);                                                                                  \
    double a, b;                                                                                             \
    if (hpy_number(ts, h1, &a) && hpy_number(ts, h2, &b)) return hpy_new_number(ts, NUMBER_OP_##NAME(a, b)); \
    HPy r;                                                                                                   \
    if (hpy_type_inplace(ts, HPy_##INPLACE_SLOT, h1, h2, HPy_NULL, &r)) return r;                            \
    return binary_##NAME(ts, h1, h2);                                                                        \
  }

HPY_NATIVE_BINARY_OPERATORS(BINARY_FAST)

static HPy power(ThreadState *ts, HPy h1, HPy h2, HPy h3) {
  double a, b;
  // Without a modulus (h3 is None) two numbers are a ** b.
  if (h3._i == hpy_h::None._i && hpy_number(ts, h1, &a) && hpy_number(ts, h2, &b)) return hpy_new_number(ts, js_pow(a, b));
  return hpy_helper_handle(ts, HELPER_power, {h1, h2, h3});
}

HPy hpy_u_Power(HPyContext *ctx, HPy h1, HPy h2, HPy h3) {
  HPY_STATE_OR(HPy_NULL);
  return power(ts, h1, h2, h3);
}

HPy hpy_u_InPlacePower(HPyContext *ctx, HPy h1, HPy h2, HPy h3) {
  HPY_STATE_OR(HPy_NULL);
  HPy r;
  if (hpy_type_inplace(ts, HPy_nb_inplace_power, h1, h2, h3, &r)) return r;
  return power(ts, h1, h2, h3);
}

#define UNARY_FAST(NAME, HELPER, EXPR)                             \
  HPy hpy_u_##NAME(HPyContext *ctx, HPy h1) {                      \
    HPY_STATE_OR(HPy_NULL);                                        \
    double a;                                                      \
    if (hpy_number(ts, h1, &a)) return hpy_new_number(ts, (EXPR)); \
    return hpy_helper_handle(ts, HELPER_##HELPER, {h1});           \
  }

UNARY_FAST(Negative, negative, -a)
UNARY_FAST(Positive, positive, a)
UNARY_FAST(Absolute, absolute, std::fabs(a))
UNARY_FAST(Invert, invert, double(~to_int32(a)))
UNARY_FAST(Float, float, a)

// HPy_Index: an integer as it is (integral number or BigInt; booleans become
// 0/1, -0 becomes 0); anything else is a TypeError from the helper.
HPy hpy_u_Index(HPyContext *ctx, HPy h1) {
  HPY_STATE_OR(HPy_NULL);
  double a;
  // + 0.0 turns -0 into 0: an integer has no negative zero.
  if (hpy_number(ts, h1, &a) && std::isfinite(a) && a == std::trunc(a)) return hpy_new_number(ts, a + 0.0);
  return hpy_helper_handle(ts, HELPER_index, {h1});
}

// HPy_Long: int(x). A number truncates toward zero; beyond 2^53 it becomes a
// BigInt, NaN and Infinity fail, strings are parsed: all in the helper.
HPy hpy_u_Long(HPyContext *ctx, HPy h1) {
  HPY_STATE_OR(HPy_NULL);
  double a;
  if (hpy_number(ts, h1, &a) && std::fabs(a) <= 9007199254740991.0) return hpy_new_number(ts, std::trunc(a) + 0.0);
  return hpy_helper_handle(ts, HELPER_long, {h1});
}

// Numbers, BigInts and booleans (Python's bool is an int) are numbers;
// strings are not, as in Python. Never fails on a valid handle.
int hpy_u_Number_Check(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(0);
  double d;
  if (hpy_number(ts, h, &d)) return 1;
  napi_value v = hpy_value(ts, h);
  napi_valuetype t;
  if (!v || napi_typeof(ts->env, v, &t) != napi_ok) return 0;
  napi_value prim;
  return t == napi_bigint || t == napi_boolean ||
         (t == napi_object && hpy_shape_unbox(ts, v, &prim) && napi_typeof(ts->env, prim, &t) == napi_ok && t == napi_number);
}

// JavaScript truthiness (0, NaN, '', 0n, null, undefined, false are false),
// natively: ToBoolean cannot throw or run user code. An instance of a type
// with nb_bool (or a length slot) asks it, as Python does.
int hpy_u_IsTrue(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(-1);
  double d;
  if (hpy_number(ts, h, &d)) return d != 0 && !std::isnan(d);
  if (h._i == hpy_h::True._i) return 1;
  if (h._i == hpy_h::False._i || h._i == hpy_h::None._i) return 0;
  napi_value v = hpy_value(ts, h), b;
  bool out = false;
  if (!v) return -1;
  int slot = hpy_type_truth(ts, v);  // a type's nb_bool (or length), as in Python
  if (slot != -2) return slot;
  if (!HPY_NAPI_OK(ts, napi_coerce_to_bool(ts->env, v, &b))) return -1;
  napi_get_value_bool(ts->env, b, &out);
  return out;
}
