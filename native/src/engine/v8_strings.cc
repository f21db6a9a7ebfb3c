// Strings between C's UTF-8 and V8, for HPyUnicode_FromString and
// HPyUnicode_AsUTF8AndSize. Why here: V8 keeps a string whose characters
// all fit in a byte (ASCII, Latin-1) as one byte per character, and makes
// such a string from bytes in one copy; Node-API's UTF-8 path decodes to
// UTF-16 first, and hpy-node's codec (universal/codec.cc, which has Python's
// error rules) goes through a vector and Node-API. Valid input takes these
// paths; anything the codec must reject or report is left to it.
#include <cstdlib>
#include "v8_values.h"

namespace {

// Bytes of a valid UTF-8 sequence starting at s[i] as Python's strict
// decoder accepts it (no surrogates, no overlong forms, at most U+10FFFF),
// or 0.
size_t utf8_sequence(const uint8_t *s, size_t n, size_t i) {
  uint8_t c = s[i];
  auto cont = [&](size_t k, uint8_t lo, uint8_t hi) { return i + k < n && s[i + k] >= lo && s[i + k] <= hi; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    uint8_t lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return cont(1, lo, hi) && cont(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    uint8_t lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(1, lo, hi) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// The length of s's leading ASCII run, eight bytes at a time.
size_t ascii_prefix(const uint8_t *s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & 0x8080808080808080ull) break;
  }
  while (i < n && s[i] < 0x80) i++;
  return i;
}

napi_value one_byte_string(v8::Isolate *iso, const uint8_t *s, size_t n) {
  v8::Local<v8::String> str;
  if (!v8::String::NewFromOneByte(iso, s, v8::NewStringType::kNormal, int(n)).ToLocal(&str)) return nullptr;
  return hpy_v8_value(str);
}

// Decodes valid UTF-8 into UTF-16 units (at most n of them), noting the
// largest; SIZE_MAX on anything Python's strict decoder refuses.
size_t decode_utf8(const uint8_t *s, size_t n, uint16_t *out, uint32_t *max) {
  size_t m = 0;
  uint32_t top = 0;
  for (size_t j = 0; j < n;) {
    uint32_t c = s[j];
    if (c < 0x80) {
      out[m++] = uint16_t(c);
      j++;
      continue;
    }
    size_t len = utf8_sequence(s, n, j);
    if (len == 0) return SIZE_MAX;
    if (len == 2) c = (c & 0x1F) << 6 | (s[j + 1] & 0x3F);
    else if (len == 3) c = (c & 0x0F) << 12 | (s[j + 1] & 0x3F) << 6 | (s[j + 2] & 0x3F);
    else c = (c & 0x07) << 18 | (s[j + 1] & 0x3F) << 12 | (s[j + 2] & 0x3F) << 6 | (s[j + 3] & 0x3F);
    j += len;
    top = c > top ? c : top;
    if (c < 0x10000) {
      out[m++] = uint16_t(c);
    } else {
      out[m++] = uint16_t(0xD800 + ((c - 0x10000) >> 10));
      out[m++] = uint16_t(0xDC00 + ((c - 0x10000) & 0x3FF));
    }
  }
  *max = top;
  return m;
}

}  // namespace

napi_value hpy_engine_string_from_utf8(const char *text, size_t n) {
  if (n > size_t(v8::String::kMaxLength)) return nullptr;
  const uint8_t *s = reinterpret_cast<const uint8_t *>(text);
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  size_t i = ascii_prefix(s, n);
  if (i == n) return one_byte_string(iso, s, n);
  // One pass decodes and validates; Latin-1 text is then narrowed in place
  // to a one-byte string, the rest made from its UTF-16 units.
  uint16_t stack[256];
  uint16_t *u = n <= 256 ? stack : static_cast<uint16_t *>(malloc(n * sizeof *u));
  if (!u) return nullptr;
  uint32_t max = 0;
  size_t m = decode_utf8(s, n, u, &max);
  napi_value v = nullptr;
  if (m != SIZE_MAX && max <= 0xFF) {
    uint8_t *b = reinterpret_cast<uint8_t *>(u);
    for (size_t k = 0; k < m; k++) b[k] = uint8_t(u[k]);  // b[k] never overtakes u[k]
    v = one_byte_string(iso, b, m);
  } else if (m != SIZE_MAX) {
    v8::Local<v8::String> str;
    if (v8::String::NewFromTwoByte(iso, u, v8::NewStringType::kNormal, int(m)).ToLocal(&str)) v = hpy_v8_value(str);
  }
  if (u != stack) free(u);
  return v;  // nullptr: the codec raises UnicodeDecodeError
}

int64_t hpy_engine_string_length(napi_value v, bool *one_byte) {
  v8::Local<v8::Value> l = hpy_v8_local(v);
  if (!v || !l->IsString()) return -1;
  v8::Local<v8::String> s = l.As<v8::String>();
  *one_byte = s->IsOneByte();
  return s->Length();
}

void hpy_engine_string_read_one_byte(napi_value v, uint8_t *out, size_t n) {
  v8::Isolate *iso = v8::Isolate::GetCurrent();
#if HPY_V8_HAS_WRITE_V2
  hpy_v8_local(v).As<v8::String>()->WriteOneByteV2(iso, 0, uint32_t(n), out);
#else
  hpy_v8_local(v).As<v8::String>()->WriteOneByte(iso, out, 0, int(n), v8::String::NO_NULL_TERMINATION);
#endif
}

void hpy_engine_string_read_two_byte(napi_value v, uint16_t *out, size_t n) {
  v8::Isolate *iso = v8::Isolate::GetCurrent();
#if HPY_V8_HAS_WRITE_V2
  hpy_v8_local(v).As<v8::String>()->WriteV2(iso, 0, uint32_t(n), out);
#else
  hpy_v8_local(v).As<v8::String>()->Write(iso, out, 0, int(n), v8::String::NO_NULL_TERMINATION);
#endif
}
