// HPy 0.9.0's layout of the structs an extension hands the loader, pinned:
// a module built by HPy's own toolchain is read through these types, so a
// field that moves breaks the build here rather than loading modules with no
// methods (or crashing on a size read as a pointer). The numbers are HPy
// 0.9.0's on LP64 (x86-64, arm64); test/fixtures/hpy090 builds a module with
// a header that spells the same layout independently.
#include <cstddef>
#include "hpy.h"

#if __SIZEOF_POINTER__ == 8 && __SIZEOF_LONG__ == 8
static_assert(sizeof(HPyModuleDef) == 40, "HPyModuleDef: 5 pointer-sized fields");
static_assert(offsetof(HPyModuleDef, doc) == 0 && offsetof(HPyModuleDef, size) == 8 &&
                  offsetof(HPyModuleDef, legacy_methods) == 16 && offsetof(HPyModuleDef, defines) == 24 &&
                  offsetof(HPyModuleDef, globals) == 32,
              "HPyModuleDef: doc, size, legacy_methods, defines, globals");

static_assert(sizeof(HPyMeth) == 40, "HPyMeth");
static_assert(offsetof(HPyMeth, name) == 0 && offsetof(HPyMeth, impl) == 8 && offsetof(HPyMeth, cpy_trampoline) == 16 &&
                  offsetof(HPyMeth, signature) == 24 && offsetof(HPyMeth, doc) == 32,
              "HPyMeth: name, impl, cpy_trampoline, signature, doc");

static_assert(sizeof(HPySlot) == 24, "HPySlot");
static_assert(offsetof(HPySlot, slot) == 0 && offsetof(HPySlot, impl) == 8 && offsetof(HPySlot, cpy_trampoline) == 16,
              "HPySlot: slot, impl, cpy_trampoline");

static_assert(sizeof(HPyMember) == 40, "HPyMember");
static_assert(offsetof(HPyMember, name) == 0 && offsetof(HPyMember, type) == 8 && offsetof(HPyMember, offset) == 16 &&
                  offsetof(HPyMember, readonly) == 24 && offsetof(HPyMember, doc) == 32,
              "HPyMember: name, type, offset, readonly, doc");

static_assert(sizeof(HPyGetSet) == 56, "HPyGetSet");
static_assert(offsetof(HPyGetSet, getter_impl) == 8 && offsetof(HPyGetSet, setter_impl) == 16 && offsetof(HPyGetSet, doc) == 40 &&
                  offsetof(HPyGetSet, closure) == 48,
              "HPyGetSet: name, getter, setter, two trampolines, doc, closure");

static_assert(sizeof(HPyDef) == 64 && offsetof(HPyDef, kind) == 0 && offsetof(HPyDef, meth) == 8 && offsetof(HPyDef, slot) == 8,
              "HPyDef: kind, then the union of slot, meth, member, getset");

static_assert(sizeof(HPyDef_Kind) == 4 && HPyDef_Kind_Slot == 1 && HPyDef_Kind_Meth == 2 && HPyDef_Kind_Member == 3 &&
                  HPyDef_Kind_GetSet == 4,
              "HPyDef_Kind");
static_assert(HPyFunc_VARARGS == 1 && HPyFunc_KEYWORDS == 2 && HPyFunc_NOARGS == 3 && HPyFunc_O == 4 && HPyFunc_INQUIRY == 11 &&
                  HPyFunc_MOD_CREATE == 39,
              "HPyFunc_Signature numbers");
static_assert(HPy_mod_create == 2000 && HPy_mod_exec == 2001, "module slot numbers");
static_assert(sizeof(HPyType_Spec) == 56 && offsetof(HPyType_Spec, name) == 0 && offsetof(HPyType_Spec, basicsize) == 8 &&
                  offsetof(HPyType_Spec, itemsize) == 12 && offsetof(HPyType_Spec, flags) == 16 &&
                  offsetof(HPyType_Spec, builtin_shape) == 24 && offsetof(HPyType_Spec, legacy_slots) == 32 &&
                  offsetof(HPyType_Spec, defines) == 40 && offsetof(HPyType_Spec, doc) == 48,
              "HPyType_Spec: name, basicsize, itemsize, flags, builtin_shape, legacy_slots, defines, doc");
static_assert(sizeof(HPyType_SpecParam) == 16 && offsetof(HPyType_SpecParam, kind) == 0 &&
                  offsetof(HPyType_SpecParam, object) == 8,
              "HPyType_SpecParam: kind, object");
static_assert(HPyType_SpecParam_Base == 1 && HPyType_SpecParam_BasesTuple == 2 && HPyType_SpecParam_Metaclass == 3,
              "HPyType_SpecParam_Kind");
static_assert(sizeof(HPyType_BuiltinShape) == 4 && HPyType_BuiltinShape_Legacy == -1 && HPyType_BuiltinShape_List == 6,
              "HPyType_BuiltinShape");
static_assert(HPy_TPFLAGS_DEFAULT == ((1UL << 9) | (1UL << 18)) && HPy_TPFLAGS_BASETYPE == (1UL << 10) &&
                  HPy_TPFLAGS_HAVE_GC == (1UL << 14),
              "HPy_TPFLAGS_*");
static_assert(sizeof(HPy_buffer) == 80 && offsetof(HPy_buffer, readonly) == 32 && offsetof(HPy_buffer, format) == 40 &&
                  offsetof(HPy_buffer, internal) == 72,
              "HPy_buffer");
static_assert(HPyMember_OBJECT == 6 && HPyMember_BOOL == 14 && HPyMember_OBJECT_EX == 16 && HPyMember_NONE == 20,
              "HPyMember_FieldType numbers");
static_assert(HPyFunc_DESTROYFUNC == 5 && HPyFunc_INITPROC == 30 && HPyFunc_NEWFUNC == 31 && HPyFunc_GETTER == 32 &&
                  HPyFunc_SETTER == 33 && HPyFunc_DESTRUCTOR == 36,
              "HPyFunc_Signature numbers of type slots");
static_assert(HPy_tp_new == 65 && HPy_tp_destroy == 1000 && HPy_nb_add == 7 && HPy_tp_finalize == 80, "type slot numbers");
static_assert(offsetof(HPyContext, name) == 0 && offsetof(HPyContext, _private) == 8 && offsetof(HPyContext, abi_version) == 16 &&
                  offsetof(HPyContext, h_None) == 24,
              "HPyContext header: name, _private, abi_version, then slot 0");
#endif
