// The buffer slots, HPy_bf_getbuffer and HPy_bf_releasebuffer. C asks for a
// buffer where HPy takes a bytes-like object (HPyUnicode_FromEncodedObject,
// HPy_Bytes); JavaScript asks with bufferOf(obj) (src/universal/buffer.ts),
// which gets an ArrayBuffer over the exported memory from here and releases
// it with releaseBuffer(arrayBuffer), or when the ArrayBuffer is collected,
// or when the environment ends: bf_releasebuffer runs once, whichever comes
// first. A released ArrayBuffer is detached, so JavaScript cannot reach the
// memory after the exporter let it go. A read-only buffer is copied
// (JavaScript has no read-only typed arrays), so JavaScript never writes the
// exporter's memory.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include "type_lifecycle.h"
#include "../describe.h"
#include "../../core/call_args.h"
#include "../../core/frame.h"

struct ExportedBuffer {
  HPy_buffer view{};
  const TypeRecord *rec = nullptr;
  HPyCFunction release = nullptr;
  napi_ref exporter = nullptr;  // strong until released: the memory is the exporter's
  bool released = false;
  void *copy = nullptr;                       // the JavaScript copy of a read-only buffer
  ExportedBuffer *prev = this, *next = this;  // the environment's unreleased JavaScript buffers
};

namespace {
// Random, fixed: marks the ArrayBuffers made here.
constexpr napi_type_tag kBufferTag = {0x4850794275666665ULL, 0x722d6172726179ULL};

struct BufferEnv {
  napi_env env;
  ExportedBuffer head;
  bool exited = false;
};
thread_local BufferEnv *t_buffers = nullptr;

void unlink(ExportedBuffer *b) {
  b->prev->next = b->next;
  b->next->prev = b->prev;
  b->prev = b->next = b;
}

void clear_pending(napi_env env) {
  bool pending = false;
  napi_value ignored;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &ignored);
}

// bf_releasebuffer, once; then the exporter may go.
void release_once(ThreadState *ts, ExportedBuffer *b) {
  if (b->released) return;
  b->released = true;
  napi_env env = ts->env;
  napi_value obj = nullptr;
  if (b->release && b->exporter && napi_get_reference_value(env, b->exporter, &obj) == napi_ok && obj) {
    Frame frame = hpy_frame_begin(ts);
    HPy h = hpy_new(ts, obj);
    ExtensionCall call{b->rec->ctx, HPyFunc_RELEASEBUFFERPROC, b->release, h};
    call.ptr = &b->view;
    call.entry = b->rec->slot_entry(HPy_bf_releasebuffer);
    hpy_extension_call(call);
    if (ts->frame.error) {  // bf_releasebuffer cannot fail: reported as unraisable
      napi_value argv[2] = {obj, ts->frame.error};
      ts->frame.error = nullptr;
      if (!hpy_call_helper(ts, HELPER_writeUnraisable, 2, argv)) ts->frame.error = nullptr;
    }
    if (hpy_entry(ts, h)) hpy_close(ts, h);
    hpy_frame_end_status(frame, 0, b->rec->name.c_str());
    clear_pending(env);
  }
  if (b->exporter) napi_delete_reference(env, b->exporter);
  b->exporter = nullptr;
}

void free_buffer(ExportedBuffer *b) {
  unlink(b);
  free(b->copy);
  delete b;
}

// The environment is exiting: every buffer JavaScript still holds is
// released while the runtime works; the ArrayBuffers' own finalizers free
// them later. (After that, in environment cleanup, no extension code can
// run: a worker stopped by terminate() releases nothing.)
napi_value on_exit(napi_env env, napi_callback_info info) {
  void *data = nullptr;
  napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
  auto *be = static_cast<BufferEnv *>(data);
  if (t_buffers != be) return nullptr;
  be->exited = true;
  ThreadState *ts = hpy_thread_state_of(env);
  while (ts && be->head.next != &be->head) {
    ExportedBuffer *b = be->head.next;
    unlink(b);
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    release_once(ts, b);
    napi_close_handle_scope(env, scope);
  }
  return nullptr;
}

