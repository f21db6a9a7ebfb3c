// HPy_tp_finalize on V8. HPy runs it once, before an object is destroyed,
// with the object still whole. V8 gives no such last look: an object's
// Node-API finalizer runs after the object is gone, and a FinalizationRegistry
// whose held value reached the object would keep it (and every cycle through
// its fields) alive for good. So tp_finalize runs:
//
// - at collection, from the instance's finalizer, on a stand-in: a new object
//   with the dead instance's prototype (its class, or the JavaScript subclass
//   `new` ran for) carrying the same struct, so HPy_AsStruct and the type's
//   methods work. The stand-in stops being an instance when tp_finalize
//   returns (its methods then raise TypeError), since tp_destroy frees the
//   struct right after.
// - when the environment exits (process 'exit', in the main thread or a
//   worker), on each instance still alive, in place: the last moment the
//   runtime and JavaScript work. Later (environment cleanup) no extension
//   code can run: a worker stopped by terminate() gets no 'exit', and its
//   live instances get tp_destroy only.
//
// Either way the object's HPyFields are gone for tp_finalize: V8 collected
// their values with the object (or is about to). The fields tp_traverse
// visits read as HPyField_NULL; loading any other field of the object raises
// a SystemError saying why. tp_destroy runs after, as for every instance.
#include <cstdio>
#include <unordered_set>
#include "type_lifecycle.h"
#include "../../core/frame.h"
#include "../../core/handles.h"

__thread const InstanceData *t_finalizing = nullptr;

struct FinalizeEntry {
  HPyContext *ctx;
  HPyCFunction impl;
  const TypeRecord *rec;
  InstanceData *inst;
  napi_ref self = nullptr;      // weak: the instance, for the exit
  napi_ref subclass = nullptr;  // weak: the JavaScript subclass, or null
  FinalizeEntry *prev = nullptr, *next = nullptr;
};

namespace {
// The live instances with tp_finalize of this thread's environment.
struct FinalizeEnv {
  napi_env env;
  FinalizeEntry head{};  // sentinel of a circular list
  bool torn_down = false;
};

// This environment's FinalizeEnv (core/env_parts.h), or null.
FinalizeEnv *current_finalize_env(ThreadState *ts) {
  return ts ? static_cast<FinalizeEnv *>(ts->parts.get(EnvPart::Finalizers)) : nullptr;
}

void unlink(FinalizeEntry *e) {
  e->prev->next = e->next;
  e->next->prev = e->prev;
  e->prev = e->next = e;
}

void free_entry(napi_env env, FinalizeEntry *e) {
  hpy_engine_class_pin(e->rec->engine, false);
  if (e->self) napi_delete_reference(env, e->self);
  if (e->subclass) napi_delete_reference(env, e->subclass);
  delete e;
}

int clear_visited(HPyField *f, void *) {
  *f = HPyField_NULL;
  return 0;
}

// Reports what tp_finalize left set, as HPyErr_WriteUnraisable does; when
// the report itself fails, straight to stderr.
void report(ThreadState *ts, napi_value obj, const TypeRecord *rec) {
  napi_env env = ts->env;
  napi_value err = ts->frame.error;
  ts->frame.error = nullptr;
  bool pending = false;
  if (!err && napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &err);
  if (!err) return;
  napi_value argv[2] = {obj, err};
  if (hpy_call_helper(ts, HELPER_writeUnraisable, 2, argv)) return;
  ts->frame.error = nullptr;
  napi_value ignored;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &ignored);
  char name[128] = "", message[1024] = "(no message)";
  napi_value v;
  napi_valuetype t;
  if (napi_get_named_property(env, err, "name", &v) == napi_ok && napi_typeof(env, v, &t) == napi_ok && t == napi_string)
    napi_get_value_string_utf8(env, v, name, sizeof name, nullptr);
  if (napi_get_named_property(env, err, "message", &v) == napi_ok && napi_typeof(env, v, &t) == napi_ok && t == napi_string)
    napi_get_value_string_utf8(env, v, message, sizeof message, nullptr);
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &ignored);
  fprintf(stderr, "hpy-node: exception ignored in tp_finalize of a '%s' object: %s%s%s\n", rec->name.c_str(), name,
          name[0] ? ": " : "", message);
}

