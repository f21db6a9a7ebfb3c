/* hpy/hpydef.h: the definitions an extension lists in its HPyModuleDef
 * (methods and module slots; members, get/set descriptors and type slots are
 * declared for HPy 0.9.0's layout), and the macros that build them. Struct
 * layouts are HPy 0.9.0's, so a binary built by HPy's own toolchain reads the
 * same; test/fixtures and native/src/loader/abi_layout.cc pin them. */
#ifndef HPY_HPYDEF_H
#define HPY_HPYDEF_H

/* Slot numbers and signatures, as HPy 0.9.0 has them (native/api/type-slots.tsv). */
#include "autogen_hpyslot.h"

typedef struct {
    HPySlot_Slot slot;
    HPyCFunction impl;
    void *cpy_trampoline _HPy_DEFAULT(NULL); /* for CPython; unused here */
} HPySlot;

typedef struct {
    const char *name;
    HPyCFunction impl;
    void *cpy_trampoline _HPy_DEFAULT(NULL); /* for CPython; unused here */
    HPyFunc_Signature signature;
    const char *doc _HPy_DEFAULT(NULL);
} HPyMeth;

typedef enum {
    HPyMember_SHORT = 0,
    HPyMember_INT = 1,
    HPyMember_LONG = 2,
    HPyMember_FLOAT = 3,
    HPyMember_DOUBLE = 4,
    HPyMember_STRING = 5,
    HPyMember_OBJECT = 6,
    HPyMember_CHAR = 7,
    HPyMember_BYTE = 8,
    HPyMember_UBYTE = 9,
    HPyMember_USHORT = 10,
    HPyMember_UINT = 11,
    HPyMember_ULONG = 12,
    HPyMember_STRING_INPLACE = 13,
    HPyMember_BOOL = 14,
    HPyMember_OBJECT_EX = 16,
    HPyMember_LONGLONG = 17,
    HPyMember_ULONGLONG = 18,
    HPyMember_HPYSSIZET = 19,
    HPyMember_NONE = 20,
} HPyMember_FieldType;

typedef struct {
    const char *name;
    HPyMember_FieldType type;
    HPy_ssize_t offset;
    int readonly;
    const char *doc;
} HPyMember;

typedef struct {
    const char *name;
    HPyCFunction getter_impl;
    HPyCFunction setter_impl;
    void *getter_cpy_trampoline; /* for CPython; unused here */
    void *setter_cpy_trampoline; /* for CPython; unused here */
    const char *doc;
    void *closure;
} HPyGetSet;

typedef enum {
    HPyDef_Kind_Slot = 1,
    HPyDef_Kind_Meth = 2,
    HPyDef_Kind_Member = 3,
    HPyDef_Kind_GetSet = 4,
} HPyDef_Kind;

struct HPyDef {
    HPyDef_Kind kind;
    union {
        HPySlot slot;
        HPyMeth meth;
        HPyMember member;
        HPyGetSet getset;
    };
};

typedef struct {
    void *cpy_trampoline; /* for CPython; unused here */
    HPyFunc_Capsule_Destructor impl;
} HPyCapsule_Destructor;

typedef struct {
    void *cpy_trampoline; /* for CPython; unused here */
    HPyFunc_keywords impl;
} HPyCallFunction;

/* HPyDef_METH(add, "add", HPyFunc_VARARGS) declares `add_impl` (write its
 * body next) and defines the HPyDef `add` to list in .defines. Optional
 * trailing arguments fill more fields: `.doc = "..."`. HPyDef_METH_IMPL
 * names the implementation explicitly. */
#define HPyDef_METH_IMPL(SYM, NAME, IMPL, SIG, ...)                              \
    _HPyFunc_ENTRY(IMPL, SIG)                                                    \
    HPyDef SYM = {                                                               \
        .kind = HPyDef_Kind_Meth,                                                \
        .meth = { .name = NAME, .impl = _HPyFunc_AS_CFUNCTION(_HPyFunc_ENTRY_NAME(IMPL, SIG)), \
                  .signature = SIG, __VA_ARGS__ }                                \
    };
#define HPyDef_METH(SYM, NAME, SIG, ...) HPyDef_METH_IMPL(SYM, NAME, SYM##_impl, SIG, __VA_ARGS__)

/* HPyDef_SLOT(sym, HPy_mod_exec) declares `sym_impl` with the slot's
 * signature and defines the HPyDef `sym`. The enum makes an unknown slot a
 * compile error that names it. */
