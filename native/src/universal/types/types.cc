// HPyType_FromSpec and the instance side of types: HPy_New,
// HPyType_GenericNew, HPy_AsStruct_*, _HPyType_GetBuiltinShape. The
// callbacks JavaScript calls on classes and instances are in
// type_callbacks.cc.
#include "types.h"
#include "../engine_part.h"
#include "type_lifecycle.h"
#include "type_shapes.h"
#include "../../loader/def_check.h"
#include <cstring>
#include <new>
#include <unordered_set>

namespace {
// Random, fixed: Node-API compares tags by value.
constexpr napi_type_tag kTypeTag = {0x4850795479706552ULL, 0x65636f72642d7479ULL};

// Records of this thread's environment that are still held, freed with it
// (EnvPart::Types). t_types is this thread's while it lasts: records are
// released inside V8's collection, where no ThreadState is at hand.
struct TypesEnv {
  std::unordered_set<TypeRecord *> types;
};
__thread TypesEnv *t_types __attribute__((tls_model("initial-exec"))) = nullptr;

// The classes last looked up by value (HPy_New(type), HPy_TypeCheck(o,
// type)), most recent first: a handful of types do most of an extension's
// work, and comparing a class with a record's is one pointer compare. Only
// records of this thread's environment, cleared with them.
constexpr int kRecentTypes = 8;
__thread TypeRecord *t_recent[kRecentTypes] __attribute__((tls_model("initial-exec"))) = {};

void free_types_env(napi_env env, void *arg) {
  auto *e = static_cast<TypesEnv *>(arg);
  for (TypeRecord *&r : t_recent) r = nullptr;
  if (t_types == e) t_types = nullptr;
  for (TypeRecord *t : e->types) delete t;
  delete e;
}

TypesEnv *types_env(ThreadState *ts) {
  if (auto *e = static_cast<TypesEnv *>(ts->parts.get(EnvPart::Types))) return e;
  auto *e = new TypesEnv{};
  ts->parts.set(EnvPart::Types, e, free_types_env);
  return t_types = e;
}

void forget_recent(const TypeRecord *r) {
  int kept = 0;
  for (int i = 0; i < kRecentTypes; i++)
    if (t_recent[i] != r) t_recent[kept++] = t_recent[i];
  while (kept < kRecentTypes) t_recent[kept++] = nullptr;
}

bool tagged(napi_env env, napi_value v, const napi_type_tag *tag) {
  // The check converts its argument to an object: on null or undefined that
  // throws, so anything but an object is answered here.
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || (t != napi_object && t != napi_function)) return false;
  bool yes = false;
  return napi_check_object_type_tag(env, v, tag, &yes) == napi_ok && yes;
}

// tp_destroy gets the struct only: no context, no handles, so it may run
// after the object is gone: inside V8's collection for engine instances, in
// a Node-API finalizer for the others, and at environment teardown.
void destroy_instance(InstanceData *inst) {
  if (inst->destroy) {
    ExtensionCall call{nullptr, HPyFunc_DESTROYFUNC, inst->destroy};
    call.ptr = inst->payload();
    if (inst->destroy_entry) call.entry = hpy_extension_entry_at(inst->destroy_entry);
    hpy_extension_call(call);
  }
  auto *type = const_cast<TypeRecord *>(inst->type);
  size_t size = inst->size;
  inst->~InstanceData();
  hpy_instance_free(inst, size);
  hpy_type_release(type);
}

void finalize_instance(napi_env env, void *data, void *hint) {
  auto *inst = static_cast<InstanceData *>(data);
  if (inst->fin) hpy_finalize_collected(env, inst);
  int64_t ignored;
  napi_adjust_external_memory(env, -int64_t(inst->size), &ignored);
  destroy_instance(inst);
}

