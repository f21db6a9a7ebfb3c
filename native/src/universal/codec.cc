// Python's codecs between C bytes and JavaScript strings (see codec.h).
#include "codec.h"
#include <cstdio>
#include <cstring>
#include "describe.h"
#include "types/type_shapes.h"

namespace codec {

Handler parse_handler(const char *errors) {
  if (!errors || !strcmp(errors, "strict")) return Handler::Strict;
  if (!strcmp(errors, "replace")) return Handler::Replace;
  if (!strcmp(errors, "ignore")) return Handler::Ignore;
  if (!strcmp(errors, "surrogateescape")) return Handler::SurrogateEscape;
  if (!strcmp(errors, "backslashreplace")) return Handler::BackslashReplace;
  return Handler::Unknown;
}

// Applies a non-strict handler to the bytes [sp.start, sp.end). Returns false
// for the handlers that cannot resolve the error (strict, unknown).
static bool apply_decode_handler(Handler h, const uint8_t *s, DecodeSpan sp, std::vector<char16_t> &out) {
  switch (h) {
    case Handler::Replace: out.push_back(0xFFFD); return true;
    case Handler::Ignore: return true;
    case Handler::SurrogateEscape:
      // Only bytes >= 0x80 can be escaped; error spans of the UTF-8 and ASCII
      // decoders never contain others, but check as Python does.
      for (size_t i = sp.start; i < sp.end; i++)
        if (s[i] < 0x80) return false;
      for (size_t i = sp.start; i < sp.end; i++) out.push_back(char16_t(0xDC00 + s[i]));
      return true;
    case Handler::BackslashReplace:
      for (size_t i = sp.start; i < sp.end; i++) {
        static const char hex[] = "0123456789abcdef";
        for (char c : {'\\', 'x', hex[s[i] >> 4], hex[s[i] & 15]}) out.push_back(char16_t(c));
      }
      return true;
    default: return false;
  }
}

// Python's UTF-8 decoder: rejects overlong forms, surrogates and code points
// beyond U+10FFFF, and reports the same spans and reasons as CPython.
bool decode_utf8_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err) {
  out.reserve(n);
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      out.push_back(c);
      i++;
      continue;
    }
    size_t len = 0;
    uint8_t lo = 0x80, hi = 0xBF;  // valid range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // beyond U+10FFFF
    }
    DecodeSpan sp{i, i + 1, "invalid start byte"};
    if (len) {
      size_t k = 1;
      for (; k < len; k++) {
        if (i + k >= n) {
          sp = {i, n, "unexpected end of data"};
          break;
        }
        uint8_t b = s[i + k];
        bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!ok) {
          sp = {i, i + k, "invalid continuation byte"};
          break;
        }
      }
      if (k == len) {
        uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t j = 1; j < len; j++) cp = (cp << 6) | (s[i + j] & 0x3F);
        push_cp(out, cp);
        i += len;
        continue;
      }
    }
    if (!apply_decode_handler(h, s, sp, out)) {
      *err = sp;
      return false;
    }
    i = sp.end;
  }
  return true;
}

bool decode_ascii_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err) {
  out.reserve(n);
  for (size_t i = 0; i < n; i++) {
    if (s[i] < 0x80) {
      out.push_back(s[i]);
    } else if (!apply_decode_handler(h, s, {i, i + 1, "ordinal not in range(128)"}, out)) {
      *err = {i, i + 1, "ordinal not in range(128)"};
      return false;
    }
  }
  return true;
}

// Python's UTF-16 decoder for one byte order, from byte `i` on: surrogate
// pairs combine; an odd trailing byte, a lone low surrogate and a high one
// without its pair are errors with CPython's spans and reasons.
static bool decode_utf16_from(const uint8_t *s, size_t n, size_t i, bool big, Handler h, std::vector<char16_t> &out,
                              DecodeSpan *err) {
  auto unit = [&](size_t at) { return big ? uint32_t(s[at] << 8 | s[at + 1]) : uint32_t(s[at + 1] << 8 | s[at]); };
  out.reserve(n / 2);
  while (i < n) {
    DecodeSpan sp;
    if (n - i < 2) {
      sp = {i, n, "truncated data"};
    } else {
      uint32_t u = unit(i);
      if (u < 0xD800 || u > 0xDFFF) {
        out.push_back(char16_t(u));
        i += 2;
        continue;
      }
      if (u >= 0xDC00) {
        sp = {i, i + 2, "illegal encoding"};
      } else if (n - i < 4) {
        sp = {i, n, "unexpected end of data"};
      } else if (uint32_t v = unit(i + 2); v >= 0xDC00 && v <= 0xDFFF) {
        out.push_back(char16_t(u));
        out.push_back(char16_t(v));
        i += 4;
        continue;
      } else {
        sp = {i, i + 2, "illegal UTF-16 surrogate"};
      }
    }
    if (!apply_decode_handler(h, s, sp, out)) {
      *err = sp;
      return false;
    }
    i = sp.end;
  }
  return true;
}

