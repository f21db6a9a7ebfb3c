#pragma once
// Errors thrown by trace hooks during a frame. A hook can throw on every one
// of millions of context calls in one call from JavaScript: only the first
// error is kept (it is the one thrown to the caller); the others are released
// at once and counted, so memory stays bounded, and the count is put in the
// first error's message.
#include <node_api.h>
#include "thread_state.h"

/* After a hook call failed, with its per-call handle scope (if any) closed:
 * takes the pending JavaScript exception. The first of the frame becomes
 * ts->frame.hook_error, held in the frame's own handle scope until the frame ends;
 * later ones are released before this returns and counted in
 * ts->frame.hook_errors_dropped. Outside a frame the exception is just cleared. */
void hpy_hook_error_take(ThreadState *ts);

/* The error to throw at the end of a frame whose hooks failed: ts->frame.hook_error,
 * its message (when it is an object with a string message that can be set)
 * followed by "(and N more errors thrown by trace hooks during this call were
 * dropped)" when there were more. */
napi_value hpy_hook_error_for_caller(ThreadState *ts);