napi_value global_function(ThreadState *ts, const char *object, const char *name, napi_value *holder) {
  napi_value global, obj, fn;
  napi_env env = ts->env;
  if (!HPY_NAPI_OK(ts, napi_get_global(env, &global)) || !HPY_NAPI_OK(ts, napi_get_named_property(env, global, object, &obj)) ||
      !HPY_NAPI_OK(ts, napi_get_named_property(env, obj, name, &fn)))
    return nullptr;
  if (holder) *holder = obj;
  return fn;
}

bool set_prototype_of(ThreadState *ts, napi_value obj, napi_value proto) {
  napi_value holder, result;
  napi_value fn = global_function(ts, "Object", "setPrototypeOf", &holder);
  napi_value argv[2] = {obj, proto};
  return fn && HPY_NAPI_OK(ts, napi_call_function(ts->env, holder, fn, 2, argv, &result));
}

const char *last_dot(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot ? dot + 1 : name;
}

// The base class named by params, or nullptr for none (Object); sets *fail
// with the HPy error for params hpy-node cannot honour. Every base given is
// in *bases, the first one returned (type_shapes.cc handles the others).
napi_value spec_base(ThreadState *ts, HPyType_SpecParam *params, bool *fail, napi_value *meta, std::vector<napi_value> *bases) {
  napi_value base = nullptr;
  *fail = false;
  *meta = nullptr;
  for (HPyType_SpecParam *p = params; p && p->kind; p++) {
    napi_value v = hpy_value(ts, p->object);
    if (!v) return *fail = true, nullptr;
    switch (p->kind) {
      case HPyType_SpecParam_Base: bases->push_back(v); break;
      case HPyType_SpecParam_BasesTuple: {
        uint32_t n = 0;
        bool is_array = false;
        napi_is_array(ts->env, v, &is_array);
        if (!is_array || napi_get_array_length(ts->env, v, &n) != napi_ok || n == 0) {
          hpy_err_raise(ts, hpy_h::TypeError,
                        "HPyType_FromSpec: HPyType_SpecParam_BasesTuple needs a non-empty tuple of classes");
          return *fail = true, nullptr;
        }
        for (uint32_t i = 0; i < n; i++) {
          napi_value b;
          if (!HPY_NAPI_OK(ts, napi_get_element(ts->env, v, i, &b))) return *fail = true, nullptr;
          bases->push_back(b);
        }
        break;
      }
      case HPyType_SpecParam_Metaclass:
        if (!hpy_shape_metaclass_param(ts, v, meta)) return *fail = true, nullptr;
        break;
      default:
        hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec: unknown HPyType_SpecParam kind %d", int(p->kind));
        return *fail = true, nullptr;
    }
  }
  if (!bases->empty()) base = (*bases)[0];
  if (base) {
    napi_value object_type = hpy_value(ts, hpy_h::BaseObjectType);
    bool is_object = false;
    if (object_type) napi_strict_equals(ts->env, base, object_type, &is_object);
    napi_valuetype t;
    napi_typeof(ts->env, base, &t);
    if (is_object) return nullptr;
    if (t != napi_function) {
      hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec: the base must be a class");
      return *fail = true, nullptr;
    }
  }
  return base;
}

bool check_spec(ThreadState *ts, const HPyType_Spec *spec) {
  const char *why = nullptr;
  if (!spec) why = "the spec is NULL";
  else if (!spec->name) why = "spec->name is NULL";
  else if (spec->legacy_slots) why = "spec->legacy_slots is set: legacy (CPython) slots need CPython, which hpy-node is not";
  else if (spec->basicsize < 0 || spec->itemsize < 0) why = "spec->basicsize and spec->itemsize cannot be negative";
  else if (!hpy_shape_check(ts, spec)) return false;
  if (!why) return true;
  hpy_err_raise(ts, spec && spec->legacy_slots ? hpy_h::TypeError : hpy_h::NotImplementedError, "HPyType_FromSpec: %s", why);
  return false;
}
}  // namespace

__thread PendingConstruction *t_pending_construction __attribute__((tls_model("initial-exec"))) = nullptr;

