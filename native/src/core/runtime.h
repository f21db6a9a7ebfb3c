#pragma once
// The JavaScript side of the host, per environment: the values of the context
// constants, the helper functions that give JavaScript semantics to the
// operations the addon does not do natively, and arrays that keep values alive
// beyond a call (persisted handles, HPyGlobals).
#include <node_api.h>
#include <map>
#include <string>
#include "thread_state.h"

// Helpers the TypeScript runtime provides (src/universal/helpers.ts), looked up
// by name once per environment. Keep the X-list and the TS object in step:
// init fails naming any helper that is missing.
#define HPY_HELPERS(X)                                                              \
  X(add) X(subtract) X(multiply) X(matrixMultiply) X(floorDivide) X(trueDivide)     \
  X(remainder) X(divmod) X(power) X(negative) X(positive) X(absolute) X(invert)     \
  X(lshift) X(rshift) X(bitAnd) X(bitXor) X(bitOr) X(index) X(long) X(float)                 \
  X(isTrue) X(callableCheck) X(call) X(callMethod) X(richCompare) X(hash)           \
  X(repr) X(str) X(ascii) X(bytes) X(type) X(typeCheck) X(length)                   \
  X(getAttr) X(setAttr) X(hasAttr) X(getItem) X(setItem) X(delItem) X(contains)     \
  X(newException) X(exceptionMatches) X(makeException) X(makeErrnoException) X(warn) X(writeUnraisable) X(importModule)                        \
  X(getIter) X(iterNext) X(iterCheck) X(getSlice) X(setSlice) X(delSlice)           \
  X(sliceNew) X(sliceUnpack) X(isList) X(isTuple) X(isDict) X(isBytes)              \
  X(dictKeys) X(dictCopy) X(freezeTuple) X(capsuleNew) X(typeName) X(isSubtype)     \
  X(dump)

enum HelperId {
#define HPY_HELPER_ENUM(name) HELPER_##name,
  HPY_HELPERS(HPY_HELPER_ENUM)
#undef HPY_HELPER_ENUM
  HELPER_COUNT
};

struct ModuleInstance;

struct Runtime {
  napi_ref constants = nullptr;   // array by context slot
  napi_ref helpers = nullptr;     // array by HelperId
  napi_ref persistent = nullptr;  // array by handle index
  napi_ref globals = nullptr;     // array by HPyGlobal id
  napi_ref ctx_names = nullptr;   // array of function names by id
  // Modules loaded in this environment, by resolved path.
  std::map<std::string, ModuleInstance *> modules;
};

/* Calls helper `id` with argc arguments. On a JS exception, it becomes the HPy
 * error and the result is nullptr. */
napi_value hpy_call_helper(ThreadState *ts, HelperId id, size_t argc, const napi_value *argv);

/* Reads element `index` of the array behind `ref`. */
napi_value hpy_ref_element(napi_env env, napi_ref ref, uint32_t index);

/* Installs the runtime of this environment from the object handed by
 * TypeScript; returns an error message or empty on success. */
std::string hpy_runtime_init(napi_env env, napi_value runtime_object);

/* The thread state of this environment, created on first use. */
ThreadState *hpy_thread_state(napi_env env);
