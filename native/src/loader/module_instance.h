#pragma once
// The JavaScript module object built from a Library's HPyModuleDef, one per
// environment (the main thread and each worker get their own functions).
#include <node_api.h>
#include <memory>
#include <string>
#include <vector>
#include "library.h"
#include "../core/extension_call.h"

struct ModuleInstance;

struct MethodRecord {
  const HPyMeth *meth;
  ModuleInstance *instance;
  std::string qualname;  // "snippets.add", for error messages
  // The context the call is made with: a debug module's own base context
  // (hpy_extension_call's debug hook finds the module by it and gives the
  // extension the context it should see), else the library's.
  HPyContext *call_ctx;
  // Trace mode's profile entry ("snippets.add"), else null.
  ExtensionEntry *entry;
};

struct ModuleInstance {
  Library *lib;
  napi_ref object;
  std::vector<std::unique_ptr<MethodRecord>> methods;
};

/* Builds the module object for `lib` in `env`; nullptr with *status set on
 * failure. */
ModuleInstance *hpy_module_instance_new(napi_env env, Library *lib, Status *status);
