#pragma once
// Shared by containers.cc (lists, tuples) and builders.cc (the builders).
#include "support.h"

/* Whether n items make an array in one engine call: false with SystemError
 * (negative) or MemoryError (more than kEngineMaxArray) naming `fn`. */
bool hpy_array_length_ok(ThreadState *ts, HPy_ssize_t n, const char *fn);

/* An array of the values of the n handles (n checked by
 * hpy_array_length_ok), frozen (a tuple) or not, made in one engine call; an HPy_NULL item is undefined when `null_is_undefined`
 * (a builder's unset slot), else an invalid handle. nullptr with the error
 * set (naming `fn`) on failure. */
napi_value hpy_array_of_handles(ThreadState *ts, const HPy *items, HPy_ssize_t n, bool frozen, bool null_is_undefined,
                                const char *fn);
