// HPy_Compile_s and HPy_EvalCode: JavaScript source compiled by node:vm into
// a Code object and run with globals/locals (src/universal/code.ts says what
// each source kind and namespace means).
#include "autogen_universal.h"
#include "support.h"

namespace {

// The value of `h`, or undefined for HPy_NULL (the helper says what is
// missing, as for None).
napi_value value_or_undefined(ThreadState *ts, HPy h) {
  napi_value v = nullptr;
  if (HPy_IsNull(h)) {
    HPY_NAPI_OK(ts, napi_get_undefined(ts->env, &v));
    return v;
  }
  return hpy_value(ts, h);
}

}  // namespace

HPy hpy_u_Compile_s(HPyContext *ctx, const char *utf8_source, const char *utf8_filename, HPy_SourceKind kind) {
  HPY_STATE_OR(HPy_NULL);
  // HPy's own check, before anything else: SystemError, as in HPy.
  if (kind != HPy_SourceKind_Expr && kind != HPy_SourceKind_File && kind != HPy_SourceKind_Single) {
    hpy_err_raise(ts, hpy_h::SystemError,
                  "ctx_Compile_s: invalid source kind %d (HPy_SourceKind_Expr, HPy_SourceKind_File or "
                  "HPy_SourceKind_Single)",
                  int(kind));
    return HPy_NULL;
  }
  if (!utf8_source || !utf8_filename) {
    hpy_err_raise(ts, hpy_h::SystemError, "ctx_Compile_s: the %s is NULL", utf8_source ? "filename" : "source");
    return HPy_NULL;
  }
  napi_value argv[3];
  if (!(argv[0] = hpy_string(ts, utf8_source)) || !(argv[1] = hpy_string(ts, utf8_filename)) ||
      !HPY_NAPI_OK(ts, napi_create_int32(ts->env, int32_t(kind), &argv[2])))
    return HPy_NULL;
  napi_value code = hpy_call_helper(ts, HELPER_compile, 3, argv);
  return code ? hpy_new(ts, code) : HPy_NULL;
}

// HPy_NULL locals is globals, as in CPython's PyEval_EvalCode.
HPy hpy_u_EvalCode(HPyContext *ctx, HPy code, HPy globals, HPy locals) {
  HPY_STATE_OR(HPy_NULL);
  napi_value argv[3];
  for (int i = 0; i < 3; i++) {
    if (!(argv[i] = value_or_undefined(ts, i == 0 ? code : i == 1 ? globals : locals))) return HPy_NULL;
  }
  napi_value r = hpy_call_helper(ts, HELPER_evalCode, 3, argv);
  return r ? hpy_new(ts, r) : HPy_NULL;
}
