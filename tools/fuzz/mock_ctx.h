/* A stand-in HPyContext for fuzzing the helper library's parsers
 * (native/runtime/argparse.c, buildvalue.c, format.c) without Node: the
 * context functions they call, over a small table of objects. It checks what
 * the parsers owe their caller: every handle they make is closed once (or
 * returned), none is closed twice, and a failure comes with an exception set
 * (HPy's contract). A broken rule aborts, so libFuzzer reports it.
 *
 * Handles are table indexes + 1. A handle outside the table (the harnesses
 * pass one pointer value for every variadic argument) is some object of no
 * known type: conversions of it fail with TypeError. */
#ifndef HPY_FUZZ_MOCK_CTX_H
#define HPY_FUZZ_MOCK_CTX_H
#include "hpy.h"

enum MockKind { MOCK_NONE, MOCK_INT, MOCK_FLOAT, MOCK_STR, MOCK_TUPLE, MOCK_DICT, MOCK_OTHER, MOCK_KINDS };

/* Resets the table and the error indicator: once per fuzz input. */
HPyContext *mock_reset(void);

/* A borrowed argument object (not counted as made by the parser). For STR,
 * `text` (copied, up to 15 bytes, may hold a NUL); for INT and FLOAT, `num`.
 * For TUPLE and DICT: empty, filled with mock_tuple_push/mock_dict_put. */
HPy mock_arg(enum MockKind kind, const char *text, long long num);
void mock_tuple_push(HPy tuple, HPy item);
void mock_dict_put(HPy dict, HPy key_str, HPy value);

/* After a call: `made_ok` is whether the parser returned success. Aborts if
 * the error indicator disagrees, or if handles it made are still open
 * (besides those the caller holds: pass them to mock_close first). */
void mock_check(int made_ok);

/* Closes a handle the caller got (a result, a tracker's contents). */
void mock_close(HPy h);
#endif
