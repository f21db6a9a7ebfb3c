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

napi_value one_byte_string(v8::Isolate *iso, const uint8_t *s, size_t n) {
  v8::Local<v8::String> str;
  if (!v8::String::NewFromOneByte(iso, s, v8::NewStringType::kNormal, int(n)).ToLocal(&str)) return nullptr;
  return hpy_v8_value(str);
}

}  // namespace

napi_value hpy_engine_string_from_utf8(const char *text, size_t n) {
  if (n > size_t(v8::String::kMaxLength)) return nullptr;
  const uint8_t *s = reinterpret_cast<const uint8_t *>(text);
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  size_t i = 0;
  while (i < n && s[i] < 0x80) i++;
  if (i == n) return one_byte_string(iso, s, n);
  // Validate the rest; note whether every character fits in Latin-1.
  bool latin1 = true;
  for (size_t j = i; j < n;) {
    if (s[j] < 0x80) {
      j++;
      continue;
    }
    size_t len = utf8_sequence(s, n, j);
    if (len == 0) return nullptr;  // the codec raises UnicodeDecodeError
    latin1 = latin1 && len == 2 && s[j] <= 0xC3;
    j += len;
  }
  if (!latin1) {
    v8::Local<v8::String> str;
    // V8's decoder is exact on valid UTF-8.
    if (!v8::String::NewFromUtf8(iso, text, v8::NewStringType::kNormal, int(n)).ToLocal(&str)) return nullptr;
    return hpy_v8_value(str);
  }
  uint8_t stack[256];
  uint8_t *out = n <= sizeof stack ? stack : static_cast<uint8_t *>(malloc(n));
  if (!out) return nullptr;
  size_t m = 0;
  for (size_t j = 0; j < n; m++) {
    if (s[j] < 0x80) {
      out[m] = s[j++];
    } else {
      out[m] = uint8_t((s[j] & 0x1F) << 6 | (s[j + 1] & 0x3F));
      j += 2;
    }
  }
  napi_value v = one_byte_string(iso, out, m);
  if (out != stack) free(out);
  return v;
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
  hpy_v8_local(v).As<v8::String>()->WriteOneByte(iso, out, 0, int(n), v8::String::NO_NULL_TERMINATION);
}

void hpy_engine_string_read_two_byte(napi_value v, uint16_t *out, size_t n) {
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  hpy_v8_local(v).As<v8::String>()->Write(iso, out, 0, int(n), v8::String::NO_NULL_TERMINATION);
}