void cleanup(void *arg) {
  auto *be = static_cast<BufferEnv *>(arg);
  while (be->head.next != &be->head) {
    ExportedBuffer *b = be->head.next;
    unlink(b);
    b->released = true;     // too late to call the exporter
    b->exporter = nullptr;  // Node-API deletes references with the environment
  }
  if (t_buffers == be) t_buffers = nullptr;
  delete be;
}

BufferEnv *buffer_env(ThreadState *ts) {
  napi_env env = ts->env;
  if (t_buffers && t_buffers->env == env) return t_buffers;
  auto *be = new BufferEnv{env, {}};
  napi_add_env_cleanup_hook(env, cleanup, be);
  t_buffers = be;
  hpy_on_exit(ts, "hpy-node buffers", on_exit, be);
  return be;
}

void finalize_array_buffer(napi_env env, void *, void *hint) {
  auto *b = static_cast<ExportedBuffer *>(hint);
  BufferEnv *be = t_buffers && t_buffers->env == env ? t_buffers : nullptr;
  ThreadState *ts = hpy_thread_state_of(env);
  if (!b->released && be && !be->exited && ts) release_once(ts, b);
  free_buffer(b);
}

napi_value throw_error(ThreadState *ts, HPy type, const char *fmt, const char *arg) {
  Frame f = hpy_frame_begin(ts);
  hpy_err_raise(ts, type, fmt, arg);
  return hpy_frame_end(f, HPy_NULL, "bufferOf");
}

// CPython's PyBUF_* request flags (HPy 0.9.0 passes CPython's on).
constexpr int kBufWritable = 0x0001, kBufFormat = 0x0004, kBufStrides = 0x0010 | 0x0008;
// CPython's PyBUF_MAX_NDIM: memoryview refuses more dimensions.
constexpr int kMaxNdim = 64;
}  // namespace

ExportedBuffer *hpy_buffer_get(ThreadState *ts, napi_value v, int flags) {
  InstanceData *inst = hpy_instance_data(ts->env, v);
  HPyCFunction get = inst ? inst->type->slot(HPy_bf_getbuffer) : nullptr;
  if (!get) {
    hpy_err_raise(ts, hpy_h::TypeError, "a bytes-like object is required, not '%s' (its type has no HPy_bf_getbuffer)",
                  inst ? inst->type->name.c_str() : hpy_describe_type(ts, v));
    return nullptr;
  }
  auto *b = new ExportedBuffer();
  b->rec = inst->type;
  b->release = inst->type->slot(HPy_bf_releasebuffer);
  HPy h = hpy_new(ts, v);
  ExtensionCall call{b->rec->ctx, HPyFunc_GETBUFFERPROC, get, h};
  call.ptr = &b->view;
  call.entry = b->rec->slot_entry(HPy_bf_getbuffer);
  call.op = flags;
  int status = hpy_extension_call(call).status;
  if (hpy_entry(ts, h)) hpy_close(ts, h);
  const char *why = nullptr;
  char ndim_why[120];
  const HPy_buffer &w = b->view;
  if (status < 0) {
    if (!ts->frame.error) why = "bf_getbuffer returned -1 without setting an exception";
  } else if (ts->frame.error) {
    why = "bf_getbuffer returned 0 with an exception set";
  } else if (w.len < 0 || (w.len > 0 && !w.buf)) {
    why = "bf_getbuffer gave a negative len, or no memory (buf NULL) for a non-empty buffer";
  } else if (w.suboffsets) {
    why = "bf_getbuffer gave suboffsets (an indirect, PIL-style buffer): hpy-node exports contiguous memory only";
  } else if ((flags & kBufWritable) && w.readonly) {
    why = "bf_getbuffer gave a read-only buffer to a request for a writable one";
  } else if (w.ndim < 0 || w.ndim > kMaxNdim) {
    // shape and strides have ndim entries: a wrong ndim reads past them.
    snprintf(ndim_why, sizeof ndim_why,
             "bf_getbuffer gave ndim %d, but a buffer has 0 to %d dimensions (CPython's PyBUF_MAX_NDIM)", w.ndim, kMaxNdim);
    why = ndim_why;
  }
  if (status >= 0 && why) {
    // The exporter handed out a buffer the caller will not use: give it back.
    ts->frame.error = nullptr;
    b->exporter = nullptr;
    if (b->release) {
      ExtensionCall rel{b->rec->ctx, HPyFunc_RELEASEBUFFERPROC, b->release, hpy_new(ts, v)};
      rel.ptr = &b->view;
      rel.entry = b->rec->slot_entry(HPy_bf_releasebuffer);
      hpy_extension_call(rel);
      if (hpy_entry(ts, rel.a)) hpy_close(ts, rel.a);
      ts->frame.error = nullptr;
    }
    hpy_err_raise(ts, hpy_h::BufferError, "%s (type '%s')", why, b->rec->name.c_str());
  } else if (why) {
    hpy_err_raise(ts, hpy_h::SystemError, "%s (type '%s')", why, b->rec->name.c_str());
  }
  if (status < 0 || why || !HPY_NAPI_OK(ts, napi_create_reference(ts->env, v, 1, &b->exporter))) {
    delete b;
    return nullptr;
  }
  return b;
}

