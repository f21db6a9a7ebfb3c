// Builtin shapes and metaclasses of types made by HPyType_FromSpec (see
// type_shapes.h), and HPy_AsStruct_<Shape>.
#include "type_shapes.h"
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unordered_map>
#include "../../core/kwargs.h"
#include "../autogen_universal.h"

namespace {

const char *shape_name(HPyType_BuiltinShape s) {
  switch (s) {
    case HPyType_BuiltinShape_Legacy: return "Legacy";
    case HPyType_BuiltinShape_Object: return "Object";
    case HPyType_BuiltinShape_Type: return "Type";
    case HPyType_BuiltinShape_Long: return "Long";
    case HPyType_BuiltinShape_Float: return "Float";
    case HPyType_BuiltinShape_Unicode: return "Unicode";
    case HPyType_BuiltinShape_Tuple: return "Tuple";
    case HPyType_BuiltinShape_List: return "List";
    case HPyType_BuiltinShape_Dict: return "Dict";
  }
  return "?";
}

// The Python base a shape needs (a constant handle) and the JavaScript class
// its instances are made from.
struct ShapeBase {
  HPy python;
  const char *js;
};

bool shape_base_of(HPyType_BuiltinShape s, ShapeBase *out) {
  switch (s) {
    case HPyType_BuiltinShape_Tuple: *out = {hpy_h::TupleType, "Array"}; return true;
    case HPyType_BuiltinShape_List: *out = {hpy_h::ListType, "Array"}; return true;
    case HPyType_BuiltinShape_Dict: *out = {hpy_h::DictType, "Map"}; return true;
    case HPyType_BuiltinShape_Type: *out = {hpy_h::TypeType, "Function"}; return true;
    case HPyType_BuiltinShape_Long: *out = {hpy_h::LongType, "Number"}; return true;
    case HPyType_BuiltinShape_Float: *out = {hpy_h::FloatType, "Number"}; return true;
    case HPyType_BuiltinShape_Unicode: *out = {hpy_h::UnicodeType, "String"}; return true;
    default: return false;
  }
}

napi_value global_named(ThreadState *ts, const char *name) {
  napi_value global, v;
  if (!HPY_NAPI_OK(ts, napi_get_global(ts->env, &global)) || !HPY_NAPI_OK(ts, napi_get_named_property(ts->env, global, name, &v)))
    return nullptr;
  return v;
}

bool same(napi_env env, napi_value a, napi_value b) {
  bool r = false;
  return a && b && napi_strict_equals(env, a, b, &r) == napi_ok && r;
}

bool call_static(ThreadState *ts, const char *object, const char *fn, size_t argc, napi_value *argv, napi_value *out) {
  napi_value holder = global_named(ts, object), f, ignored;
  if (!holder || !HPY_NAPI_OK(ts, napi_get_named_property(ts->env, holder, fn, &f))) return false;
  return HPY_NAPI_OK(ts, napi_call_function(ts->env, holder, f, argc, argv, out ? out : &ignored));
}

bool set_prototype(ThreadState *ts, napi_value obj, napi_value cls) {
  napi_value argv[2] = {obj, nullptr};
  return HPY_NAPI_OK(ts, napi_get_named_property(ts->env, cls, "prototype", &argv[1])) &&
         call_static(ts, "Object", "setPrototypeOf", 2, argv, nullptr);
}

// ---- metaclass structs ------------------------------------------------------

bool attach_metaclass(ThreadState *ts, TypeRecord *rec, napi_value cls, napi_value base, napi_value meta) {
  if (same(ts->env, meta, hpy_value(ts, hpy_h::TypeType))) return true;
  TypeRecord *m = hpy_type_record(ts->env, meta);
  if (base) {
    // The class's [[Prototype]] carries its static inheritance from the base;
    // instanceof the metaclass would need the same link.
    hpy_err_raise(ts, hpy_h::NotImplementedError,
                  "HPyType_FromSpec: '%s' has both a base and the metaclass '%s': a JavaScript class has one "
                  "[[Prototype]], which its base takes; give the metaclass to a type without a base",
                  rec->name.c_str(), m->name.c_str());
    return false;
  }
  void *mem = calloc(1, sizeof(InstanceData) + m->basicsize);
  if (!mem) {
    hpy_err_raise(ts, hpy_h::MemoryError, "HPyType_FromSpec: no memory for the %s struct of '%s'", m->name.c_str(),
                  rec->name.c_str());
    return false;
  }
  // The record keeps it (types.h): a class is already wrapped with its
  // record, and napi_wrap takes one native pointer per object.
  rec->meta_struct = new (mem) InstanceData{m, nullptr, nullptr};
  return set_prototype(ts, cls, meta);
}

// More than one base: the first is the prototype parent (struct, slots,
// methods); a JavaScript class has one, so the others are listed in
// Symbol.for('hpy.bases') (all bases, in order), which the runtime helpers
// of HPyType_IsSubtype and HPy_TypeCheck follow. As CPython refuses bases
// whose instance layouts conflict, a base after the first may not carry a C
// struct or a builtin shape: its methods would read a struct the instance
// does not have at that place.
bool record_bases(ThreadState *ts, TypeRecord *rec, napi_value cls, const std::vector<napi_value> &bases) {
  napi_env env = ts->env;
  napi_value list;
  if (!HPY_NAPI_OK(ts, napi_create_array_with_length(env, bases.size(), &list))) return false;
  for (size_t i = 0; i < bases.size(); i++) {
    napi_valuetype t;
    napi_typeof(env, bases[i], &t);
    if (t != napi_function) {
      hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec: base %zu of '%s' is not a class", i, rec->name.c_str());
      return false;
    }
    TypeRecord *r = i > 0 ? hpy_type_record_of_class(env, bases[i]) : nullptr;
    if (r && (r->basicsize > 0 || hpy_shape_builtin(r->shape))) {
      hpy_err_raise(ts, hpy_h::TypeError,
                    "HPyType_FromSpec: multiple bases have instance lay-out conflict: '%s' (base %zu of '%s') has a C "
                    "struct or a builtin shape, which only the first base may have (it is the prototype parent)",
                    r->name.c_str(), i, rec->name.c_str());
      return false;
    }
    if (!HPY_NAPI_OK(ts, napi_set_element(env, list, uint32_t(i), bases[i]))) return false;
  }
  napi_value key = hpy_symbol_for(ts, "hpy.bases");
  if (!key || !HPY_NAPI_OK(ts, napi_object_freeze(env, list))) return false;
  napi_property_descriptor d = {nullptr, key, nullptr, nullptr, nullptr, list, napi_default, nullptr};
  return HPY_NAPI_OK(ts, napi_define_properties(env, cls, 1, &d));
}

// Long, Float, Unicode: a Number or String wrapper object (what Object(1)
// and Object('a') make), which JavaScript's operators, == and String() unbox
// through valueOf/toString, and HPy's number and string functions unbox with
// hpy_shape_unbox. The value: argv[0] as Python's int(x), float(x) and
// str(x) would take it from a JavaScript value (0, 0.0 or '' without one).
napi_value boxed_value(ThreadState *ts, TypeRecord *rec, const napi_value *argv, size_t n, napi_value kw) {
  napi_env env = ts->env;
  const char *name = rec->short_name.c_str();
  if (kw || n > 1) {
    hpy_err_raise(ts, hpy_h::TypeError, "%s() takes at most one positional argument, its value", name);
    return nullptr;
  }
  napi_value value, obj;
  if (rec->shape == HPyType_BuiltinShape_Unicode) {
    if (n == 0 ? !HPY_NAPI_OK(ts, napi_create_string_utf8(env, "", 0, &value))
               : !HPY_NAPI_OK(ts, napi_coerce_to_string(env, argv[0], &value)))
      return nullptr;
  } else {
    double d = 0;
    if (n == 1) {
      napi_valuetype t;
      napi_typeof(env, argv[0], &t);
      if (t == napi_bigint) {
        bool lossless = false;
        int64_t i = 0;
        napi_get_value_bigint_int64(env, argv[0], &i, &lossless);
        if (!lossless || i > (int64_t(1) << 53) || i < -(int64_t(1) << 53)) {
          hpy_err_raise(ts, hpy_h::OverflowError,
                        "%s: the value of a %s-shaped instance is a JavaScript number; this BigInt does not fit one exactly",
                        name, shape_name(rec->shape));
          return nullptr;
        }
        d = double(i);
      } else if (t == napi_number || t == napi_boolean) {
        napi_value num;
        if (!HPY_NAPI_OK(ts, napi_coerce_to_number(env, argv[0], &num))) return nullptr;
        napi_get_value_double(env, num, &d);
      } else {
        napi_value prim;
        if (!hpy_shape_unbox(ts, argv[0], &prim) || napi_get_value_double(env, prim, &d) != napi_ok) {
          hpy_err_raise(ts, hpy_h::TypeError, "%s() argument must be a number, a BigInt or a boolean", name);
          return nullptr;
        }
      }
      if (rec->shape == HPyType_BuiltinShape_Long) {
        if (!std::isfinite(d)) {
          hpy_err_raise(ts, hpy_h::ValueError, "%s: cannot convert %g to an integer", name, d);
          return nullptr;
        }
        d = std::trunc(d);  // as int(4.7) is 4
      }
    }
    if (!HPY_NAPI_OK(ts, napi_create_double(env, d, &value))) return nullptr;
  }
  return HPY_NAPI_OK(ts, napi_coerce_to_object(env, value, &obj)) ? obj : nullptr;
}

}  // namespace

