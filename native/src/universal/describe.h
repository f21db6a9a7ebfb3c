#pragma once
// Names of JavaScript types for error messages, shared by the number, call
// and object implementations, so every "expected X, got Y" reads the same.
#include "support.h"

/* A short name of v's type ("number", "string", "Map", "Foo", ...). Never
 * fails: returns "object" if the class name cannot be read. The string lives
 * until the current frame ends. */
const char *hpy_describe_type(ThreadState *ts, napi_value v);

/* The JavaScript boolean as a handle to the True/False constants: no table
 * entry, nothing to close (closing a constant is allowed). */
inline HPy hpy_bool_handle(bool b) { return b ? hpy_h::True : hpy_h::False; }
