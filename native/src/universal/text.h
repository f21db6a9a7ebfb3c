#pragma once
// Text conversions between C bytes and JavaScript strings with Python's
// codec rules (strict UTF-8, error handlers, surrogateescape), shared by the
// Unicode/Bytes implementations (strings.cc) and HPyErr_SetFromErrno*
// (errors_api.cc), which decodes file names like os.fsdecode.
#include <cstddef>
#include "support.h"

/* A JS string from UTF-8 bytes decoded with Python's error handler `errors`
 * ("strict" when NULL). On failure raises UnicodeDecodeError (strict),
 * LookupError (unknown handler) and returns nullptr. */
napi_value hpy_decode_utf8(ThreadState *ts, const char *s, size_t n, const char *errors);

/* Bytes as a Node Buffer holding a copy of `data`, followed by a NUL byte
 * outside the Buffer's length so HPyBytes_AsString can hand out its own
 * storage as a C string. nullptr (error set) on failure. */
napi_value hpy_new_bytes(ThreadState *ts, const char *data, size_t len);
