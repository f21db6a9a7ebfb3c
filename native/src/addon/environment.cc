#include "environment.h"
#include "../core/env_parts.h"
#include "../core/runtime.h"
#include "../loader/module_instance.h"
#include "../debug/debug_handles.h"
#include "../trace/trace.h"

namespace {

// Runs on the environment's own thread when it ends.
void free_environment(void *arg) {
  auto *e = static_cast<Environment *>(arg);
  hpy_env_parts_end(e->ts);  // in core/env_parts.h's stated order
  for (auto &entry : e->modules) delete entry.second;
  hpy_trace_release_thread();
  hpy_debug_release_thread(e->ts->env);
  hpy_thread_state_free(e->ts);
  delete e;
}

}  // namespace

Environment *hpy_environment(napi_env env) {
  void *data = nullptr;
  if (napi_get_instance_data(env, &data) == napi_ok && data) return static_cast<Environment *>(data);
  auto *e = new Environment{hpy_thread_state_new(env), {}};
  napi_set_instance_data(env, e, nullptr, nullptr);
  napi_add_env_cleanup_hook(env, free_environment, e);
  return e;
}
