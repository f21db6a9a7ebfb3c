#pragma once
// Shorthands for universal implementations: resolve handles, call runtime
// helpers, wrap results. Each returns HPy's failure value with the HPy error
// set when something fails, so implementations stay straight-line.
#include "../core/errors.h"
#include "../core/handles.h"
#include "../core/runtime.h"

/* Handle to the result of helper `id` over handles `args`; HPy_NULL on error. */
HPy hpy_helper_h(ThreadState *ts, HelperId id, std::initializer_list<HPy> args);

/* Result of helper `id` over handles as a napi_value; nullptr on error. */
napi_value hpy_helper_v(ThreadState *ts, HelperId id, std::initializer_list<HPy> args);

/* Same with extra napi_value arguments appended after the handles. */
napi_value hpy_helper_vx(ThreadState *ts, HelperId id, std::initializer_list<HPy> args,
                         std::initializer_list<napi_value> extra);

/* Truthiness (0/1) of helper `id`'s result, -1 on error. */
int hpy_helper_bool(ThreadState *ts, HelperId id, std::initializer_list<HPy> args);

/* A JS string from UTF-8; nullptr on error (error set). */
napi_value hpy_string(ThreadState *ts, const char *utf8, size_t len = NAPI_AUTO_LENGTH);

/* The thread state, or return `fail` from the calling function. */
#define HPY_STATE_OR(fail)                                  \
  ThreadState *ts = hpy_state(__func__ + 6 /* "hpy_u_" */); \
  if (!ts) return fail
