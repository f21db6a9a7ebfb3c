#pragma once
#include <napi.h>

/* Adds debug mode's functions (open and closed handles, generations, limits,
 * invalid-use callbacks, per-module counts) to the addon's exports. */
void hpy_debug_binding_init(Napi::Env env, Napi::Object exports);
