// HPyBytes_* and HPyUnicode_*: bytes are Node Buffers (any Uint8Array is
// accepted), str is the JavaScript string. JavaScript strings are UTF-16 and
// may hold lone surrogates, so the conversions are done here with Python's
// codec rules rather than with Node-API's UTF-8 functions, which silently
// replace invalid input with U+FFFD where Python raises.
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>
#include "../core/frame.h"
#include "autogen_universal.h"
#include "describe.h"
#include "codec.h"
#include "utf8_copy.h"
#include "../engine/engine.h"
#include "types/type_lifecycle.h"
#include "types/type_shapes.h"

// ---- bytes -------------------------------------------------------------------

namespace {

using namespace codec;

// Buffers made by hpy_new_bytes, by data pointer, with their length: their
// storage is followed by a NUL byte, so AsString can return it directly.
// Per thread, like the JavaScript environment that owns the buffers; the
// finalizer runs on that thread.
thread_local std::unordered_map<const void *, size_t> t_own_bytes;

void free_bytes(napi_env env, void *data, void *hint) {
  size_t len = reinterpret_cast<size_t>(hint);
  t_own_bytes.erase(data);
  int64_t ignored;
  napi_adjust_external_memory(env, -int64_t(len + 1), &ignored);
  free(data);
}

// The bytes of a Uint8Array (Buffer included), or false if v is not one.
bool bytes_view(ThreadState *ts, napi_value v, const char **data, size_t *len) {
  bool is_ta = false;
  if (napi_is_typedarray(ts->env, v, &is_ta) != napi_ok || !is_ta) return false;
  napi_typedarray_type type;
  void *p = nullptr;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(ts->env, v, &type, len, &p, &ab, &offset) != napi_ok) return false;
  *data = static_cast<const char *>(p);
  return type == napi_uint8_array;
}

// Like bytes_view, raising TypeError naming `fn` for anything else.
bool bytes_arg(ThreadState *ts, HPy h, const char *fn, const char **data, size_t *len) {
  napi_value v = hpy_value(ts, h);
  if (!v) return false;
  if (bytes_view(ts, v, data, len)) return true;
  hpy_err_raise(ts, hpy_h::TypeError, "%s: expected bytes (a Buffer or Uint8Array), got %s", fn, hpy_describe_type(ts, v));
  return false;
}

// A NUL-terminated copy that lives until the extension call returns.
char *scratch_cstr(ThreadState *ts, const char *data, size_t len) {
  char *p = hpy_scratch_alloc(ts, len + 1);
  if (!p) {
    hpy_err_raise(ts, hpy_h::MemoryError, "out of memory copying %zu bytes", len);
    return nullptr;
  }
  if (len) memcpy(p, data, len);
  p[len] = 0;
  return p;
}

bool null_arg(ThreadState *ts, const void *p, const char *fn, const char *what) {
  if (p) return false;
  hpy_err_raise(ts, hpy_h::SystemError, "%s: %s is NULL", fn, what);
  return true;
}

bool negative_size(ThreadState *ts, HPy_ssize_t size, const char *fn) {
  if (size >= 0) return false;
  hpy_err_raise(ts, hpy_h::SystemError, "%s: negative size %zd", fn, size);
  return true;
}

HPy handle_or_null(ThreadState *ts, napi_value v) { return v ? hpy_new(ts, v) : HPy_NULL; }

}  // namespace

napi_value hpy_new_bytes(ThreadState *ts, const char *data, size_t len) {
  char *copy = static_cast<char *>(malloc(len + 1));
  if (!copy) {
    hpy_err_raise(ts, hpy_h::MemoryError, "out of memory allocating %zu bytes", len);
    return nullptr;
  }
  if (len) memcpy(copy, data, len);
  copy[len] = 0;
  napi_value buf;
  napi_status s = napi_create_external_buffer(ts->env, len, copy, free_bytes, reinterpret_cast<void *>(len), &buf);
  if (s != napi_ok) {
    // Runtimes that forbid external buffers: a plain copy (AsString then
    // hands out a scratch copy instead of the Buffer's storage).
    free(copy);
    void *ignored;
    return HPY_NAPI_OK(ts, napi_create_buffer_copy(ts->env, len, data, &ignored, &buf)) ? buf : nullptr;
  }
  t_own_bytes[copy] = len;
  int64_t ignored;
  napi_adjust_external_memory(ts->env, int64_t(len + 1), &ignored);  // so the GC sees the memory it holds
  return buf;
}

