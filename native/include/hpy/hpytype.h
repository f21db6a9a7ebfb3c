/* hpy/hpytype.h: types defined in C (HPyType_FromSpec), with HPy 0.9.0's
 * layout and numbers; native/src/loader/abi_layout.cc pins them. hpy-node
 * makes each type a JavaScript class whose instances carry the C struct. */
#ifndef HPY_HPYTYPE_H
#define HPY_HPYTYPE_H

/* What built-in type a type's instances extend (and so which struct
 * HPy_AsStruct_* returns). Object is the default (0). */
typedef enum {
    HPyType_BuiltinShape_Legacy = -1,
    HPyType_BuiltinShape_Object = 0,
    HPyType_BuiltinShape_Type = 1,
    HPyType_BuiltinShape_Long = 2,
    HPyType_BuiltinShape_Float = 3,
    HPyType_BuiltinShape_Unicode = 4,
    HPyType_BuiltinShape_Tuple = 5,
    HPyType_BuiltinShape_List = 6,
    HPyType_BuiltinShape_Dict = 7,
} HPyType_BuiltinShape;

typedef struct {
    const char *name;       /* UTF-8; "module.Name" or "Name" */
    int basicsize;          /* bytes of the instance struct */
    int itemsize;           /* bytes per item of a variable-size instance */
    unsigned long flags;    /* HPy_TPFLAGS_* */
    HPyType_BuiltinShape builtin_shape;
    void *legacy_slots;     /* CPython's PyType_Slot[]: refused by hpy-node */
    HPyDef **defines;       /* NULL-terminated */
    const char *doc;
} HPyType_Spec;

typedef enum {
    HPyType_SpecParam_Base = 1,
    HPyType_SpecParam_BasesTuple = 2,
    HPyType_SpecParam_Metaclass = 3,
} HPyType_SpecParam_Kind;

/* An array of these, ended by one whose kind is 0, is FromSpec's `params`. */
typedef struct {
    HPyType_SpecParam_Kind kind;
    HPy object;
} HPyType_SpecParam;

typedef struct {
    void *cpy_trampoline; /* for CPython; unused here */
    HPyCallFunction impl;
} HPyType_Vectorcall;

#define _Py_TPFLAGS_HEAPTYPE (1UL << 9)
#define _Py_TPFLAGS_HAVE_VERSION_TAG (1UL << 18)
#define HPy_TPFLAGS_DEFAULT (_Py_TPFLAGS_HEAPTYPE | _Py_TPFLAGS_HAVE_VERSION_TAG)
#define HPy_TPFLAGS_HAVE_VECTORCALL (1UL << 11)
/* Without it a type cannot be extended (in C or with `class extends`). */
#define HPy_TPFLAGS_BASETYPE (1UL << 10)
/* CPython's GC flag; V8 traces every instance, so it changes nothing here. */
#define HPy_TPFLAGS_HAVE_GC (1UL << 14)

/* HPyType_HELPERS(PointObject) defines `PointObject_AsStruct(ctx, h)` and
 * `PointObject_SHAPE`; HPyType_HELPERS(PointObject, HPyType_BuiltinShape_Tuple)
 * the same for a type that extends a built-in shape. Write
 * `.builtin_shape = SHAPE(PointObject)` in the spec. */
#define _HPyType_HELPER_TYPE(TYPE, ...) TYPE *
#define _HPyType_HELPER_FNAME(TYPE, ...) TYPE##_AsStruct
#define _HPyType_HELPER_DEFINE_SHAPE(TYPE, SHAPE, ...) enum { TYPE##_SHAPE = (int)SHAPE }
#define _HPyType_HELPER_AS_STRUCT(TYPE, SHAPE, ...) SHAPE##_AsStruct
#define _HPyType_HELPER_X(X) X
#define HPyType_HELPERS(...)                                                     \
    _HPyType_HELPER_X(_HPyType_HELPER_DEFINE_SHAPE(__VA_ARGS__, HPyType_BuiltinShape_Object)); \
    _HPy_UNUSED static inline _HPyType_HELPER_X(_HPyType_HELPER_TYPE(__VA_ARGS__))            \
    _HPyType_HELPER_X(_HPyType_HELPER_FNAME(__VA_ARGS__))(HPyContext *ctx, HPy h)             \
    {                                                                             \
        return (_HPyType_HELPER_X(_HPyType_HELPER_TYPE(__VA_ARGS__)))            \
            _HPyType_HELPER_X(_HPyType_HELPER_AS_STRUCT(__VA_ARGS__, HPyType_BuiltinShape_Object))(ctx, h); \
    }
#define HPyType_LEGACY_HELPERS(TYPE) HPyType_HELPERS(TYPE, HPyType_BuiltinShape_Legacy)
#define SHAPE(TYPE) ((HPyType_BuiltinShape)TYPE##_SHAPE)

#define HPyType_BuiltinShape_Legacy_AsStruct _HPy_AsStruct_Legacy
#define HPyType_BuiltinShape_Object_AsStruct _HPy_AsStruct_Object
#define HPyType_BuiltinShape_Type_AsStruct _HPy_AsStruct_Type
#define HPyType_BuiltinShape_Long_AsStruct _HPy_AsStruct_Long
#define HPyType_BuiltinShape_Float_AsStruct _HPy_AsStruct_Float
#define HPyType_BuiltinShape_Unicode_AsStruct _HPy_AsStruct_Unicode
#define HPyType_BuiltinShape_Tuple_AsStruct _HPy_AsStruct_Tuple
#define HPyType_BuiltinShape_List_AsStruct _HPy_AsStruct_List
#define HPyType_BuiltinShape_Dict_AsStruct _HPy_AsStruct_Dict

/* HPy_New(ctx, cls, &data): a new instance of `cls`, its struct zeroed and
 * stored in *data. */
#define HPy_New(ctx, cls, data) (_HPy_New((ctx), (cls), ((void **)(data))))

#endif /* HPY_HPYTYPE_H */