bool hpy_shape_unbox(ThreadState *ts, napi_value v, napi_value *prim) {
  napi_env env = ts->env;
  InstanceData *inst = hpy_instance_data(env, v);
  if (!inst) return false;
  const char *cls;
  switch (inst->type->shape) {
    case HPyType_BuiltinShape_Long:
    case HPyType_BuiltinShape_Float: cls = "Number"; break;
    case HPyType_BuiltinShape_Unicode: cls = "String"; break;
    default: return false;
  }
  // The prototype's valueOf, not the instance's: a type with nb_int or
  // nb_float gets a valueOf of its own (type_callbacks.cc).
  napi_value holder = global_named(ts, cls), proto, value_of;
  return holder && napi_get_named_property(env, holder, "prototype", &proto) == napi_ok &&
         napi_get_named_property(env, proto, "valueOf", &value_of) == napi_ok &&
         napi_call_function(env, v, value_of, 0, nullptr, prim) == napi_ok;
}

static_assert(sizeof(HPyType_BuiltinShape) == sizeof(int), "the shape field is read as an int");

bool hpy_shape_check(ThreadState *ts, const HPyType_Spec *spec) {
  // Read as an int: an extension may store any value in the enum field, and
  // loading one outside the enumerators as the enum type is undefined.
  int shape;
  memcpy(&shape, &spec->builtin_shape, sizeof shape);
  if (shape >= HPyType_BuiltinShape_Legacy && shape <= HPyType_BuiltinShape_Dict) return true;
  hpy_err_raise(ts, hpy_h::ValueError, "HPyType_FromSpec: invalid builtin_shape %d (not an HPyType_BuiltinShape)", shape);
  return false;
}