// tp_finalize of e's instance, on `obj` (the instance or its stand-in).
void run(ThreadState *ts, FinalizeEntry *e, napi_value obj) {
  napi_env env = ts->env;
  Frame frame = hpy_frame_begin(ts);
  hpy_type_traverse(e->rec, e->inst->payload(), clear_visited, nullptr);
  const InstanceData *outer = t_finalizing;
  t_finalizing = e->inst;
  HPy h = hpy_new(ts, obj);
  ExtensionCall call{e->ctx, HPyFunc_DESTRUCTOR, e->impl, h};
  call.entry = e->rec->slot_entry(HPy_tp_finalize);
  hpy_extension_call(call);
  t_finalizing = outer;
  report(ts, obj, e->rec);
  if (hpy_entry(ts, h)) hpy_close(ts, h);
  // A trace hook that threw is the only error left: it has nowhere to go
  // but the same report.
  hpy_frame_end_status(frame, 0, e->rec->name.c_str());
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
    Frame again = hpy_frame_begin(ts);
    report(ts, obj, e->rec);
    hpy_frame_end_status(again, 0, e->rec->name.c_str());
  }
}

napi_value class_of(napi_env env, const FinalizeEntry *e) {
  napi_value cls = nullptr;
  if (e->subclass && napi_get_reference_value(env, e->subclass, &cls) == napi_ok && cls) return cls;
  return hpy_engine_class_get(e->rec->engine);
}

// tp_finalize of e's instance, which V8 has collected (or whose weak
// reference is empty already): on a stand-in with its prototype and struct.
// False when JavaScript cannot run any more: a worker being stopped by
// terminate() collects its instances with no 'exit' first, and then, as
// documented, they get tp_destroy only, quietly (Node-API calls into
// JavaScript fail then with no exception pending).
bool run_on_stand_in(ThreadState *ts, FinalizeEntry *e) {
  napi_env env = ts->env;
  napi_value cls = class_of(env, e), proto, global, object, create, stand_in;
  if (cls && napi_get_named_property(env, cls, "prototype", &proto) == napi_ok && napi_get_global(env, &global) == napi_ok &&
      napi_get_named_property(env, global, "Object", &object) == napi_ok &&
      napi_get_named_property(env, object, "create", &create) == napi_ok &&
      napi_call_function(env, object, create, 1, &proto, &stand_in) == napi_ok &&
      hpy_instance_attach_stand_in(ts, stand_in, e->inst)) {
    run(ts, e, stand_in);
    void *ignored;
    napi_remove_wrap(env, stand_in, &ignored);  // tp_destroy frees the struct next
    return true;
  }
  bool pending = false;
  napi_value exc;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &exc);
  ts->frame.error = nullptr;
  if (!pending) return false;
  fprintf(stderr, "hpy-node: tp_finalize of a '%s' object could not run (no stand-in object could be made)\n",
          e->rec->name.c_str());
  return true;
}

// The environment is exiting (process 'exit', also in a worker): the last
// moment JavaScript and the runtime work, so tp_finalize runs now for every
// instance still alive, in place, and for those collected whose finalizer
// has not run yet.
napi_value on_exit(napi_env env, napi_callback_info info) {
  void *data = nullptr;
  napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
  auto *fe = static_cast<FinalizeEnv *>(data);
  // After the environment's teardown `fe` is gone, and so is this lookup.
  ThreadState *ts = hpy_thread_state_of(env);
  if (current_finalize_env(ts) != fe || fe->torn_down) return nullptr;
  fe->torn_down = true;
  while (fe->head.next != &fe->head) {
    FinalizeEntry *e = fe->head.next;
    unlink(e);
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value obj = nullptr;
    if (e->self && napi_get_reference_value(env, e->self, &obj) == napi_ok && obj) run(ts, e, obj);
    else if (!run_on_stand_in(ts, e)) fe->torn_down = true;
    napi_close_handle_scope(env, scope);
    e->inst->fin = nullptr;
    free_entry(env, e);
  }
  return nullptr;
}

