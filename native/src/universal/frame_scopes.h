#pragma once
// Frames that free what their C code made and closed (see ThreadState::
// close_budget): HPy_Close counts down, and at zero the frame's live handles
// move to a fresh handle scope of its own.
#include "../core/thread_state.h"

/* Called by HPy_Close when ts->close_budget reaches zero: moves the current
 * frame's live values to a new scope when that is safe, and sets the budget
 * for the next time. */
void hpy_frame_compact(ThreadState *ts);
