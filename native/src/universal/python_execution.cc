// HPy_LeavePythonExecution / HPy_ReenterPythonExecution (HPy_BEGIN_LEAVE_PYTHON
// and HPy_END_LEAVE_PYTHON). On CPython they release and retake the GIL around
// C code that needs no Python objects. JavaScript has no GIL, and the
// JavaScript thread stays in the extension's C code either way, so there is
// nothing to release. What hpy-node keeps is HPy's contract, checked:
//
// - Between the two, no HPy call is allowed. Leave takes the frame's depth
//   (thread_state.h), so every HPy call fails as it does outside any call
//   (HPy_NULL, -1; HPy_Close does nothing), and Reenter raises a SystemError
//   naming the first one. This costs the common path nothing.
// - Reenter takes the token Leave returned, on the same thread, once.
// - The function must reenter before it returns (frame.cc raises otherwise).
#include "autogen_universal.h"
#include "support.h"

// The token is the thread's state: only that thread can reenter with it.
static intptr_t token_of(ThreadState *ts) { return reinterpret_cast<intptr_t>(ts); }

HPyThreadState hpy_u_LeavePythonExecution(HPyContext *ctx) {
  HPY_STATE_OR(HPyThreadState{0});  // left already (nested), or no call in progress
  ts->frame.left.depth = ts->frame_depth;
  ts->frame_depth = 0;
  ts->frame.left.first_call = nullptr;
  ts->frame.left.calls = 0;
  return HPyThreadState{token_of(ts)};
}

void hpy_u_ReenterPythonExecution(HPyContext *ctx, HPyThreadState state) {
  ThreadState *left = t_state;
  if (!left || left->frame.left.depth == 0) {
    HPY_STATE_OR();  // another thread, or no call in progress: reported as for any call
    hpy_err_raise(ts, hpy_h::SystemError,
                  "ctx_ReenterPythonExecution: Python execution was not left on this thread (no "
                  "HPy_LeavePythonExecution before it, or it was reentered already)");
    return;
  }
  left->frame_depth = left->frame.left.depth;
  left->frame.left.depth = 0;
  if (state._i != token_of(left)) {
    hpy_err_raise(left, hpy_h::SystemError,
                  "ctx_ReenterPythonExecution: the HPyThreadState is not the one HPy_LeavePythonExecution "
                  "returned on this thread");
  } else if (left->frame.left.calls > 0) {
    hpy_err_raise(left, hpy_h::SystemError,
                  "ctx_ReenterPythonExecution: %u HPy call%s made after HPy_LeavePythonExecution (the first: "
                  "ctx_%s): HPy allows none before HPy_ReenterPythonExecution (they failed, returning HPy_NULL or "
                  "-1)",
                  unsigned(left->frame.left.calls), left->frame.left.calls == 1 ? " was" : "s were", left->frame.left.first_call);
  }
  left->frame.left.first_call = nullptr;
  left->frame.left.calls = 0;
}
