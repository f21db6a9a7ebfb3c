// Strings to UTF-8 without the codec's vectors: a one-byte (Latin-1)
// string is copied by V8 into the result and, when it has characters above
// ASCII, widened into a second buffer; a two-byte string is read once and
// encoded. Python's strict UTF-8 refuses lone surrogates: those strings go
// back to the codec, which raises UnicodeEncodeError with its details.
//
// Long strings read again in the same extension call get the copy they got
// before: CPython keeps the UTF-8 on the str, and a C loop over the same
// string would otherwise hold one copy per call until it returns. The
// engine keeps the last few such strings (strong handles, by identity); a
// copy is reused while its scratch block is still the frame's, which a
// serial number written at its head tells apart from a later block that
// malloc placed at the same address.
#include "utf8_copy.h"
#include <cstdlib>
#include <cstring>
#include "../core/frame.h"
#include "../engine/engine.h"

namespace {

// Strings of at least this many UTF-16 units are cached.
constexpr int64_t kCachedLength = 64;
// A cached copy's block starts with its serial, then the bytes.
constexpr size_t kHead = 16;

struct CachedCopy {
  const char *block = nullptr;
  size_t index = 0;  // in ts->scratch
  uint64_t serial = 0;
  size_t len = 0;
};
thread_local CachedCopy t_copies[kEngineStringSlots];
thread_local uint64_t t_serial = 0;
thread_local int t_next_slot = 0;

// n bytes of frame scratch memory after `head` bytes kept for a serial.
char *scratch(ThreadState *ts, size_t n, size_t head) {
  // A cached copy is known by its block (still_ours), so it gets one.
  char *p = head ? hpy_scratch_block(ts, head + n) : hpy_scratch_alloc(ts, n);
  if (!p) hpy_err_raise(ts, hpy_h::MemoryError, "ctx_Unicode_AsUTF8AndSize: no memory for %zu bytes", n);
  return p ? p + head : nullptr;
}

bool still_ours(ThreadState *ts, const CachedCopy &c) {
  uint64_t serial;
  if (!c.block || c.index >= ts->scratch.size() || ts->scratch[c.index] != c.block) return false;
  memcpy(&serial, c.block, sizeof serial);
  return serial == c.serial;
}

// Records `data` (kHead bytes into the last scratch block) as the copy of
// the string in engine slot `slot`.
void remember(ThreadState *ts, napi_value v, int slot, const char *data, size_t len) {
  CachedCopy &c = t_copies[slot];
  c.block = data - kHead;
  c.index = ts->scratch.size() - 1;
  // Spread over 64 bits, so that other data later written where a block
  // was is not mistaken for its serial.
  c.serial = (++t_serial * 0x9E3779B97F4A7C15ull) ^ reinterpret_cast<uintptr_t>(&t_serial);
  c.len = len;
  memcpy(const_cast<char *>(c.block), &c.serial, sizeof c.serial);
  hpy_engine_string_slot_put(ts->env, slot, v);
}

const char *from_one_byte(ThreadState *ts, napi_value v, size_t len, size_t *n, size_t head) {
  char *p = scratch(ts, len + 1, head);
  if (!p) return nullptr;
  hpy_engine_string_read_one_byte(v, reinterpret_cast<uint8_t *>(p), len);
  // Any byte above ASCII? Eight at a time; counted only when there is one.
  uint64_t any = 0;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    any |= w;
  }
  for (; i < len; i++) any |= static_cast<unsigned char>(p[i]);
  size_t high = 0;
  if (any & 0x8080808080808080ull)
    for (i = 0; i < len; i++) high += static_cast<unsigned char>(p[i]) >> 7;
  if (high == 0) {
    p[len] = 0;
    *n = len;
    return p;
  }
  // Each byte >= 0x80 becomes two: widen into a buffer of the final size.
  char *q = scratch(ts, len + high + 1, head);
  if (!q) return nullptr;
  size_t j = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c < 0x80) {
      q[j++] = char(c);
    } else {
      q[j++] = char(0xC0 | c >> 6);
      q[j++] = char(0x80 | (c & 0x3F));
    }
  }
  q[j] = 0;
  *n = j;
  return q;
}

// UTF-8 bytes of the UTF-16 units, or SIZE_MAX on a lone surrogate.
size_t utf8_size(const uint16_t *u, size_t len) {
  size_t m = 0;
  for (size_t i = 0; i < len; i++) {
    uint16_t c = u[i];
    if (c < 0x80) m += 1;
    else if (c < 0x800) m += 2;
    else if (c < 0xD800 || c > 0xDFFF) m += 3;
    else if (c <= 0xDBFF && i + 1 < len && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) m += 4, i++;
    else return SIZE_MAX;
  }
  return m;
}

void encode(const uint16_t *u, size_t len, char *out) {
  size_t j = 0;
  for (size_t i = 0; i < len; i++) {
    uint32_t c = u[i];
    if (c >= 0xD800 && c <= 0xDBFF) c = 0x10000 + ((c - 0xD800) << 10) + (u[++i] - 0xDC00);  // a pair (checked)
    if (c < 0x80) {
      out[j++] = char(c);
    } else if (c < 0x800) {
      out[j++] = char(0xC0 | c >> 6);
      out[j++] = char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out[j++] = char(0xE0 | c >> 12);
      out[j++] = char(0x80 | ((c >> 6) & 0x3F));
      out[j++] = char(0x80 | (c & 0x3F));
    } else {
      out[j++] = char(0xF0 | c >> 18);
      out[j++] = char(0x80 | ((c >> 12) & 0x3F));
      out[j++] = char(0x80 | ((c >> 6) & 0x3F));
      out[j++] = char(0x80 | (c & 0x3F));
    }
  }
  out[j] = 0;
}

const char *from_two_byte(ThreadState *ts, napi_value v, size_t len, size_t *n, size_t head) {
  uint16_t stack[256];
  uint16_t *u = len <= 256 ? stack : static_cast<uint16_t *>(malloc(len * sizeof *u));
  if (!u) {
    hpy_err_raise(ts, hpy_h::MemoryError, "ctx_Unicode_AsUTF8AndSize: no memory for %zu characters", len);
    return nullptr;
  }
  hpy_engine_string_read_two_byte(v, u, len);
  size_t m = utf8_size(u, len);
  char *p = m == SIZE_MAX ? nullptr : scratch(ts, m + 1, head);
  if (p) {
    encode(u, len, p);
    *n = m;
  }
  if (u != stack) free(u);
  return p;
}

}  // namespace

const char *hpy_utf8_copy(ThreadState *ts, napi_value v, size_t *n) {
  bool one_byte = false;
  int64_t len = hpy_engine_string_length(v, &one_byte);
  if (len < 0) return nullptr;
  if (len < kCachedLength) return one_byte ? from_one_byte(ts, v, size_t(len), n, 0) : from_two_byte(ts, v, size_t(len), n, 0);
  int slot = hpy_engine_string_slot_find(ts->env, v);
  if (slot >= 0 && still_ours(ts, t_copies[slot])) {
    *n = t_copies[slot].len;
    return t_copies[slot].block + kHead;
  }
  const char *p = one_byte ? from_one_byte(ts, v, size_t(len), n, kHead) : from_two_byte(ts, v, size_t(len), n, kHead);
  if (p) {
    if (slot < 0) slot = t_next_slot++ % kEngineStringSlots;
    remember(ts, v, slot, p, *n);
  }
  return p;
}