HPyType_BuiltinShape hpy_shape_of_spec(ThreadState *ts, const HPyType_Spec *spec, napi_value base) {
  HPyType_BuiltinShape shape = spec->builtin_shape;
  if (hpy_shape_builtin(shape) || !base) return shape;
  // A subtype's instances are its base's kind of object.
  if (TypeRecord *r = hpy_type_record_of_class(ts->env, base)) return hpy_shape_builtin(r->shape) ? r->shape : shape;
  if (spec->basicsize != 0) return shape;
  const HPyType_BuiltinShape builtin[] = {HPyType_BuiltinShape_Long,  HPyType_BuiltinShape_Float, HPyType_BuiltinShape_Unicode,
                                          HPyType_BuiltinShape_Tuple, HPyType_BuiltinShape_List,  HPyType_BuiltinShape_Dict,
                                          HPyType_BuiltinShape_Type};
  for (HPyType_BuiltinShape s : builtin) {
    ShapeBase sb;
    if (shape_base_of(s, &sb) && same(ts->env, base, hpy_value(ts, sb.python))) return s;
  }
  return shape;
}

napi_value hpy_shape_base(ThreadState *ts, HPyType_BuiltinShape shape, napi_value base) {
  ShapeBase sb;
  if (!shape_base_of(shape, &sb)) {
    hpy_err_raise(ts, hpy_h::SystemError, "HPyType_FromSpec: builtin_shape %s has no base here", shape_name(shape));
    return nullptr;
  }
  napi_value js = global_named(ts, sb.js);
  if (!js) return nullptr;
  // A Map is a dict too (hpy-node's dicts are plain objects and Maps).
  if (!base || same(ts->env, base, hpy_value(ts, sb.python)) || (shape == HPyType_BuiltinShape_Dict && same(ts->env, base, js)))
    return js;
  TypeRecord *r = hpy_type_record_of_class(ts->env, base);
  if (r && r->shape == shape) return base;
  hpy_err_raise(ts, hpy_h::TypeError,
                "HPyType_FromSpec: a type of builtin_shape %s must extend the matching builtin type (or a type of that "
                "shape), not %s",
                shape_name(shape), r ? r->name.c_str() : "this base");
  return nullptr;
}

