#pragma once
// The slots of a type's life beyond construction: HPy_tp_finalize
// (type_finalize.cc), HPy_tp_traverse (type_traverse.cc) and the buffer
// slots HPy_bf_getbuffer / HPy_bf_releasebuffer (type_buffer.cc).
#include <string>
#include "types.h"

// ---- tp_finalize ------------------------------------------------------------

/* Registers a new instance of a type with tp_finalize, so tp_finalize runs
 * once for it: when it is collected or when its environment exits, whichever
 * comes first. `cls` is the class `new` ran for (a JavaScript subclass, or
 * the type's own). False with the HPy error set. */
bool hpy_finalize_track(ThreadState *ts, napi_value obj, InstanceData *inst, const TypeRecord *rec, napi_value cls);

/* Called by the instance's Node-API finalizer, after V8 collected it and
 * before tp_destroy: runs tp_finalize (unless teardown already did) on a
 * stand-in object of the same class that carries the same struct. */
void hpy_finalize_collected(napi_env env, InstanceData *inst);

/* The instance whose tp_finalize runs on this thread, or null: HPyField_Load
 * on it explains that the fields went with the object. */
extern __thread const InstanceData *t_finalizing;

/* Calls cb(data) from a process 'exit' listener of ts's environment (main
 * thread or worker): the last point where JavaScript and the HPy runtime
 * still work. False if it could not be registered. */
bool hpy_on_exit(ThreadState *ts, const char *name, napi_callback cb, void *data);

/* Makes `obj` an instance that carries `inst` without owning it (no
 * finalizer): the stand-in tp_finalize gets. types.cc. */
bool hpy_instance_attach_stand_in(ThreadState *ts, napi_value obj, InstanceData *inst);

// ---- tp_traverse --------------------------------------------------------------

/* Calls the tp_traverse of `rec` and of each base with its own, on the
 * struct at `payload`; `visit` is called for each non-NULL field. Returns
 * the first non-zero result of a tp_traverse, else 0. */
int hpy_type_traverse(const TypeRecord *rec, void *payload, HPyFunc_visitproc visit, void *arg);

/* Whether any type of rec's hierarchy has tp_traverse. */
bool hpy_type_has_traverse(const TypeRecord *rec);

/* Debug mode's check after HPyField_Store(owner, field, non-NULL): why the
 * store would leak on CPython (the type has no tp_traverse, or its
 * tp_traverse does not visit this field), or "" when it would not (or when
 * `field` is not inside an instance struct of a type made by FromSpec). */
std::string hpy_type_untraversed_field(ThreadState *ts, napi_value owner, const HPyField *field);

/* Debug mode's check at HPyType_FromSpec: a type with HPyMember_OBJECT or
 * _OBJECT_EX members (fields) and no tp_traverse in its hierarchy, else "". */
std::string hpy_type_spec_missing_traverse(ThreadState *ts, napi_value cls);

// ---- buffers ---------------------------------------------------------------------

/* A buffer an instance exported through bf_getbuffer; released once. */
struct ExportedBuffer;

/* Asks `v` for its buffer (bf_getbuffer with `flags`, CPython's PyBUF_*
 * values). nullptr with the HPy error set (a BufferError when `v` has no
 * bf_getbuffer). */
ExportedBuffer *hpy_buffer_get(ThreadState *ts, napi_value v, int flags);

/* The view of an exported buffer. */
const HPy_buffer &hpy_buffer_view(const ExportedBuffer *b);

/* Calls bf_releasebuffer (once: later calls do nothing) and frees `b`. */
void hpy_buffer_release(ThreadState *ts, ExportedBuffer *b);

/* The addon's exportBuffer(obj, writable) and releaseBuffer(arrayBuffer),
 * which src/universal/buffer.ts wraps as bufferOf. */
napi_value hpy_js_export_buffer(napi_env env, napi_callback_info info);
napi_value hpy_js_release_buffer(napi_env env, napi_callback_info info);
