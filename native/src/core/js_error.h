#pragma once
// The one function that turns a Status into a JavaScript exception. The
// addon's hpy_throw (addon/errors.h) wraps it; the callbacks that JavaScript
// calls directly (methods, slots, constructors: core/call_args.cc and
// universal/types/) use it where they find no runtime or a wrong call.
#include <node_api.h>
#include "status.h"

/* Throws `status` as the JavaScript class its kind names, unless an
 * exception is already pending (that one is more precise). */
void hpy_throw_status(napi_env env, const Status &status);

/* The failure of a call into a thread that has no HPy runtime: none was
 * started here (no extension loaded yet) or its environment is ending.
 * One message and one class (Error) wherever it is found. */
Status hpy_no_runtime_status();
