#pragma once
// Types of a builtin shape other than Object (HPyType_BuiltinShape_Tuple,
// _List, _Dict, _Type, ...) and metaclasses, for types.cc and
// construct.cc. A shaped type's instances are the JavaScript value hpy-node
// uses for that Python type (a frozen array for a tuple, an array for a list,
// a Map for a dict, a class for a type), made with the class's prototype and
// carrying the C struct as Object instances do (InstanceData); so HPy's
// protocol functions take them as the base kind, and HPy_AsStruct_<Shape>
// gives the struct. The README's "Types defined in C" says what each is.
#include "types.h"

inline bool hpy_shape_builtin(HPyType_BuiltinShape s) {
  return s != HPyType_BuiltinShape_Object && s != HPyType_BuiltinShape_Legacy;
}

/* True if spec->builtin_shape is a shape; else false with ValueError. */
bool hpy_shape_check(ThreadState *ts, const HPyType_Spec *spec);

/* The shape of the type `spec` makes over `base` (nullptr: none): its
 * builtin_shape; for an Object or Legacy spec, the shape of a shaped base
 * made by FromSpec, or, without a struct of its own (basicsize 0), of a
 * builtin base (int gives Long, tuple Tuple, ...): CPython's instances of
 * such a type are the base's kind of object. */
HPyType_BuiltinShape hpy_shape_of_spec(ThreadState *ts, const HPyType_Spec *spec, napi_value base);

/* The class a type of builtin `shape` extends, given the base of its params
 * (nullptr: none or object): the JavaScript class behind the Python base
 * (Array for tuple and list, Map for dict, Function for type) or a type of
 * the same shape made by FromSpec. nullptr with TypeError for a base of
 * another kind. */
napi_value hpy_shape_base(ThreadState *ts, HPyType_BuiltinShape shape, napi_value base);

/* HPyType_SpecParam_Metaclass: checks `meta` (type itself, or a type of
 * shape Type made by FromSpec without tp_new) and stores it in *out
 * (nullptr for type: nothing to do). False with the HPy error set: a second
 * metaclass is ValueError, anything else TypeError, as in HPy. */
bool hpy_shape_metaclass_param(ThreadState *ts, napi_value meta, napi_value *out);

/* Completes the class made by FromSpec: what its shape needs; its
 * metaclass `meta` (or nullptr): the class becomes an instance of it, with
 * the metaclass's struct; and, with more than one of `bases` (every base the
 * params gave, in order), the others: recorded for HPyType_IsSubtype and
 * HPy_TypeCheck. `base` is the class it extends, or nullptr. */
bool hpy_shape_finish_class(ThreadState *ts, TypeRecord *rec, napi_value cls, napi_value proto, napi_value base, napi_value meta,
                            const std::vector<napi_value> &bases);

/* A new instance of the shaped type `rec`, with `cls.prototype`: the items
 * are argv[0..n) (tuple, list), or the mapping argv[0] plus the keywords
 * object `kw` (dict). Its InstanceData is attached (struct in *data). nullptr
 * with the HPy error set. */
napi_value hpy_shape_instance_new(ThreadState *ts, napi_value cls, TypeRecord *rec, void **data, const napi_value *argv, size_t n,
                                  napi_value kw);

/* If `v` is an instance of a Long-, Float- or Unicode-shaped type, stores
 * its number or string in *prim and returns true (HPy's number and string
 * functions take it as its value); false otherwise, with no error set. */
bool hpy_shape_unbox(ThreadState *ts, napi_value v, napi_value *prim);

/* The struct a metaclass gives a class made with it (`v` is such a class),
 * or nullptr. */
InstanceData *hpy_metaclass_instance_data(napi_env env, napi_value v);