// ---- HPyBytes_* -------------------------------------------------------------

int hpy_u_Bytes_Check(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(0);
  napi_value v = hpy_value(ts, h);
  const char *data;
  size_t len;
  return v && bytes_view(ts, v, &data, &len);
}

HPy_ssize_t hpy_u_Bytes_Size(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(-1);
  const char *data;
  size_t len;
  return bytes_arg(ts, h, "ctx_Bytes_Size", &data, &len) ? HPy_ssize_t(len) : -1;
}

HPy_ssize_t hpy_u_Bytes_GET_SIZE(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(-1);
  const char *data;
  size_t len;
  return bytes_arg(ts, h, "ctx_Bytes_GET_SIZE", &data, &len) ? HPy_ssize_t(len) : -1;
}

// The Buffer's own storage when it is NUL-terminated (bytes made through
// this API): valid while the handle is open, as in HPy. Any other Uint8Array
// has no terminator to rely on, so C gets a NUL-terminated copy that lives
// until the extension call returns.
static const char *bytes_as_string(ThreadState *ts, HPy h, const char *fn) {
  const char *data;
  size_t len;
  if (!bytes_arg(ts, h, fn, &data, &len)) return nullptr;
  auto own = t_own_bytes.find(data);
  if (own != t_own_bytes.end() && own->second == len) return data;
  return scratch_cstr(ts, data, len);
}

const char *hpy_u_Bytes_AsString(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(nullptr);
  return bytes_as_string(ts, h, "ctx_Bytes_AsString");
}

const char *hpy_u_Bytes_AS_STRING(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(nullptr);
  return bytes_as_string(ts, h, "ctx_Bytes_AS_STRING");
}

HPy hpy_u_Bytes_FromString(HPyContext *ctx, const char *bytes) {
  HPY_STATE_OR(HPy_NULL);
  if (null_arg(ts, bytes, "ctx_Bytes_FromString", "the string")) return HPy_NULL;
  return handle_or_null(ts, hpy_new_bytes(ts, bytes, strlen(bytes)));
}

HPy hpy_u_Bytes_FromStringAndSize(HPyContext *ctx, const char *bytes, HPy_ssize_t len) {
  HPY_STATE_OR(HPy_NULL);
  if (!bytes) {
    // HPy forbids CPython's uninitialised-bytes idiom (bytes are immutable),
    // whatever the size, 0 included, as HPy 0.9.0 does.
    hpy_err_raise(ts, hpy_h::ValueError, "NULL char * passed to ctx_Bytes_FromStringAndSize");
    return HPy_NULL;
  }
  if (negative_size(ts, len, "ctx_Bytes_FromStringAndSize")) return HPy_NULL;
  return handle_or_null(ts, hpy_new_bytes(ts, bytes, size_t(len)));
}

// ---- HPyUnicode_* -----------------------------------------------------------

int hpy_u_Unicode_Check(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(0);
  napi_value v = hpy_value(ts, h);
  napi_valuetype t;
  if (!v || napi_typeof(ts->env, v, &t) != napi_ok) return 0;
  napi_value prim;  // or an instance of a Unicode-shaped type
  return t == napi_string ||
         (t == napi_object && hpy_shape_unbox(ts, v, &prim) && napi_typeof(ts->env, prim, &t) == napi_ok && t == napi_string);
}

HPy hpy_u_Unicode_FromString(HPyContext *ctx, const char *utf8) {
  HPY_STATE_OR(HPy_NULL);
  if (null_arg(ts, utf8, "ctx_Unicode_FromString", "the string")) return HPy_NULL;
  size_t n = strlen(utf8);
  // Valid UTF-8 in one engine call; the codec reports what is not.
  if (napi_value s = hpy_engine_string_from_utf8(utf8, n)) return hpy_new(ts, s);
  return handle_or_null(ts, hpy_decode_utf8(ts, utf8, n, nullptr));
}

HPy hpy_u_Unicode_AsASCIIString(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(HPy_NULL);
  return encode_to_bytes(ts, h, Target::Ascii, "ctx_Unicode_AsASCIIString");
}

HPy hpy_u_Unicode_AsLatin1String(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(HPy_NULL);
  return encode_to_bytes(ts, h, Target::Latin1, "ctx_Unicode_AsLatin1String");
}

