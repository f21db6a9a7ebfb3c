#pragma once
// Shared by containers.cc (HPyList_New) and builders.cc (the builders).
#include "support.h"

/* A new array of `len` undefined values without holes; nullptr (error set,
 * naming `fn`) on a negative or impossible length. */
napi_value hpy_new_filled_array(ThreadState *ts, HPy_ssize_t len, const char *fn);
