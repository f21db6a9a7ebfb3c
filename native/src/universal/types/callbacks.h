#pragma once
// What JavaScript calls on classes made by HPyType_FromSpec and on their
// instances, one file per kind: the constructor (construct.cc), methods
// (methods.cc), members (members.cc), getsets (getsets.cc), slot functions
// (slots_from_js.cc); the class's property list that names them
// (describe_class.cc). Each reads its arguments with core/call_args.h, opens
// a frame, checks `this`, and calls the extension through
// hpy_extension_call (core/extension_call.h), as module functions do.
#include "types.h"
#include "../../core/call_args.h"

/* Throws an exception of HPy class `type` (TypeError, ...) built in a frame
 * of its own; returns nullptr for `return hpy_type_throw(...)`. */
napi_value hpy_type_throw(napi_env env, ThreadState *ts, HPy type, const char *fmt, const char *a, const char *b = "");

/* Reports that `what` of type `d->owner` was called on something that is not
 * one of its instances; nullptr. */
InstanceData *hpy_type_not_an_instance(napi_env env, ThreadState *ts, const TypeDefRecord *d, const char *what);

/* `this` as an instance of `d->owner` (or a subtype), or null after throwing. */
inline InstanceData *hpy_type_self(napi_env env, ThreadState *ts, napi_value self, const TypeDefRecord *d, const char *what) {
  InstanceData *inst = self ? hpy_instance_data(env, self) : nullptr;
  if (__builtin_expect(inst && (inst->type == d->owner || inst->type->is_subtype_of(d->owner)), 1)) return inst;
  return hpy_type_not_an_instance(env, ts, d, what);
}

/* The name of a method, member or getset definition, for messages. */
inline const char *hpy_def_name(const HPyDef *def) {
  switch (def->kind) {
    case HPyDef_Kind_Meth: return def->meth.name;
    case HPyDef_Kind_Member: return def->member.name;
    case HPyDef_Kind_GetSet: return def->getset.name;
    default: return "slot";
  }
}

/* The start of every callback on an instance of a method, member or getset:
 * the arguments read, this thread's state, `this` checked against the
 * definition's type. begin() is false after throwing. */
struct InstanceCall {
  JsArgs args;
  const TypeDefRecord *d = nullptr;
  ThreadState *ts = nullptr;
  InstanceData *inst = nullptr;

  bool begin(napi_env env, napi_callback_info info) {
    args.read(env, info);
    return checked(env);
  }
  bool begin(napi_env env, const EngineCall &call) {
    args.read(call);
    return checked(env);
  }

 private:
  bool checked(napi_env env) {
    d = static_cast<const TypeDefRecord *>(args.data);
    if (!(ts = hpy_call_state(env))) return false;
    inst = hpy_type_self(env, ts, args.self, d, hpy_def_name(d->def));
    return inst != nullptr;
  }
};

/* An ExtensionCall built field by field: GCC clears a brace-initialized one
 * with `rep stos`, whose start-up cost was 4% of a method call. */
inline ExtensionCall hpy_type_call(HPyContext *ctx, HPyFunc_Signature sig, HPyCFunction impl, HPy a = HPy_NULL,
                                   HPy b = HPy_NULL) {
  ExtensionCall call;
  call.ctx = ctx;
  call.sig = sig;
  call.impl = impl;
  call.a = a;
  call.b = b;
  return call;
}

/* A C integer as a JavaScript number, or a BigInt beyond 2^53. */
napi_value hpy_number_or_bigint(napi_env env, int64_t v);
/* An integer from a JavaScript number or BigInt, as a C integer member
 * stores it: `i` and `u` are the same bits; `is_signed` / `is_unsigned` say
 * whether the value fits int64_t / uint64_t exactly. */
struct MemberInteger {
  int64_t i = 0;
  uint64_t u = 0;
  bool is_signed = false;
  bool is_unsigned = false;
};
enum class MemberIntegerRead { Ok, NotInteger, TooLarge };
MemberIntegerRead hpy_member_integer(napi_env env, napi_value v, MemberInteger *out);
/* A member must name a known kind and lie inside the instance struct; false
 * with the HPy error set. */
bool hpy_member_fits(ThreadState *ts, const TypeRecord *rec, const HPyMember &m);

// The callbacks, for describe_class.cc.
napi_value hpy_type_method_call(napi_env env, napi_callback_info info);
napi_value hpy_type_method_call_noargs(napi_env env, napi_callback_info info);
// Methods and slot functions through the engine's trampoline (engine.h):
// describe_class.cc makes them as function values.
napi_value hpy_type_method_engine(napi_env env, const EngineCall &call);
napi_value hpy_type_slot_engine(napi_env env, const EngineCall &call);
napi_value hpy_type_member_get(napi_env env, napi_callback_info info);
napi_value hpy_type_member_set(napi_env env, napi_callback_info info);
napi_value hpy_type_getset_get(napi_env env, napi_callback_info info);
napi_value hpy_type_getset_set(napi_env env, napi_callback_info info);
napi_value hpy_type_slot_call(napi_env env, napi_callback_info info);