bool hpy_shape_metaclass_param(ThreadState *ts, napi_value meta, napi_value *out) {
  if (*out) {
    hpy_err_raise(ts, hpy_h::ValueError, "HPyType_FromSpec: more than one HPyType_SpecParam_Metaclass given");
    return false;
  }
  napi_valuetype t;
  napi_typeof(ts->env, meta, &t);
  if (t != napi_function) {
    hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec: the metaclass must be a type inheriting from type");
    return false;
  }
  if (!same(ts->env, meta, hpy_value(ts, hpy_h::TypeType))) {
    TypeRecord *m = hpy_type_record(ts->env, meta);
    if (!m || m->shape != HPyType_BuiltinShape_Type) {
      hpy_err_raise(ts, hpy_h::TypeError,
                    "HPyType_FromSpec: the metaclass must be type or a type of builtin_shape Type made by "
                    "HPyType_FromSpec with type as its base (JavaScript classes have no metaclass protocol)");
      return false;
    }
    if (m->slot(HPy_tp_new)) {
      hpy_err_raise(ts, hpy_h::TypeError,
                    "HPyType_FromSpec: the metaclass '%s' has its own tp_new, which cannot make a "
                    "type from a spec",
                    m->name.c_str());
      return false;
    }
  }
  *out = meta;
  return true;
}

bool hpy_shape_finish_class(ThreadState *ts, TypeRecord *rec, napi_value cls, napi_value proto, napi_value base, napi_value meta,
                            const std::vector<napi_value> &bases) {
  napi_env env = ts->env;
  if (bases.size() > 1 && !record_bases(ts, rec, cls, bases)) return false;
  if (hpy_shape_builtin(rec->shape)) {
    // The shape, for the runtime helpers (HPyType_IsSubtype of a tuple-shaped
    // class and tuple: its prototype is not a frozen array; a Long-shaped
    // instance is a Number object, an int only by its shape).
    napi_value key = hpy_symbol_for(ts, "hpy.builtinShape"), value;
    if (!key || !HPY_NAPI_OK(ts, napi_create_int32(env, int(rec->shape), &value))) return false;
    std::vector<napi_property_descriptor> props{{nullptr, key, nullptr, nullptr, nullptr, value, napi_default, nullptr}};
    if (rec->shape == HPyType_BuiltinShape_Tuple || rec->shape == HPyType_BuiltinShape_List) {
      // Array methods that make arrays (map, filter, slice, concat) make
      // plain ones: they would call `new Cls(length)`, Array's convention.
      napi_value symbol, species, array = global_named(ts, "Array");
      if (!array || !(symbol = global_named(ts, "Symbol")) ||
          !HPY_NAPI_OK(ts, napi_get_named_property(env, symbol, "species", &species)))
        return false;
      props.push_back({nullptr, species, nullptr, nullptr, nullptr, array, napi_default, nullptr});
    }
    // On the prototype too, for what tests instances (Int's instanceof).
    if (!HPY_NAPI_OK(ts, napi_define_properties(env, cls, props.size(), props.data())) ||
        !HPY_NAPI_OK(ts, napi_define_properties(env, proto, 1, props.data())))
      return false;
  }
  return !meta || attach_metaclass(ts, rec, cls, base, meta);
}