TypeRecord *hpy_type_record(napi_env env, napi_value v) {
  void *rec = nullptr;
  if (!tagged(env, v, &kTypeTag) || napi_unwrap(env, v, &rec) != napi_ok) return nullptr;
  return static_cast<TypeRecord *>(rec);
}

TypeRecord *hpy_type_record_exact(napi_env env, napi_value cls) {
  for (int i = 0; i < kRecentTypes && t_recent[i]; i++) {
    TypeRecord *r = t_recent[i];
    if (hpy_engine_class_is(r->engine, cls)) {
      for (; i > 0; i--) t_recent[i] = t_recent[i - 1];
      return t_recent[0] = r;
    }
  }
  TypeRecord *r = hpy_type_record(env, cls);
  if (r) {
    for (int i = kRecentTypes - 1; i > 0; i--) t_recent[i] = t_recent[i - 1];
    t_recent[0] = r;
  }
  return r;
}

TypeRecord *hpy_type_record_of_class(napi_env env, napi_value cls) {
  if (TypeRecord *r = hpy_type_record_exact(env, cls)) return r;
  napi_valuetype t;
  napi_value v = cls;
  if (napi_typeof(env, cls, &t) != napi_ok || t != napi_function || napi_get_prototype(env, cls, &v) != napi_ok) return nullptr;
  for (int depth = 0; depth < 10000; depth++) {
    napi_valuetype t;
    if (napi_typeof(env, v, &t) != napi_ok || t != napi_function) return nullptr;
    if (TypeRecord *r = hpy_type_record(env, v)) return r;
    if (napi_get_prototype(env, v, &v) != napi_ok) return nullptr;
  }
  return nullptr;
}

InstanceData *hpy_instance_data(napi_env env, napi_value v) {
  if (const InstanceHeap *r = t_instances) {
    if (v == r->self && v) return static_cast<InstanceData *>(r->self_data);
    if (InstanceData *inst = hpy_engine_instance_data(v)) return inst;
    // Instances of shaped types and of types with tp_finalize are wrapped
    // by Node-API. napi_unwrap answers for objects wrapped by anyone (other
    // addons, our classes): only a pointer into instance memory is an
    // instance's. It refuses non-objects without throwing.
    void *data = nullptr;
    if (napi_unwrap(env, v, &data) == napi_ok && hpy_instance_registered(data)) return static_cast<InstanceData *>(data);
  }
  // A class made with a Type-shaped metaclass carries the metaclass's struct.
  return hpy_metaclass_instance_data(env, v);
}

void hpy_engine_instance_collected(InstanceData *inst) { destroy_instance(inst); }

void hpy_engine_class_collected(void *data) { hpy_type_release(static_cast<TypeRecord *>(data)); }

TypeRecord::~TypeRecord() {
  if (engine) hpy_engine_class_free(engine);
  if (meta_struct) {
    meta_struct->~InstanceData();
    free(meta_struct);
  }
}

void hpy_type_release(TypeRecord *r) {
  // After the environment's records went (teardown), what is left of an
  // instance lets go of nothing.
  while (t_types && r && --r->holds == 0) {
    t_types->types.erase(r);
    forget_recent(r);
    TypeRecord *base = r->base;
    delete r;
    r = base;
  }
}

napi_value hpy_symbol_for(ThreadState *ts, const char *name) {
  napi_value holder, key, sym;
  napi_value fn = global_function(ts, "Symbol", "for", &holder);
  if (!fn || !(key = hpy_string(ts, name))) return nullptr;
  return HPY_NAPI_OK(ts, napi_call_function(ts->env, holder, fn, 1, &key, &sym)) ? sym : nullptr;
}

// A new zeroed InstanceData (and struct) of `rec`, or nullptr with the HPy
// MemoryError set.
static InstanceData *new_instance_data(ThreadState *ts, TypeRecord *rec) {
  size_t size = sizeof(InstanceData) + rec->basicsize;
  void *mem = hpy_instance_alloc(ts->env, size);
  if (!mem) {
    hpy_err_raise(ts, hpy_h::MemoryError, "HPy_New: no memory for a %s instance (%zu bytes)", rec->name.c_str(), size);
    return nullptr;
  }
  auto *inst = new (mem) InstanceData{rec, rec->destroy, nullptr, size};
  if (rec->destroy_entry) inst->destroy_entry = rec->destroy_entry->id;
  rec->holds++;
  return inst;
}

