#pragma once
// Text conversions between C bytes and JavaScript strings with Python's
// codec rules (strict UTF-8, error handlers, surrogateescape), shared by the
// Unicode/Bytes implementations (strings.cc) and HPyErr_SetFromErrno*
// (errors_api.cc), which decodes file names like os.fsdecode.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include "support.h"

/* A JS string from UTF-8 bytes decoded with Python's error handler `errors`
 * ("strict" when NULL). On failure raises UnicodeDecodeError (strict),
 * LookupError (unknown handler) and returns nullptr. */
napi_value hpy_decode_utf8(ThreadState *ts, const char *s, size_t n, const char *errors);

/* Bytes as a Node Buffer holding a copy of `data`, followed by a NUL byte
 * outside the Buffer's length so HPyBytes_AsString can hand out its own
 * storage as a C string. nullptr (error set) on failure. */
napi_value hpy_new_bytes(ThreadState *ts, const char *data, size_t len);

// The codec's parts that strings.cc builds the Unicode and Bytes functions
// from.
namespace codec {

enum class Handler { Strict, Replace, Ignore, SurrogateEscape, BackslashReplace, Unknown };
Handler parse_handler(const char *errors);

// An invalid byte range [start, end) and Python's reason for it.
struct DecodeSpan {
  size_t start, end;
  const char *reason;
};

inline void push_cp(std::vector<char16_t> &out, uint32_t cp) {
  if (cp < 0x10000) {
    out.push_back(char16_t(cp));
  } else {
    cp -= 0x10000;
    out.push_back(char16_t(0xD800 + (cp >> 10)));
    out.push_back(char16_t(0xDC00 + (cp & 0x3FF)));
  }
}

/* Decoders: false with *err set on the first byte range `h` cannot resolve. */
bool decode_utf8_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err);
bool decode_ascii_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err);
/* UTF-16: with a byte order mark (skipped) or little-endian without one, as
 * Python's "utf-16" decodes on a little-endian machine; and without a BOM
 * check, "utf-16-le" and "utf-16-be". */
bool decode_utf16_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err);
bool decode_utf16le_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err);
bool decode_utf16be_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err);
/* Whether UTF-16 data starts with a big-endian BOM (Python then names the
 * codec 'utf-16-be' in errors, else 'utf-16-le'). */
bool utf16_has_big_endian_bom(const uint8_t *s, size_t n);

/* A JS string from UTF-16 code units; nullptr (error set) on failure. */
napi_value make_utf16(ThreadState *ts, const std::vector<char16_t> &units);

/* `data` decoded by `core` with handler `errors`; UnicodeDecodeError (or
 * LookupError) naming `encoding` and nullptr on failure. */
napi_value decode(ThreadState *ts, const char *encoding, const char *data, size_t n, const char *errors,
                  bool (*core)(const uint8_t *, size_t, Handler, std::vector<char16_t> &, DecodeSpan *));

enum class Target { Utf8, Utf8SurrogateEscape, Ascii, Latin1 };

// Code points of a UTF-16 string: pairs combine, lone surrogates stay.
struct CodePoints {
  const char16_t *u;
  size_t n, i = 0;
  bool next(uint32_t *cp) {
    if (i >= n) return false;
    uint32_t c = u[i++];
    if (c >= 0xD800 && c <= 0xDBFF && i < n && u[i] >= 0xDC00 && u[i] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (u[i++] - 0xDC00);
    }
    *cp = c;
    return true;
  }
};

/* The string behind h, or nullptr with a TypeError naming `fn`. */
napi_value string_arg(ThreadState *ts, HPy h, const char *fn);

/* The UTF-16 code units of a JS string; false with the error set. */
bool read_utf16(ThreadState *ts, napi_value str, std::vector<char16_t> &out);

/* The string behind h encoded for `t`; false with UnicodeEncodeError set. */
bool encode_handle(ThreadState *ts, HPy h, Target t, const char *fn, std::string &out);

/* The same as a new bytes handle; HPy_NULL on failure. */
HPy encode_to_bytes(ThreadState *ts, HPy h, Target t, const char *fn);

}  // namespace codec
