#pragma once
// HPyUnicode_AsUTF8AndSize's common case (strings.cc): a JavaScript string
// encoded straight into frame scratch memory.
#include "support.h"

/* A NUL-terminated UTF-8 copy of string `v` that lives until the extension
 * call returns, its length in *n. nullptr with no error set when `v` is no
 * string or holds a lone surrogate (the codec's path then raises);
 * nullptr with MemoryError set when memory runs out. */
const char *hpy_utf8_copy(ThreadState *ts, napi_value v, size_t *n);
