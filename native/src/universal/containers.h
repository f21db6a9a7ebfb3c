#pragma once
// Shared by containers.cc (lists, tuples) and builders.cc (the builders).
#include "support.h"

/* A new array of `len` undefined values without holes; nullptr (error set,
 * naming `fn`) on a negative or impossible length. */
napi_value hpy_new_filled_array(ThreadState *ts, HPy_ssize_t len, const char *fn);

/* An array of the values of the n handles, frozen (a tuple) or not, made in
 * one engine call; an HPy_NULL item is undefined when `null_is_undefined`
 * (a builder's unset slot), else an invalid handle. nullptr with the error
 * set (naming `fn`) on failure. */
napi_value hpy_array_of_handles(ThreadState *ts, const HPy *items, HPy_ssize_t n, bool frozen, bool null_is_undefined,
                                const char *fn);
