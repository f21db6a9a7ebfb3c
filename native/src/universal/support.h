#pragma once
// Shorthands for universal implementations: resolve handles, call runtime
// helpers, wrap results. Each returns HPy's failure value with the HPy error
// set when something fails, so implementations stay straight-line.
#include <initializer_list>
#include "../core/errors.h"
#include "../core/handles.h"
#include "../core/runtime.h"
#include "../core/unsupported.h"
#include "autogen_universal.h"

/* A new handle to the result of helper `id` called with the values of
 * `args`; HPy_NULL on error. */
HPy hpy_helper_handle(ThreadState *ts, HelperId id, std::initializer_list<HPy> args);

/* The result of helper `id` called with the values of `args`, as a
 * napi_value of the current frame; nullptr on error. */
napi_value hpy_helper_value(ThreadState *ts, HelperId id, std::initializer_list<HPy> args);

/* The same, with `extra` napi_values passed after the handles' values. */
napi_value hpy_helper_value_with(ThreadState *ts, HelperId id, std::initializer_list<HPy> args,
                                 std::initializer_list<napi_value> extra);

/* Truthiness (0/1) of helper `id`'s result, -1 on error. */
int hpy_helper_bool(ThreadState *ts, HelperId id, std::initializer_list<HPy> args);

/* A JS string from UTF-8; nullptr on error (error set). */
napi_value hpy_string(ThreadState *ts, const char *utf8, size_t len = NAPI_AUTO_LENGTH);

/* The same for a property key or name given as a C string (the *_s calls):
 * short ASCII keys come from the engine's cache, already internalized. */
napi_value hpy_key(ThreadState *ts, const char *utf8);

/* The thread state, or return `fail` from the calling implementation (whose
 * __func__, hpy_u_X, names the context function in the message). */
#define HPY_STATE_OR(fail)               \
  ThreadState *ts = hpy_state(__func__); \
  if (!ts) return fail
