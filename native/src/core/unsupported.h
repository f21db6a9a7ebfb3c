#pragma once
#include "thread_state.h"

/* Raises NotImplementedError naming context function `fn_id` ("ctx_X is not
 * supported by hpy-node yet"). The generated stubs of the functions that
 * native/api/ctx-functions.tsv marks `unsupported` call it. */
void hpy_raise_unsupported(ThreadState *ts, int fn_id);
