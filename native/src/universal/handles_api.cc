// Handles: HPy_Dup, HPy_Close.
#include "../core/errors.h"
#include "../core/handles.h"
#include "autogen_universal.h"
#include "frame_scopes.h"

HPy hpy_u_Dup(HPyContext *ctx, HPy h) {
  ThreadState *ts = hpy_state(__func__);
  return ts ? hpy_dup(ts, h) : HPy_NULL;
}

void hpy_u_Close(HPyContext *ctx, HPy h) {
  if (ThreadState *ts = hpy_state(__func__)) {
    hpy_close(ts, h);
    if (__builtin_expect(--ts->close_budget == 0, 0)) hpy_frame_compact(ts);
  }
}