static void free_instance_data(InstanceData *inst) {
  auto *type = const_cast<TypeRecord *>(inst->type);
  size_t size = inst->size;
  inst->~InstanceData();
  hpy_instance_free(inst, size);
  hpy_type_release(type);
}

// An instance made through V8's API (engine.h), with the class's prototype,
// or `cls`'s when that is a JavaScript subclass. `new` makes its instances
// here too: the class's constructor has no `this` (engine/v8_classes.cc).
static napi_value engine_instance_new(ThreadState *ts, napi_value cls, TypeRecord *rec, void **data) {
  napi_env env = ts->env;
  napi_value proto = nullptr;
  if (!hpy_engine_class_is(rec->engine, cls) && !HPY_NAPI_OK(ts, napi_get_named_property(env, cls, "prototype", &proto)))
    return nullptr;
  InstanceData *inst = new_instance_data(ts, rec);
  if (!inst) return nullptr;
  inst->exact = proto == nullptr;
  napi_value obj = hpy_engine_instance_new(env, rec->engine, inst, proto, rec->basicsize);
  if (!obj) {
    free_instance_data(inst);
    hpy_err_napi(ts, napi_pending_exception, "making an instance");
    return nullptr;
  }
  if (data) *data = inst->payload();
  return obj;
}

napi_value hpy_instance_new(ThreadState *ts, napi_value cls, TypeRecord *rec, void **data) {
  if (hpy_shape_builtin(rec->shape)) return hpy_shape_instance_new(ts, cls, rec, data, nullptr, 0, nullptr);
  napi_env env = ts->env;
  napi_value obj = nullptr;
  PendingConstruction *p = hpy_pending_construction();
  bool same = p && p->new_target == cls;  // the same napi_value: tp_new passed cls on
  if (p && !same && !p->claimed) napi_strict_equals(env, p->new_target, cls, &same);
  if (rec->engine_instances) {
    obj = engine_instance_new(ts, cls, rec, data);
    if (obj && p && same) {
      p->claimed = true;
      p->made = obj;
    }
    return obj;
  }
  napi_value holder, proto;
  napi_value create = global_function(ts, "Object", "create", &holder);
  if (!create || !HPY_NAPI_OK(ts, napi_get_named_property(env, cls, "prototype", &proto))) return nullptr;
  if (!HPY_NAPI_OK(ts, napi_call_function(env, holder, create, 1, &proto, &obj))) return nullptr;
  if (p && !p->claimed && same) {
    p->claimed = true;
    p->made = obj;
  }
  return hpy_instance_attach(ts, obj, rec, cls, data) ? obj : nullptr;
}

bool hpy_instance_attach(ThreadState *ts, napi_value obj, TypeRecord *rec, napi_value cls, void **data) {
  napi_env env = ts->env;
  InstanceData *inst = new_instance_data(ts, rec);
  if (!inst) return false;
  size_t size = inst->size;
  if (napi_wrap(env, obj, inst, finalize_instance, nullptr, nullptr) != napi_ok) {
    // The object is wrapped already (an instance, or a foreign object).
    free_instance_data(inst);
    hpy_err_raise(ts, hpy_h::TypeError, "HPy_New: this %s object is already an instance (tp_new called HPy_New twice for it?)",
                  rec->name.c_str());
    return false;
  }
  // The struct is memory V8 cannot see: reported, so that dropped instances
  // with large structs make it collect as their JavaScript objects alone
  // would not.
  int64_t ignored;
  napi_adjust_external_memory(env, int64_t(size), &ignored);
  if (rec->slot(HPy_tp_finalize) && !hpy_finalize_track(ts, obj, inst, rec, cls)) return false;
  if (data) *data = inst->payload();
  return true;
}