napi_value hpy_shape_instance_new(ThreadState *ts, napi_value cls, TypeRecord *rec, void **data, const napi_value *argv, size_t n,
                                  napi_value kw) {
  napi_env env = ts->env;
  napi_value obj = nullptr;
  const char *name = rec->short_name.c_str();
  switch (rec->shape) {
    case HPyType_BuiltinShape_Tuple:
    case HPyType_BuiltinShape_List:
      if (kw) {
        hpy_err_raise(ts, hpy_h::TypeError, "%s() takes no keyword arguments (its items are the positional ones)", name);
        return nullptr;
      }
      if (!HPY_NAPI_OK(ts, napi_create_array_with_length(env, n, &obj))) return nullptr;
      for (size_t i = 0; i < n; i++)
        if (!HPY_NAPI_OK(ts, napi_set_element(env, obj, uint32_t(i), argv[i]))) return nullptr;
      break;
    case HPyType_BuiltinShape_Dict: {
      if (n > 1) {
        hpy_err_raise(ts, hpy_h::TypeError, "%s expected at most 1 argument (a Map, an iterable of pairs or an object), got %zu",
                      name, n);
        return nullptr;
      }
      napi_value map_cls = global_named(ts, "Map"), init = nullptr;
      if (!map_cls) return nullptr;
      if (n == 1) {
        napi_value iter_sym, symbol = global_named(ts, "Symbol"), iter;
        napi_valuetype t;
        napi_typeof(env, argv[0], &t);
        if (t != napi_object && t != napi_function) {
          hpy_err_raise(ts, hpy_h::TypeError, "%s: the initial items must be a Map, an iterable of pairs or an object", name);
          return nullptr;
        }
        if (!symbol || !HPY_NAPI_OK(ts, napi_get_named_property(env, symbol, "iterator", &iter_sym)) ||
            !HPY_NAPI_OK(ts, napi_get_property(env, argv[0], iter_sym, &iter)))
          return nullptr;
        napi_typeof(env, iter, &t);
        init = argv[0];
        if (t != napi_function && !call_static(ts, "Object", "entries", 1, &init, &init)) return nullptr;
      }
      if (!HPY_NAPI_OK(ts, napi_new_instance(env, map_cls, init ? 1 : 0, &init, &obj))) return nullptr;
      if (kw) {
        napi_value entries, set, pair, kv[2], ignored;
        uint32_t len = 0;
        if (!call_static(ts, "Object", "entries", 1, &kw, &entries) ||
            !HPY_NAPI_OK(ts, napi_get_array_length(env, entries, &len)) ||
            !HPY_NAPI_OK(ts, napi_get_named_property(env, obj, "set", &set)))
          return nullptr;
        for (uint32_t i = 0; i < len; i++)
          if (!HPY_NAPI_OK(ts, napi_get_element(env, entries, i, &pair)) ||
              !HPY_NAPI_OK(ts, napi_get_element(env, pair, 0, &kv[0])) ||
              !HPY_NAPI_OK(ts, napi_get_element(env, pair, 1, &kv[1])) ||
              !HPY_NAPI_OK(ts, napi_call_function(env, obj, set, 2, kv, &ignored)))
            return nullptr;
      }
      break;
    }
    case HPyType_BuiltinShape_Long:
    case HPyType_BuiltinShape_Float:
    case HPyType_BuiltinShape_Unicode:
      if (!(obj = boxed_value(ts, rec, argv, n, kw))) return nullptr;
      break;
    case HPyType_BuiltinShape_Type:
      hpy_err_raise(ts, hpy_h::TypeError,
                    "%s is a metaclass: its instances are the classes HPyType_FromSpec makes with it "
                    "(HPyType_SpecParam_Metaclass); hpy-node cannot make a class by calling it",
                    rec->name.c_str());
      return nullptr;
    default:
      hpy_err_raise(ts, hpy_h::SystemError, "%s: builtin_shape %s has no instances here", rec->name.c_str(),
                    shape_name(rec->shape));
      return nullptr;
  }
  if (!set_prototype(ts, obj, cls) || !hpy_instance_attach(ts, obj, rec, cls, data)) return nullptr;
  if (rec->shape == HPyType_BuiltinShape_Tuple) {
    // A tuple is a frozen array. Fields of the struct keep their values in
    // an array owned by the object (fields.cc), which must exist before it
    // is frozen.
    if (rec->basicsize > 0) {
      napi_value key = hpy_symbol_for(ts, "hpy.fields"), arr;
      if (!key || !HPY_NAPI_OK(ts, napi_create_array(env, &arr))) return nullptr;
      napi_property_descriptor d = {nullptr, key, nullptr, nullptr, nullptr, arr, napi_default, nullptr};
      if (!HPY_NAPI_OK(ts, napi_define_properties(env, obj, 1, &d))) return nullptr;
    }
    if (!HPY_NAPI_OK(ts, napi_object_freeze(env, obj))) return nullptr;
  }
  return obj;
}

