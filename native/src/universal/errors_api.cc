// HPyErr_*: the error indicator.
#include "support.h"

HPy hpy_u_Err_SetString(HPyContext *ctx, HPy h_type, const char *utf8_message) {
  HPY_STATE_OR(HPy_NULL);
  hpy_err_raise(ts, h_type, "%s", utf8_message ? utf8_message : "");
  return HPy_NULL;
}

int hpy_u_Err_Occurred(HPyContext *ctx) {
  HPY_STATE_OR(0);
  return ts->error != nullptr;
}

void hpy_u_Err_Clear(HPyContext *ctx) {
  HPY_STATE_OR();
  ts->error = nullptr;
}
