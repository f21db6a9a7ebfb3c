#pragma once
// One JavaScript environment (the main thread or a worker) as the addon sees
// it: the core's thread state and the module objects loaded in it. The addon
// owns its lifetime, so teardown runs top-down: the parts of the layers
// above core (core/env_parts.h, in its stated order), module objects, this
// thread's trace store and debug state, then the core state.
#include <node_api.h>
#include <map>
#include <string>
#include "../core/thread_state.h"

struct ModuleInstance;

struct Environment {
  ThreadState *ts;
  // Module objects of this environment, by resolved path.
  std::map<std::string, ModuleInstance *> modules;
};

/* The environment of `env`, created on first use with its cleanup hook. */
Environment *hpy_environment(napi_env env);