HPy hpy_u_Unicode_AsUTF8String(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(HPy_NULL);
  return encode_to_bytes(ts, h, Target::Utf8, "ctx_Unicode_AsUTF8String");
}

// A NUL-terminated UTF-8 copy that lives until the extension call returns
// (CPython caches it on the str object; a JS string has nowhere to keep it).
// Strings are read straight into that copy (utf8_copy.cc); a lone surrogate,
// which Python refuses to encode, and non-strings take the codec's path,
// which raises.
const char *hpy_u_Unicode_AsUTF8AndSize(HPyContext *ctx, HPy h, HPy_ssize_t *size) {
  HPY_STATE_OR(nullptr);
  napi_value v = hpy_value(ts, h);
  if (!v) return nullptr;
  size_t n = 0;
  if (const char *p = hpy_utf8_copy(ts, v, &n)) {
    if (size) *size = HPy_ssize_t(n);
    return p;
  }
  if (ts->frame.error) return nullptr;
  std::string out;
  if (!encode_handle(ts, h, Target::Utf8, "ctx_Unicode_AsUTF8AndSize", out)) return nullptr;
  char *p = scratch_cstr(ts, out.data(), out.size());
  if (p && size) *size = HPy_ssize_t(out.size());
  return p;
}

HPy hpy_u_Unicode_FromWideChar(HPyContext *ctx, const wchar_t *w, HPy_ssize_t size) {
  HPY_STATE_OR(HPy_NULL);
  static_assert(sizeof(wchar_t) == 4, "hpy-node assumes UTF-32 wchar_t");
  if (size == -1 && w) size = HPy_ssize_t(wcslen(w));
  if (negative_size(ts, size, "ctx_Unicode_FromWideChar")) return HPy_NULL;
  if (!w && size > 0 && null_arg(ts, w, "ctx_Unicode_FromWideChar", "the wide string")) return HPy_NULL;
  std::vector<char16_t> out;
  out.reserve(size_t(size));
  for (HPy_ssize_t i = 0; i < size; i++) {
    uint32_t cp = uint32_t(w[i]);
    if (cp > 0x10FFFF) {
      hpy_err_raise(ts, hpy_h::ValueError, "character U+%x is not in range [U+0000; U+10ffff]", cp);
      return HPy_NULL;
    }
    push_cp(out, cp);
  }
  return handle_or_null(ts, make_utf16(ts, out));
}

// The file system encoding on the platforms Node supports here is UTF-8 with
// surrogateescape, as in os.fsdecode: undecodable bytes become U+DC80..U+DCFF
// (JavaScript strings can hold them), and EncodeFSDefault turns them back.
HPy hpy_u_Unicode_DecodeFSDefault(HPyContext *ctx, const char *v) {
  HPY_STATE_OR(HPy_NULL);
  if (null_arg(ts, v, "ctx_Unicode_DecodeFSDefault", "the string")) return HPy_NULL;
  return handle_or_null(ts, hpy_decode_utf8(ts, v, strlen(v), "surrogateescape"));
}

HPy hpy_u_Unicode_DecodeFSDefaultAndSize(HPyContext *ctx, const char *v, HPy_ssize_t size) {
  HPY_STATE_OR(HPy_NULL);
  if (negative_size(ts, size, "ctx_Unicode_DecodeFSDefaultAndSize")) return HPy_NULL;
  if (!v && size > 0 && null_arg(ts, v, "ctx_Unicode_DecodeFSDefaultAndSize", "the string")) return HPy_NULL;
  return handle_or_null(ts, hpy_decode_utf8(ts, v ? v : "", size_t(size), "surrogateescape"));
}

HPy hpy_u_Unicode_EncodeFSDefault(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(HPy_NULL);
  return encode_to_bytes(ts, h, Target::Utf8SurrogateEscape, "ctx_Unicode_EncodeFSDefault");
}

HPy_UCS4 hpy_u_Unicode_ReadChar(HPyContext *ctx, HPy h, HPy_ssize_t index) {
  HPY_STATE_OR(HPy_UCS4(-1));
  napi_value str = string_arg(ts, h, "ctx_Unicode_ReadChar");
  std::vector<char16_t> u;
  if (!str || !read_utf16(ts, str, u)) return HPy_UCS4(-1);
  // Python indexes code points; a surrogate pair counts once.
  CodePoints it{u.data(), u.size()};
  uint32_t cp;
  for (HPy_ssize_t i = 0; index >= 0 && it.next(&cp); i++)
    if (i == index) return cp;
  hpy_err_raise(ts, hpy_h::IndexError, "string index out of range (ctx_Unicode_ReadChar index %zd)", index);
  return HPy_UCS4(-1);
}

