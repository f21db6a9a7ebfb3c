#include "module_instance.h"
#include "../core/frame.h"
#include "../core/handles.h"
#include "../core/runtime.h"
#include "../debug/debug_mode.h"
#include "../core/extension_call.h"
#include "../core/kwargs.h"
#include "method_call.h"
#include "def_check.h"
#include "../universal/engine_part.h"

namespace {

// The context calls into `lib` are made with (MethodRecord::call_ctx).
HPyContext *call_ctx(const Library *lib) { return lib->debug ? &lib->debug->base : lib->ctx; }

// A call of a module slot's C function, through hpy_extension_call as every
// call into extension code (debug mode adapts it there; trace mode counts it
// as the entry "<module>.HPy_mod_create" or "<module>.HPy_mod_exec").
ExtensionCall module_slot_call(const Library *lib, HPyFunc_Signature sig, HPyCFunction impl, HPy arg, const char *slot) {
  ExtensionCall call;
  call.ctx = call_ctx(lib);
  call.sig = sig;
  call.impl = impl;
  call.a = arg;
  call.entry = hpy_extension_entry(lib->ctx, nullptr, slot);
  return call;
}

napi_value string_value(napi_env env, const char *s) {
  napi_value v = nullptr;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

// A Node-API failure while building the module object, as a Status (the
// addon throws it; a JavaScript exception already pending wins).
ModuleInstance *fail(const Library *lib, Status *status, const std::string &step) {
  *status = Status::Fail("hpy-node: building the module object of " + lib->path + " failed while " + step);
  return nullptr;
}

// Builds the function for `meth` (tagged as an HPy method, for HPy_Call's
// keyword convention; its doc an own, read-only property; the function
// frozen) and adds its descriptor to `props`.
bool make_method(napi_env env, ModuleInstance *inst, const HPyMeth *meth, std::vector<napi_property_descriptor> *props) {
  auto rec = std::make_unique<MethodRecord>(MethodRecord{meth, inst, inst->lib->name + "." + meth->name, call_ctx(inst->lib),
                                                         hpy_extension_entry(inst->lib->ctx, nullptr, meth->name)});
  ThreadState *ts = hpy_thread_state_of(env);
  napi_value fn = ts && hpy_engine_ready(ts) ? hpy_engine_function(env, meth->name, hpy_method_call_engine, rec.get()) : nullptr;
  if (!fn) return false;
  if (hpy_method_tag(env, fn) != napi_ok) return false;
  std::vector<napi_property_descriptor> own;
  napi_value doc;
  if (meth->doc) {
    if (napi_create_string_utf8(env, meth->doc, NAPI_AUTO_LENGTH, &doc) != napi_ok) return false;
    own.push_back({"doc", nullptr, nullptr, nullptr, nullptr, doc, napi_enumerable, nullptr});
  }
  if (napi_define_properties(env, fn, own.size(), own.data()) != napi_ok) return false;
  if (napi_object_freeze(env, fn) != napi_ok) return false;
  props->push_back({meth->name, nullptr, nullptr, nullptr, nullptr, fn, napi_enumerable, nullptr});
  inst->methods.push_back(std::move(rec));
  return true;
}

const HPySlot *find_slot(const HPyModuleDef *def, int number) {
  for (HPyDef **d = def->defines; d && *d; d++)
    if ((*d)->kind == HPyDef_Kind_Slot && (*d)->slot.slot == number) return &(*d)->slot;
  return nullptr;
}

// HPy_mod_create: the module is whatever object the slot returns, given a
// spec ({ name, origin }) as Python's importer gives a ModuleSpec.
napi_value run_create(napi_env env, Library *lib, const HPySlot *create, ThreadState *ts) {
  napi_value spec, name, origin;
  napi_create_object(env, &spec);
  napi_create_string_utf8(env, lib->name.c_str(), lib->name.size(), &name);
  napi_create_string_utf8(env, lib->path.c_str(), lib->path.size(), &origin);
  napi_set_named_property(env, spec, "name", name);
  napi_set_named_property(env, spec, "origin", origin);
  Frame frame = hpy_frame_begin(ts);
  HPy h_spec = hpy_new(ts, spec);
  // HPyFunc_mod_create has the shape of a unary function: HPy f(ctx, spec).
  HPy result = hpy_extension_call(module_slot_call(lib, HPyFunc_UNARYFUNC, create->impl, h_spec, "HPy_mod_create")).h;
  if (hpy_entry(ts, h_spec)) hpy_close(ts, h_spec);
  std::string what = lib->name + " HPy_mod_create";
  return hpy_frame_end(frame, result, what.c_str());
}

// Runs every HPy_mod_exec slot, in order, on the module object; false with
// the slot's exception thrown.
bool run_exec_slots(Library *lib, napi_value module, ThreadState *ts) {
  std::string what = lib->name + " HPy_mod_exec";
  for (HPyDef **d = lib->def->defines; d && *d; d++) {
    if ((*d)->kind != HPyDef_Kind_Slot || (*d)->slot.slot != HPy_mod_exec) continue;
    Frame frame = hpy_frame_begin(ts);
    HPy h_module = hpy_new(ts, module);
    // HPy_mod_exec has the shape of an inquiry: int f(ctx, module).
    int status = hpy_extension_call(module_slot_call(lib, HPyFunc_INQUIRY, (*d)->slot.impl, h_module, "HPy_mod_exec")).status;
    if (hpy_entry(ts, h_module)) hpy_close(ts, h_module);
    if (!hpy_frame_end_status(frame, status, what.c_str())) return false;
  }
  return true;
}

// An exec slot adds attributes with HPy_SetAttr (HPyHelpers_AddType, ...),
// which the method-name check never sees: a name that changes what the
// module object is (`then` makes it a thenable that `await` never settles,
// `__proto__` replaces its prototype) is refused here, as for methods.
Status check_exec_attributes(napi_env env, const Library *lib, napi_value obj, napi_value proto_before) {
  std::string where = "cannot load " + lib->path + ": its HPy_mod_exec slot set the module attribute '";
  napi_value proto;
  bool same = false;
  if (napi_get_prototype(env, obj, &proto) != napi_ok || napi_strict_equals(env, proto, proto_before, &same) != napi_ok || !same)
    return Status::Fail(where + "__proto__': " + hpy_module_reserved_name_reason("__proto__") +
                        " (the module's prototype was replaced). Rename the attribute.");
  for (const char *name : {"__proto__", "then", "__esModule"}) {
    bool own = false;
    if (napi_has_own_property(env, obj, string_value(env, name), &own) == napi_ok && own)
      return Status::Fail(where + name + "': " + hpy_module_reserved_name_reason(name) + ". Rename the attribute.");
  }
  return Status::Ok();
}

}  // namespace

// Without a create slot, the module object is built here and shared by every
// user in this environment, so it is frozen once its exec slots have run:
// its methods and doc are own, enumerable, read-only properties (defined, not
// assigned, so no name reaches a setter such as __proto__'s; def_check.cc has
// refused names that would collide or mean something to JavaScript). load()
// only reads it and keys a WeakMap with it.
ModuleInstance *hpy_module_instance_new(napi_env env, Library *lib, Status *status) {
  auto inst = std::make_unique<ModuleInstance>();
  inst->lib = lib;
  ThreadState *ts = hpy_thread_state_of(env);
  if (!ts) return fail(lib, status, "finding this thread's HPy runtime");
  if (const HPySlot *create = find_slot(lib->def, HPy_mod_create)) {
    napi_value module = run_create(env, lib, create, ts);
    napi_valuetype t = napi_undefined;
    if (module) napi_typeof(env, module, &t);
    if (!module) return fail(lib, status, "running its HPy_mod_create slot");
    if (t != napi_object && t != napi_function) {
      *status = Status::Fail("cannot load " + lib->path +
                             ": its HPy_mod_create slot returned a value that is not an object; return the module object");
      return nullptr;
    }
    napi_create_reference(env, module, 1, &inst->object);
    return inst.release();
  }
  napi_value obj, doc;
  if (napi_create_object(env, &obj) != napi_ok) return fail(lib, status, "creating the module object");
  if (lib->def->doc) {
    if (napi_create_string_utf8(env, lib->def->doc, NAPI_AUTO_LENGTH, &doc) != napi_ok)
      return fail(lib, status, "reading its doc string");
  } else {
    napi_get_undefined(env, &doc);
  }
  std::vector<napi_property_descriptor> props;
  props.push_back({"doc", nullptr, nullptr, nullptr, nullptr, doc, napi_enumerable, nullptr});
  for (HPyDef **d = lib->def->defines; d && *d; d++) {
    if ((*d)->kind != HPyDef_Kind_Meth) continue;  // slots run below (def_check.cc allows no other kind)
    if (!make_method(env, inst.get(), &(*d)->meth, &props))
      return fail(lib, status, "creating the function of method '" + std::string((*d)->meth.name) + "'");
  }
  if (napi_define_properties(env, obj, props.size(), props.data()) != napi_ok) return fail(lib, status, "defining its methods");
  napi_value proto_before;
  if (napi_get_prototype(env, obj, &proto_before) != napi_ok) return fail(lib, status, "reading its prototype");
  napi_create_reference(env, obj, 1, &inst->object);
  if (!run_exec_slots(lib, obj, ts)) {
    napi_delete_reference(env, inst->object);
    return fail(lib, status, "running its HPy_mod_exec slot");
  }
  if (Status s = check_exec_attributes(env, lib, obj, proto_before); !s.ok()) {
    napi_delete_reference(env, inst->object);
    *status = s;
    return nullptr;
  }
  if (napi_object_freeze(env, obj) != napi_ok) return fail(lib, status, "freezing the module object");
  return inst.release();
}