InstanceData *hpy_metaclass_instance_data(napi_env env, napi_value v) {
  TypeRecord *r = hpy_type_record(env, v);
  return r ? r->meta_struct : nullptr;
}

// ---- HPy_AsStruct_<Shape> ---------------------------------------------------

static void *shaped_struct(ThreadState *ts, HPy h, HPyType_BuiltinShape shape, const char *what) {
  napi_value v = hpy_value(ts, h);
  if (!v) return nullptr;
  InstanceData *inst = hpy_instance_data(ts->env, v);
  if (!inst) {
    hpy_err_raise(ts, hpy_h::TypeError, "%s: the object is not an instance of a type made by HPyType_FromSpec%s", what,
                  shape == HPyType_BuiltinShape_Type ? " (for Type: a class made with such a metaclass)" : "");
    return nullptr;
  }
  if (inst->type->shape != shape) {
    hpy_err_raise(ts, hpy_h::TypeError, "%s: the object is an instance of '%s', whose builtin_shape is %s", what,
                  inst->type->name.c_str(), shape_name(inst->type->shape));
    return nullptr;
  }
  return inst->payload();
}

// One context function per shape, all the same check.
#define HPY_AS_STRUCT_OF_SHAPE(Shape)                                                  \
  void *hpy_u_AsStruct_##Shape(HPyContext *ctx, HPy h) {                               \
    HPY_STATE_OR(nullptr);                                                             \
    return shaped_struct(ts, h, HPyType_BuiltinShape_##Shape, "HPy_AsStruct_" #Shape); \
  }
HPY_AS_STRUCT_OF_SHAPE(Type)
HPY_AS_STRUCT_OF_SHAPE(Long)
HPY_AS_STRUCT_OF_SHAPE(Float)
HPY_AS_STRUCT_OF_SHAPE(Unicode)
HPY_AS_STRUCT_OF_SHAPE(Tuple)
HPY_AS_STRUCT_OF_SHAPE(List)
HPY_AS_STRUCT_OF_SHAPE(Dict)
#undef HPY_AS_STRUCT_OF_SHAPE