bool hpy_instance_attach_stand_in(ThreadState *ts, napi_value obj, InstanceData *inst) {
  return HPY_NAPI_OK(ts, napi_wrap(ts->env, obj, inst, nullptr, nullptr, nullptr));
}

// check_type_spec (loader/def_check.cc, kept free of the runtime so it can
// be fuzzed alone), raised as the HPy error; false when it raised.
static bool raise_type_spec_check(ThreadState *ts, const HPyType_Spec *spec) {
  TypeSpecCheck c = check_type_spec(spec);
  if (c.error == TypeSpecCheck::Error::None) return true;
  hpy_err_raise(ts, c.error == TypeSpecCheck::Error::ValueError ? hpy_h::ValueError : hpy_h::TypeError, "%s", c.message.c_str());
  return false;
}

HPy hpy_u_Type_FromSpec(HPyContext *ctx, HPyType_Spec *spec, HPyType_SpecParam *params) {
  HPY_STATE_OR(HPy_NULL);
  if (!raise_type_spec_check(ts, spec)) return HPy_NULL;
  if (!check_spec(ts, spec)) return HPy_NULL;
  bool fail = false;
  napi_value meta;
  std::vector<napi_value> bases;
  napi_value base = spec_base(ts, params, &fail, &meta, &bases);
  if (fail) return HPy_NULL;
  HPyType_BuiltinShape shape = hpy_shape_of_spec(ts, spec, base);
  if (hpy_shape_builtin(shape) && !(base = hpy_shape_base(ts, shape, base))) return HPy_NULL;
  napi_env env = ts->env;
  auto rec = std::make_unique<TypeRecord>();
  rec->ctx = ctx;
  rec->name = spec->name;
  rec->short_name = last_dot(spec->name);
  rec->basicsize = size_t(spec->basicsize);
  rec->itemsize = size_t(spec->itemsize);
  rec->flags = spec->flags;
  rec->shape = shape;
  rec->base = base ? hpy_type_record_of_class(env, base) : nullptr;
  if (rec->base) {
    if (!(rec->base->flags & HPy_TPFLAGS_BASETYPE)) {
      hpy_err_raise(ts, hpy_h::TypeError, "type '%s' is not an acceptable base type (it has no HPy_TPFLAGS_BASETYPE)",
                    rec->base->name.c_str());
      return HPy_NULL;
    }
    if (rec->basicsize < rec->base->basicsize) rec->basicsize = rec->base->basicsize;
    memcpy(rec->slots, rec->base->slots, sizeof rec->slots);
    memcpy(rec->slot_entries, rec->base->slot_entries, sizeof rec->slot_entries);
    rec->destroy = rec->base->destroy;
    rec->destroy_entry = rec->base->destroy_entry;
    rec->vectorcall_offset = rec->base->vectorcall_offset;
  }
  std::vector<napi_property_descriptor> props;
  std::vector<napi_ref> keep;
  // Methods are engine functions, and most classes engine classes.
  if (!hpy_engine_ready(ts)) {
    hpy_err_raise(ts, hpy_h::MemoryError, "HPyType_FromSpec: no memory for the engine's state");
    return HPy_NULL;
  }
  if (!hpy_type_describe(ts, rec.get(), spec, &props, &keep)) return HPy_NULL;
  napi_value cls;
  // The class (engine/v8_classes.cc), which V8 collects once nothing holds
  // it; its instances through V8's own API too (engine.h), but for builtin
  // shapes and tp_finalize. Field slots cover the struct's first words,
  // where HPyFields usually are (fields.cc).
  napi_value proto;
  rec->engine_instances = !hpy_shape_builtin(shape) && !rec->slot(HPy_tp_finalize);
  size_t words = rec->engine_instances ? rec->basicsize / sizeof(HPyField) : 0;
  int slots = words < size_t(kEngineMaxFieldSlots) ? int(words) : kEngineMaxFieldSlots;
  rec->engine = hpy_engine_class_new(env, rec->short_name.c_str(), hpy_type_construct_engine, rec.get(), slots, &cls);
  bool ok = rec->engine || hpy_err_napi(ts, napi_pending_exception, "HPyType_FromSpec: making the class");
  ok = ok && HPY_NAPI_OK(ts, napi_get_named_property(env, cls, "prototype", &proto)) &&
       HPY_NAPI_OK(ts, napi_define_properties(env, proto, props.size(), props.data()));
  // The prototype's functions use the records; they keep the class alive.
  if (ok && !hpy_engine_class_hold_members(rec->engine, proto))
    ok = hpy_err_napi(ts, napi_pending_exception, "HPyType_FromSpec: linking the methods to the class");
  for (napi_ref r : keep) napi_delete_reference(env, r);
  if (!ok) return HPy_NULL;
  if (base) {
    napi_value base_proto;
    if (!HPY_NAPI_OK(ts, napi_get_named_property(env, base, "prototype", &base_proto)) ||
        !set_prototype_of(ts, proto, base_proto) || !set_prototype_of(ts, cls, base))
      return HPy_NULL;
  }
  napi_value module_name, doc;
  size_t prefix = rec->name.size() - rec->short_name.size();
  std::vector<napi_property_descriptor> statics;
  if (prefix > 0) {
    if (!(module_name = hpy_string(ts, rec->name.c_str(), prefix - 1))) return HPy_NULL;
    statics.push_back({"__module__", nullptr, nullptr, nullptr, nullptr, module_name, napi_default, nullptr});
  }
  if (spec->doc) {
    if (!(doc = hpy_string(ts, spec->doc))) return HPy_NULL;
    statics.push_back({"__doc__", nullptr, nullptr, nullptr, nullptr, doc, napi_default, nullptr});
  }
  if (!statics.empty() && !HPY_NAPI_OK(ts, napi_define_properties(env, cls, statics.size(), statics.data()))) return HPy_NULL;
  if (!hpy_shape_finish_class(ts, rec.get(), cls, proto, base, meta, bases)) return HPy_NULL;
  rec->extra_bases = bases.size() > 1 || (rec->base && rec->base->extra_bases);
  if (!HPY_NAPI_OK(ts, napi_type_tag_object(env, cls, &kTypeTag)) ||
      !HPY_NAPI_OK(ts, napi_wrap(env, cls, rec.get(), nullptr, nullptr, nullptr)))
    return HPy_NULL;
  if (rec->base) rec->base->holds++;
  types_env(ts)->types.insert(rec.release());
  return hpy_new(ts, cls);
}