#define HPyDef_SLOT_IMPL(SYM, IMPL, SLOT)                                        \
    enum { SYM##_slot = SLOT };                                                  \
    _HPyFunc_ENTRY(IMPL, HPySlot_SIG(SLOT))                                      \
    HPyDef SYM = {                                                               \
        .kind = HPyDef_Kind_Slot,                                                \
        .slot = { .slot = SLOT, .impl = _HPyFunc_AS_CFUNCTION(_HPyFunc_ENTRY_NAME(IMPL, HPySlot_SIG(SLOT))) } \
    };
#define HPyDef_SLOT(SYM, SLOT) HPyDef_SLOT_IMPL(SYM, SYM##_impl, SLOT)

/* HPyDef_MEMBER(sym, "x", HPyMember_DOUBLE, offsetof(PointObject, x))
 * defines an attribute of a type's instances read from (and, unless
 * `.readonly = 1`, written to) its struct at that offset. */
#define HPyDef_MEMBER(SYM, NAME, TYPE, OFFSET, ...)                              \
    HPyDef SYM = {                                                               \
        .kind = HPyDef_Kind_Member,                                              \
        .member = { .name = NAME, .type = TYPE, .offset = OFFSET, __VA_ARGS__ }  \
    };

/* HPyDef_GET(sym, "name") declares `sym_get` (the getter, written next);
 * HPyDef_SET `sym_set`; HPyDef_GETSET both. `.closure = ptr` is handed to
 * them as their last argument. */
#define HPyDef_GET_IMPL(SYM, NAME, GETIMPL, ...)                                 \
    _HPyFunc_ENTRY(GETIMPL, HPyFunc_GETTER)                                      \
    HPyDef SYM = {                                                               \
        .kind = HPyDef_Kind_GetSet,                                              \
        .getset = { .name = NAME, .getter_impl = _HPyFunc_AS_CFUNCTION(GETIMPL), __VA_ARGS__ } \
    };
#define HPyDef_GET(SYM, NAME, ...) HPyDef_GET_IMPL(SYM, NAME, SYM##_get, __VA_ARGS__)
#define HPyDef_SET_IMPL(SYM, NAME, SETIMPL, ...)                                 \
    _HPyFunc_ENTRY(SETIMPL, HPyFunc_SETTER)                                      \
    HPyDef SYM = {                                                               \
        .kind = HPyDef_Kind_GetSet,                                              \
        .getset = { .name = NAME, .setter_impl = _HPyFunc_AS_CFUNCTION(SETIMPL), __VA_ARGS__ } \
    };
#define HPyDef_SET(SYM, NAME, ...) HPyDef_SET_IMPL(SYM, NAME, SYM##_set, __VA_ARGS__)
#define HPyDef_GETSET_IMPL(SYM, NAME, GETIMPL, SETIMPL, ...)                     \
    _HPyFunc_ENTRY(GETIMPL, HPyFunc_GETTER)                                      \
    _HPyFunc_ENTRY(SETIMPL, HPyFunc_SETTER)                                      \
    HPyDef SYM = {                                                               \
        .kind = HPyDef_Kind_GetSet,                                              \
        .getset = { .name = NAME, .getter_impl = _HPyFunc_AS_CFUNCTION(GETIMPL), \
                    .setter_impl = _HPyFunc_AS_CFUNCTION(SETIMPL), __VA_ARGS__ } \
    };
#define HPyDef_GETSET(SYM, NAME, ...) HPyDef_GETSET_IMPL(SYM, NAME, SYM##_get, SYM##_set, __VA_ARGS__)

/* HPyDef_CALL_FUNCTION(sym) declares `sym_impl` (HPyFunc_KEYWORDS) and the
 * HPyCallFunction `sym`, for HPy_SetCallFunction. */
#define HPyDef_CALL_FUNCTION(SYM)                                                \
    _HPyFunc_ENTRY(SYM##_impl, HPyFunc_KEYWORDS)                                 \
    static HPyCallFunction SYM = { NULL, (HPyFunc_keywords)_HPyFunc_ENTRY_NAME(SYM##_impl, HPyFunc_KEYWORDS) };

/* HPyCapsule_DESTRUCTOR(dtor) declares `dtor_impl` (write its body next) and
 * defines the HPyCapsule_Destructor `dtor` to pass to HPyCapsule_New. */
#define HPyCapsule_DESTRUCTOR(SYM)                                          \
    static void SYM##_impl(const char *name, void *pointer, void *context); \
    static HPyCapsule_Destructor SYM = { NULL, SYM##_impl };

#endif /* HPY_HPYDEF_H */
