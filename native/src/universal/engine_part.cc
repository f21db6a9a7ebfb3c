// The engine's per-environment state (engine/engine.h) as one part of the
// environment's state (core/env_parts.h), so that it ends in the stated
// order: after the finalizers and metaclasses that point into instances,
// before the type records its classes belong to.
#include "engine_part.h"
#include "../engine/engine.h"

namespace {
void end_engine(napi_env, void *state) { hpy_engine_env_end(state); }
}  // namespace

bool hpy_engine_ready(ThreadState *ts) {
  if (ts->parts.get(EnvPart::Engine)) return true;
  void *state = hpy_engine_env_begin(ts->env);
  if (!state) return false;
  ts->parts.set(EnvPart::Engine, state, end_engine);
  return true;
}