HPy hpy_u_Unicode_DecodeASCII(HPyContext *ctx, const char *ascii, HPy_ssize_t size, const char *errors) {
  HPY_STATE_OR(HPy_NULL);
  if (negative_size(ts, size, "ctx_Unicode_DecodeASCII")) return HPy_NULL;
  if (!ascii && size > 0 && null_arg(ts, ascii, "ctx_Unicode_DecodeASCII", "the string")) return HPy_NULL;
  return handle_or_null(ts, decode(ts, "ascii", ascii ? ascii : "", size_t(size), errors, decode_ascii_core));
}

HPy hpy_u_Unicode_DecodeLatin1(HPyContext *ctx, const char *latin1, HPy_ssize_t size, const char *errors) {
  HPY_STATE_OR(HPy_NULL);
  // Every byte is a Latin-1 character: `errors` never applies.
  if (negative_size(ts, size, "ctx_Unicode_DecodeLatin1")) return HPy_NULL;
  if (!latin1 && size > 0 && null_arg(ts, latin1, "ctx_Unicode_DecodeLatin1", "the string")) return HPy_NULL;
  napi_value v;
  if (!HPY_NAPI_OK(ts, napi_create_string_latin1(ts->env, latin1 ? latin1 : "", size_t(size), &v))) return HPy_NULL;
  return hpy_new(ts, v);
}

// Codec names as Python normalises them (case, '_' or ' ' for '-'), for the
// three codecs hpy-node has: utf-8, ascii and latin-1.
static const char *canonical_encoding(const char *encoding) {
  std::string e;
  for (const char *p = encoding; *p; p++) {
    char c = char(tolower(static_cast<unsigned char>(*p)));
    e += (c == '_' || c == ' ') ? '-' : c;
  }
  for (const char *n : {"utf-8", "utf8", "u8", "utf", "cp65001"})
    if (e == n) return "utf-8";
  for (const char *n : {"ascii", "us-ascii", "646", "us"})
    if (e == n) return "ascii";
  for (const char *n : {"latin-1", "latin1", "latin", "l1", "iso-8859-1", "iso8859-1", "8859", "cp819", "iso-ir-100"})
    if (e == n) return "latin-1";
  for (const char *n : {"utf-16", "utf16", "u16"})
    if (e == n) return "utf-16";
  for (const char *n : {"utf-16-le", "utf-16le", "utf16le", "utf16-le"})
    if (e == n) return "utf-16-le";
  for (const char *n : {"utf-16-be", "utf-16be", "utf16be", "utf16-be"})
    if (e == n) return "utf-16-be";
  return nullptr;
}

static HPy decode_bytes(ThreadState *ts, const char *data, size_t len, const char *encoding, const char *errors);