const HPy_buffer &hpy_buffer_view(const ExportedBuffer *b) { return b->view; }

void hpy_buffer_release(ThreadState *ts, ExportedBuffer *b) {
  napi_value saved = ts->frame.error;  // a caller's pending error survives the release
  ts->frame.error = nullptr;
  release_once(ts, b);
  ts->frame.error = saved;
  free_buffer(b);
}

// exportBuffer(obj, writable, optional, maxLength): [data (an ArrayBuffer),
// format, itemsize, ndim, readonly, shape, strides]; the ArrayBuffer holds
// the export. `optional`: null for an object without bf_getbuffer.
// `maxLength`: the most bytes an ArrayBuffer can have in this Node.js
// (buffer.constants.MAX_LENGTH, which Node-API does not expose).
napi_value hpy_js_export_buffer(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], undef;
  napi_get_undefined(env, &undef);
  argv[0] = argv[1] = argv[2] = argv[3] = undef;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  ThreadState *ts = hpy_call_state(env);
  if (!ts) return nullptr;
  bool writable = false, optional = false;
  double max_length = 0;
  napi_get_value_bool(env, argv[1], &writable);
  napi_get_value_bool(env, argv[2], &optional);
  if (napi_get_value_double(env, argv[3], &max_length) != napi_ok || !(max_length >= 0))
    return throw_error(ts, hpy_h::TypeError, "exportBuffer: %s must be buffer.constants.MAX_LENGTH", "maxLength");
  if (optional) {
    InstanceData *inst = hpy_instance_data(env, argv[0]);
    if (!inst || !inst->type->slot(HPy_bf_getbuffer)) {
      napi_value null;
      napi_get_null(env, &null);
      return null;
    }
  }
  Frame frame = hpy_frame_begin(ts);
  ExportedBuffer *b = hpy_buffer_get(ts, argv[0], kBufFormat | kBufStrides | (writable ? kBufWritable : 0));
  if (!b) return hpy_frame_end(frame, HPy_NULL, "bufferOf");
  const HPy_buffer &w = b->view;
  size_t len = size_t(w.len);
  void *mem = w.buf;
  // Checked before Node sees it: napi_create_external_arraybuffer refuses
  // such a length after running the finalizer, which would free b under us.
  if (double(len) > max_length) {
    std::string type = b->rec->name;
    hpy_buffer_release(ts, b);
    hpy_err_raise(ts, hpy_h::BufferError,
                  "bufferOf: type '%s' exports a buffer of %zu bytes, more than a JavaScript ArrayBuffer can hold in "
                  "this Node.js (%.0f bytes): the exporter's len is wrong, or export the memory in smaller pieces",
                  type.c_str(), len, max_length);
    return hpy_frame_end(frame, HPy_NULL, "bufferOf");
  }
  if (w.readonly) {
    b->copy = malloc(len ? len : 1);
    if (!b->copy) {
      hpy_buffer_release(ts, b);
      hpy_err_raise(ts, hpy_h::MemoryError, "bufferOf: no memory to copy a read-only buffer of %zu bytes", len);
      return hpy_frame_end(frame, HPy_NULL, "bufferOf");
    }
    if (len) memcpy(b->copy, w.buf, len);
    mem = b->copy;
  }
  napi_value ab, out, v;
  if (!HPY_NAPI_OK(ts, napi_create_external_arraybuffer(env, mem ? mem : b, len, finalize_array_buffer, b, &ab))) {
    hpy_buffer_release(ts, b);
    return hpy_frame_end(frame, HPy_NULL, "bufferOf");
  }
  // From here the ArrayBuffer's finalizer owns b.
  BufferEnv *be = buffer_env(ts);
  b->next = be->head.next;
  b->prev = &be->head;
  b->next->prev = b;
  be->head.next = b;
  napi_type_tag_object(env, ab, &kBufferTag);
  napi_wrap(env, ab, b, nullptr, nullptr, nullptr);
  // An array, not an object: seven elements cost less than seven named
  // properties (src/universal/buffer.ts names them).
  napi_value items[7];
  items[0] = ab;
  napi_create_string_utf8(env, w.format ? w.format : "B", NAPI_AUTO_LENGTH, &items[1]);
  napi_create_int64(env, w.itemsize > 0 ? w.itemsize : 1, &items[2]);
  napi_create_int32(env, w.ndim, &items[3]);
  napi_get_boolean(env, w.readonly != 0, &items[4]);
  for (int which = 0; which < 2; which++) {
    const HPy_ssize_t *src = which == 0 ? w.shape : w.strides;
    napi_value &arr = items[5 + which];
    if (!src || w.ndim <= 0) {
      napi_get_null(env, &arr);
    } else {
      napi_create_array_with_length(env, size_t(w.ndim), &arr);
      for (int i = 0; i < w.ndim; i++) {
        napi_create_int64(env, src[i], &v);
        napi_set_element(env, arr, uint32_t(i), v);
      }
    }
  }
  napi_create_array_with_length(env, 7, &out);
  for (uint32_t i = 0; i < 7; i++) napi_set_element(env, out, i, items[i]);
  hpy_frame_end_status(frame, 0, "bufferOf");
  return out;
}