static TypeRecord *type_arg(ThreadState *ts, HPy h_type, napi_value *cls, const char *what) {
  *cls = hpy_value(ts, h_type);
  if (!*cls) return nullptr;
  // tp_new passing on the class being constructed: its record is known.
  PendingConstruction *p = hpy_pending_construction();
  if (p && p->target_rec && p->new_target == *cls) return p->target_rec;
  TypeRecord *rec = hpy_type_record_of_class(ts->env, *cls);  // recent classes first
  if (!rec) hpy_err_raise(ts, hpy_h::TypeError, "%s: the type is not one made by HPyType_FromSpec", what);
  return rec;
}

HPy hpy_u_New(HPyContext *ctx, HPy h_type, void **data) {
  HPY_STATE_OR(HPy_NULL);
  napi_value cls;
  TypeRecord *rec = type_arg(ts, h_type, &cls, "HPy_New");
  if (!rec) return HPy_NULL;
  napi_value obj = hpy_instance_new(ts, cls, rec, data);
  return obj ? hpy_new(ts, obj) : HPy_NULL;
}

HPy hpy_u_Type_GenericNew(HPyContext *ctx, HPy type, const HPy *args, HPy_ssize_t nargs, HPy kw) {
  HPY_STATE_OR(HPy_NULL);
  napi_value cls;
  TypeRecord *rec = type_arg(ts, type, &cls, "HPyType_GenericNew");
  if (!rec) return HPy_NULL;
  napi_value obj = hpy_instance_new(ts, cls, rec, nullptr);
  return obj ? hpy_new(ts, obj) : HPy_NULL;
}

