#pragma once
#include <napi.h>

/* Adds the trace functions (snapshot, hooks, clock, bench probes) to the
 * addon's exports. */
void hpy_trace_binding_init(Napi::Env env, Napi::Object exports);