// releaseBuffer(arrayBuffer): bf_releasebuffer now (once), and the
// ArrayBuffer detached. True if this call released it.
napi_value hpy_js_release_buffer(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value ab = nullptr, out;
  napi_get_cb_info(env, info, &argc, &ab, nullptr, nullptr);
  ThreadState *ts = hpy_call_state(env);
  if (!ts) return nullptr;
  bool tagged = false;
  void *data = nullptr;
  napi_valuetype t = napi_undefined;
  if (argc < 1 || napi_typeof(env, ab, &t) != napi_ok || t != napi_object ||
      napi_check_object_type_tag(env, ab, &kBufferTag, &tagged) != napi_ok || !tagged)
    return throw_error(ts, hpy_h::TypeError, "releaseBuffer: %s is not an ArrayBuffer made by bufferOf", "the argument");
  // Released already (here or at teardown): the wrap is gone, b may be too.
  bool release = napi_remove_wrap(env, ab, &data) == napi_ok && data && !static_cast<ExportedBuffer *>(data)->released;
  if (release) {
    auto *b = static_cast<ExportedBuffer *>(data);
    unlink(b);
    release_once(ts, b);
    // After this JavaScript cannot reach the memory; the ArrayBuffer's
    // finalizer frees b.
    napi_detach_arraybuffer(env, ab);
  }
  napi_get_boolean(env, release, &out);
  return out;
}
