// The number protocol with JavaScript semantics. Two numbers take the native
// fast path (the common case in numeric extensions; results stay unboxed);
// anything else (BigInt, strings, objects with valueOf) goes to the runtime
// helper, which applies the JavaScript operator itself.
#include <cmath>
#include "support.h"

#define BINARY_FAST(NAME, HELPER, EXPR)                           \
  HPy hpy_u_##NAME(HPyContext *ctx, HPy h1, HPy h2) {             \
    HPY_STATE_OR(HPy_NULL);                                       \
    double a, b;                                                  \
    if (hpy_number(ts, h1, &a) && hpy_number(ts, h2, &b)) {       \
      return hpy_new_number(ts, (EXPR));                          \
    }                                                             \
    return hpy_helper_h(ts, HELPER_##HELPER, {h1, h2});           \
  }

BINARY_FAST(Add, add, a + b)
BINARY_FAST(Subtract, subtract, a - b)
BINARY_FAST(Multiply, multiply, a * b)
BINARY_FAST(TrueDivide, trueDivide, a / b)