HPy hpy_u_Unicode_FromEncodedObject(HPyContext *ctx, HPy obj, const char *encoding, const char *errors) {
  HPY_STATE_OR(HPy_NULL);
  napi_value v = hpy_value(ts, obj);
  if (!v) return HPy_NULL;
  // Bytes-like as in Python's buffer protocol: typed arrays, DataView,
  // ArrayBuffer.
  const char *data = nullptr;
  size_t len = 0;
  bool is_ta = false, is_dv = false, is_ab = false;
  napi_is_typedarray(ts->env, v, &is_ta);
  napi_is_dataview(ts->env, v, &is_dv);
  napi_is_arraybuffer(ts->env, v, &is_ab);
  void *p = nullptr;
  napi_value ab;
  size_t offset;
  if (is_ta) {
    napi_typedarray_type type;
    size_t count;
    if (!HPY_NAPI_OK(ts, napi_get_typedarray_info(ts->env, v, &type, &count, &p, &ab, &offset))) return HPy_NULL;
    size_t width = type == napi_int16_array || type == napi_uint16_array                                 ? 2
                   : type == napi_int32_array || type == napi_uint32_array || type == napi_float32_array ? 4
                   : type >= napi_float64_array                                                          ? 8
                                                                                                         : 1;
    len = count * width;
  } else if (is_dv) {
    if (!HPY_NAPI_OK(ts, napi_get_dataview_info(ts->env, v, &len, &p, &ab, &offset))) return HPy_NULL;
  } else if (is_ab) {
    if (!HPY_NAPI_OK(ts, napi_get_arraybuffer_info(ts->env, v, &p, &len))) return HPy_NULL;
  } else if (InstanceData *inst = hpy_instance_data(ts->env, v); inst && inst->type->slot(HPy_bf_getbuffer)) {
    // An instance exporting a buffer (HPy_bf_getbuffer) is bytes-like too.
    ExportedBuffer *b = hpy_buffer_get(ts, v, 0);
    if (!b) return HPy_NULL;
    const HPy_buffer &view = hpy_buffer_view(b);
    HPy out = decode_bytes(ts, view.len ? static_cast<const char *>(view.buf) : "", size_t(view.len), encoding, errors);
    hpy_buffer_release(ts, b);
    return out;
  } else {
    napi_valuetype t;
    napi_typeof(ts->env, v, &t);
    if (t == napi_string) hpy_err_raise(ts, hpy_h::TypeError, "decoding str is not supported (ctx_Unicode_FromEncodedObject)");
    else
      hpy_err_raise(ts, hpy_h::TypeError,
                    "decoding to str: need a bytes-like object (Buffer, typed array or ArrayBuffer), %s found",
                    hpy_describe_type(ts, v));
    return HPy_NULL;
  }
  data = p ? static_cast<const char *>(p) : "";
  return decode_bytes(ts, data, len, encoding, errors);
}

static HPy decode_bytes(ThreadState *ts, const char *data, size_t len, const char *encoding, const char *errors) {
  const char *enc = encoding ? canonical_encoding(encoding) : "utf-8";
  if (!enc) {
    hpy_err_raise(ts, hpy_h::LookupError, "unknown encoding: %s (hpy-node decodes utf-8, utf-16, ascii and latin-1)", encoding);
    return HPy_NULL;
  }
  if (!strcmp(enc, "latin-1")) {
    napi_value s;
    return HPY_NAPI_OK(ts, napi_create_string_latin1(ts->env, data, len, &s)) ? hpy_new(ts, s) : HPy_NULL;
  }
  if (!strcmp(enc, "utf-16")) {
    // Python names the byte order it decoded in its errors.
    bool big = utf16_has_big_endian_bom(reinterpret_cast<const uint8_t *>(data), len);
    return handle_or_null(ts, decode(ts, big ? "utf-16-be" : "utf-16-le", data, len, errors, decode_utf16_core));
  }
  if (!strcmp(enc, "utf-16-le") || !strcmp(enc, "utf-16-be"))
    return handle_or_null(ts, decode(ts, enc, data, len, errors, enc[7] == 'l' ? decode_utf16le_core : decode_utf16be_core));
  return handle_or_null(ts, decode(ts, enc, data, len, errors, !strcmp(enc, "ascii") ? decode_ascii_core : decode_utf8_core));
}

HPy hpy_u_Unicode_Substring(HPyContext *ctx, HPy h, HPy_ssize_t start, HPy_ssize_t end) {
  HPY_STATE_OR(HPy_NULL);
  napi_value str = string_arg(ts, h, "ctx_Unicode_Substring");
  std::vector<char16_t> u;
  if (!str || !read_utf16(ts, str, u)) return HPy_NULL;
  if (start < 0 || end < 0) {
    hpy_err_raise(ts, hpy_h::IndexError, "string index out of range (ctx_Unicode_Substring(%zd, %zd))", start, end);
    return HPy_NULL;
  }
  // Code point indices to UTF-16 offsets; past the end clamps, as in Python.
  CodePoints it{u.data(), u.size()};
  size_t from = u.size(), to = u.size();
  uint32_t cp;
  for (HPy_ssize_t i = 0;; i++) {
    if (i == start) from = it.i;
    if (i == end) to = it.i;
    if (i >= end || !it.next(&cp)) break;
  }
  napi_value s;
  size_t n = to > from ? to - from : 0;
  if (!HPY_NAPI_OK(ts, napi_create_string_utf16(ts->env, u.data() + (n ? from : 0), n, &s))) return HPy_NULL;
  return hpy_new(ts, s);
}