// Environment cleanup: JavaScript cannot run any more (nor most of
// Node-API), so instances not finalized by then (a worker stopped by
// terminate()) are not; the entries are freed.
void cleanup(napi_env, void *arg) {
  auto *fe = static_cast<FinalizeEnv *>(arg);
  fe->torn_down = true;
  while (fe->head.next != &fe->head) {
    FinalizeEntry *e = fe->head.next;
    unlink(e);
    e->inst->fin = nullptr;
    free_entry(fe->env, e);
  }
  delete fe;
}

FinalizeEnv *finalize_env(ThreadState *ts) {
  if (FinalizeEnv *fe = current_finalize_env(ts)) return fe;
  auto *fe = new FinalizeEnv{ts->env};
  fe->head.prev = fe->head.next = &fe->head;
  ts->parts.set(EnvPart::Finalizers, fe, cleanup);
  hpy_on_exit(ts, "hpy-node tp_finalize", on_exit, fe);
  return fe;
}
}  // namespace

bool hpy_finalize_track(ThreadState *ts, napi_value obj, InstanceData *inst, const TypeRecord *rec, napi_value cls) {
  napi_env env = ts->env;
  FinalizeEnv *fe = finalize_env(ts);
  if (fe->torn_down) return true;  // made after the exit: nothing is left to run it
  // The class must outlive its instances' tp_finalize: a stand-in needs its
  // prototype.
  auto *e = new FinalizeEntry{rec->ctx, rec->slot(HPy_tp_finalize), rec, inst};
  hpy_engine_class_pin(rec->engine, true);
  if (!HPY_NAPI_OK(ts, napi_create_reference(env, obj, 0, &e->self))) {
    delete e;
    return false;
  }
  if (hpy_type_record(env, cls) != rec && !HPY_NAPI_OK(ts, napi_create_reference(env, cls, 0, &e->subclass))) {
    free_entry(env, e);
    return false;
  }
  e->next = fe->head.next;
  e->prev = &fe->head;
  e->next->prev = e;
  fe->head.next = e;
  inst->fin = e;
  return true;
}

void hpy_finalize_collected(napi_env env, InstanceData *inst) {
  FinalizeEntry *e = inst->fin;
  unlink(e);
  ThreadState *ts = hpy_thread_state_of(env);
  FinalizeEnv *fe = current_finalize_env(ts);
  // After the environment's exit JavaScript may no longer run: skipped.
  if (ts && fe && !fe->torn_down) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    // JavaScript cannot run: the environment is stopping without an exit.
    if (!run_on_stand_in(ts, e)) fe->torn_down = true;
    napi_close_handle_scope(env, scope);
  }
  inst->fin = nullptr;
  free_entry(env, e);
}

bool hpy_on_exit(ThreadState *ts, const char *name, napi_callback cb, void *data) {
  napi_env env = ts->env;
  napi_value global, process, on, fn, argv[2], ignored;
  bool ok = napi_get_global(env, &global) == napi_ok && napi_get_named_property(env, global, "process", &process) == napi_ok &&
            napi_get_named_property(env, process, "on", &on) == napi_ok &&
            napi_create_string_utf8(env, "exit", NAPI_AUTO_LENGTH, &argv[0]) == napi_ok &&
            napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, data, &fn) == napi_ok && (argv[1] = fn) &&
            napi_call_function(env, process, on, 2, argv, &ignored) == napi_ok;
  bool pending = false;
  if (!ok && napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &ignored);
  return ok;
}