// HPy_AsStruct_*: the struct of an instance. HPy leaves a wrong object
// undefined (its debug mode catches it); here it is a TypeError and NULL.
__attribute__((noinline)) static void *not_a_struct(ThreadState *ts, InstanceData *inst, const char *what) {
  if (!inst) {
    hpy_err_raise(ts, hpy_h::TypeError, "%s: the object is not an instance of a type made by HPyType_FromSpec", what);
  } else {  // HPy's debug mode reports this misuse too
    hpy_err_raise(ts, hpy_h::TypeError, "%s: the object's type '%s' has builtin_shape %d: use HPy_AsStruct of that shape", what,
                  inst->type->name.c_str(), int(inst->type->shape));
  }
  return nullptr;
}

static inline void *as_struct(ThreadState *ts, HPy h, const char *what) {
  napi_value v = hpy_value(ts, h);
  if (!v) return nullptr;
  // Mostly `self` of the running method: hpy_instance_data's first check, without the call.
  const InstanceHeap *r = t_instances;
  InstanceData *inst = r && v == r->self ? static_cast<InstanceData *>(r->self_data) : hpy_instance_data(ts->env, v);
  if (__builtin_expect(!inst || hpy_shape_builtin(inst->type->shape), 0)) return not_a_struct(ts, inst, what);
  return inst->payload();
}

void *hpy_u_AsStruct_Object(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(nullptr);
  return as_struct(ts, h, "HPy_AsStruct_Object");
}

void *hpy_u_AsStruct_Legacy(HPyContext *ctx, HPy h) {
  HPY_STATE_OR(nullptr);
  return as_struct(ts, h, "HPy_AsStruct_Legacy");
}

HPyType_BuiltinShape hpy_u_Type_GetBuiltinShape(HPyContext *ctx, HPy h_type) {
  HPY_STATE_OR(HPyType_BuiltinShape_Legacy);
  napi_value cls = hpy_value(ts, h_type);
  if (!cls) return HPyType_BuiltinShape_Legacy;
  napi_valuetype t;
  napi_typeof(ts->env, cls, &t);
  if (t != napi_function) {
    hpy_err_raise(ts, hpy_h::TypeError, "_HPyType_GetBuiltinShape: the argument is not a type");
    return HPyType_BuiltinShape_Legacy;
  }
  TypeRecord *rec = hpy_type_record_of_class(ts->env, cls);
  return rec ? rec->shape : HPyType_BuiltinShape_Object;
}

// HPy_SetCallFunction: the instance's own call function, used by HPy_Call
// and its tp_call symbol instead of the type's tp_call. The type must take
// part in the call protocol (tp_call or a __vectorcalloffset__ member).
int hpy_u_SetCallFunction(HPyContext *ctx, HPy h, HPyCallFunction *func) {
  HPY_STATE_OR(-1);
  napi_value v = hpy_value(ts, h);
  if (!v) return -1;
  InstanceData *inst = hpy_instance_data(ts->env, v);
  if (!inst || (!inst->type->slot(HPy_tp_call) && inst->type->vectorcall_offset < 0)) {
    hpy_err_raise(ts, hpy_h::TypeError,
                  "HPy_SetCallFunction: the object's type does not implement the HPy call protocol "
                  "(no HPy_tp_call slot or __vectorcalloffset__ member)");
    return -1;
  }
  if (!func || !func->impl) {
    hpy_err_raise(ts, hpy_h::TypeError, "HPy_SetCallFunction: the call function is NULL");
    return -1;
  }
  if (inst->type->vectorcall_offset >= 0) memcpy(inst->payload() + inst->type->vectorcall_offset, func, sizeof *func);
  inst->call = func->impl;
  return 0;
}