bool utf16_has_big_endian_bom(const uint8_t *s, size_t n) { return n >= 2 && s[0] == 0xFE && s[1] == 0xFF; }

bool decode_utf16_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err) {
  bool bom = n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF));
  return decode_utf16_from(s, n, bom ? 2 : 0, utf16_has_big_endian_bom(s, n), h, out, err);
}

bool decode_utf16le_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err) {
  return decode_utf16_from(s, n, 0, false, h, out, err);
}

bool decode_utf16be_core(const uint8_t *s, size_t n, Handler h, std::vector<char16_t> &out, DecodeSpan *err) {
  return decode_utf16_from(s, n, 0, true, h, out, err);
}

static void set_prop(ThreadState *ts, napi_value obj, const char *name, napi_value v) {
  if (obj && v) napi_set_named_property(ts->env, obj, name, v);
}

static napi_value js_size(ThreadState *ts, size_t n) {
  napi_value v = nullptr;
  napi_create_double(ts->env, double(n), &v);
  return v;
}

static napi_value js_cstr(ThreadState *ts, const char *s) {
  napi_value v = nullptr;
  napi_create_string_utf8(ts->env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

// Raises UnicodeDecodeError (or LookupError for an unknown handler) with
// Python's message and attributes (encoding, object, start, end, reason).
static void raise_decode_error(ThreadState *ts, const char *encoding, const uint8_t *s, size_t n, DecodeSpan sp,
                               const char *errors) {
  if (parse_handler(errors) == Handler::Unknown) {
    hpy_err_raise(ts, hpy_h::LookupError, "unknown error handler name '%s'", errors);
    return;
  }
  if (sp.end == sp.start + 1)
    hpy_err_raise(ts, hpy_h::UnicodeDecodeError, "'%s' codec can't decode byte 0x%02x in position %zu: %s", encoding, s[sp.start],
                  sp.start, sp.reason);
  else
    hpy_err_raise(ts, hpy_h::UnicodeDecodeError, "'%s' codec can't decode bytes in position %zu-%zu: %s", encoding, sp.start,
                  sp.end - 1, sp.reason);
  napi_value err = ts->frame.error, object = nullptr;
  void *copy = nullptr;
  napi_create_buffer_copy(ts->env, n, s, &copy, &object);
  set_prop(ts, err, "encoding", js_cstr(ts, encoding));
  set_prop(ts, err, "object", object);
  set_prop(ts, err, "start", js_size(ts, sp.start));
  set_prop(ts, err, "end", js_size(ts, sp.end));
  set_prop(ts, err, "reason", js_cstr(ts, sp.reason));
}

napi_value make_utf16(ThreadState *ts, const std::vector<char16_t> &units) {
  napi_value v;
  return HPY_NAPI_OK(ts, napi_create_string_utf16(ts->env, units.data(), units.size(), &v)) ? v : nullptr;
}

static bool all_ascii(const uint8_t *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= 0x80) return false;
  return true;
}

napi_value decode(ThreadState *ts, const char *encoding, const char *data, size_t n, const char *errors,
                  bool (*core)(const uint8_t *, size_t, Handler, std::vector<char16_t> &, DecodeSpan *)) {
  const uint8_t *s = reinterpret_cast<const uint8_t *>(data);
  bool ascii_compatible = core != decode_utf16_core && core != decode_utf16le_core && core != decode_utf16be_core;
  if (ascii_compatible && all_ascii(s, n)) {  // the common case: one copy, straight from the bytes
    napi_value v;
    return HPY_NAPI_OK(ts, napi_create_string_latin1(ts->env, data, n, &v)) ? v : nullptr;
  }
  std::vector<char16_t> out;
  DecodeSpan sp{};
  if (!core(s, n, parse_handler(errors), out, &sp)) {
    raise_decode_error(ts, encoding, s, n, sp, errors);
    return nullptr;
  }
  return make_utf16(ts, out);
}

// ---- encoding -------------------------------------------------------------

struct EncodeSpan {
  size_t start, end;  // in code points, as Python reports them
  uint32_t first;     // the first code point that failed
  const char *reason;
};

inline bool is_surrogate(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

static void put_utf8(std::string &out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

// Whether `cp` cannot be encoded by `t` on its own (surrogates are judged as
// a run in encode_core, as Python's surrogateescape does).
static bool unencodable(Target t, uint32_t cp) {
  switch (t) {
    case Target::Ascii: return cp >= 0x80;
    case Target::Latin1: return cp >= 0x100;
    default: return is_surrogate(cp);
  }
}

static bool encode_core(const char16_t *u, size_t n, Target t, std::string &out, EncodeSpan *err) {
  out.reserve(n);
  CodePoints it{u, n};
  size_t index = 0;
  uint32_t cp;
  while (it.next(&cp)) {
    if (!unencodable(t, cp)) {
      if (t == Target::Ascii || t == Target::Latin1) out += char(cp);
      else put_utf8(out, cp);
      index++;
      continue;
    }
    // Python hands the whole run of unencodable characters to the error
    // handler and reports it as one range.
    std::vector<uint32_t> run{cp};
    CodePoints ahead = it;
    uint32_t next;
    while (ahead.next(&next) && unencodable(t, next)) {
      run.push_back(next);
      it = ahead;
    }
    if (t == Target::Utf8SurrogateEscape) {
      bool escapable = true;
      for (uint32_t c : run) escapable = escapable && c >= 0xDC80 && c <= 0xDCFF;
      if (escapable) {
        for (uint32_t c : run) out += char(c - 0xDC00);
        index += run.size();
        continue;
      }
    }
    const char *reason = t == Target::Ascii    ? "ordinal not in range(128)"
                         : t == Target::Latin1 ? "ordinal not in range(256)"
                                               : "surrogates not allowed";
    *err = {index, index + run.size(), cp, reason};
    return false;
  }
  return true;
}

static const char *target_name(Target t) { return t == Target::Ascii ? "ascii" : t == Target::Latin1 ? "latin-1" : "utf-8"; }

static void raise_encode_error(ThreadState *ts, Target t, napi_value str, EncodeSpan sp) {
  const char *enc = target_name(t);
  if (sp.end == sp.start + 1) {
    char ch[16];
    if (sp.first <= 0xFF) snprintf(ch, sizeof ch, "\\x%02x", sp.first);
    else if (sp.first <= 0xFFFF) snprintf(ch, sizeof ch, "\\u%04x", sp.first);
    else snprintf(ch, sizeof ch, "\\U%08x", sp.first);
    hpy_err_raise(ts, hpy_h::UnicodeEncodeError, "'%s' codec can't encode character '%s' in position %zu: %s", enc, ch, sp.start,
                  sp.reason);
  } else {
    hpy_err_raise(ts, hpy_h::UnicodeEncodeError, "'%s' codec can't encode characters in position %zu-%zu: %s", enc, sp.start,
                  sp.end - 1, sp.reason);
  }
  napi_value err = ts->frame.error;
  set_prop(ts, err, "encoding", js_cstr(ts, enc));
  set_prop(ts, err, "object", str);
  set_prop(ts, err, "start", js_size(ts, sp.start));
  set_prop(ts, err, "end", js_size(ts, sp.end));
  set_prop(ts, err, "reason", js_cstr(ts, sp.reason));
}

// The string behind h, or nullptr with TypeError naming the function.
napi_value string_arg(ThreadState *ts, HPy h, const char *fn) {
  napi_value v = hpy_value(ts, h);
  if (!v) return nullptr;
  napi_valuetype t;
  if (napi_typeof(ts->env, v, &t) == napi_ok && t == napi_string) return v;
  napi_value prim;  // an instance of a Unicode-shaped type
  if (t == napi_object && hpy_shape_unbox(ts, v, &prim) && napi_typeof(ts->env, prim, &t) == napi_ok && t == napi_string)
    return prim;
  hpy_err_raise(ts, hpy_h::TypeError, "%s: expected a string, got %s", fn, hpy_describe_type(ts, v));
  return nullptr;
}

bool read_utf16(ThreadState *ts, napi_value str, std::vector<char16_t> &out) {
  size_t len = 0;
  if (!HPY_NAPI_OK(ts, napi_get_value_string_utf16(ts->env, str, nullptr, 0, &len))) return false;
  out.resize(len + 1);
  if (!HPY_NAPI_OK(ts, napi_get_value_string_utf16(ts->env, str, out.data(), len + 1, &len))) return false;
  out.resize(len);
  return true;
}

// Encodes the string behind h; false with the error set.
bool encode_handle(ThreadState *ts, HPy h, Target t, const char *fn, std::string &out) {
  napi_value str = string_arg(ts, h, fn);
  std::vector<char16_t> u;
  if (!str || !read_utf16(ts, str, u)) return false;
  EncodeSpan sp{};
  if (encode_core(u.data(), u.size(), t, out, &sp)) return true;
  raise_encode_error(ts, t, str, sp);
  return false;
}

HPy encode_to_bytes(ThreadState *ts, HPy h, Target t, const char *fn) {
  std::string out;
  if (!encode_handle(ts, h, t, fn, out)) return HPy_NULL;
  napi_value b = hpy_new_bytes(ts, out.data(), out.size());
  return b ? hpy_new(ts, b) : HPy_NULL;
}

}  // namespace codec

napi_value hpy_decode_utf8(ThreadState *ts, const char *s, size_t n, const char *errors) {
  return codec::decode(ts, "utf-8", s, n, errors, codec::decode_utf8_core);
}
