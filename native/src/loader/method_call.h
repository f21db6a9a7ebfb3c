#pragma once
// Calling an extension's method from JavaScript: the callback behind every
// function of a module object.
#include <node_api.h>
#include "../engine/engine.h"

/* The callback of a method, its data the method's MethodRecord: through
 * Node-API, or through the engine's trampoline (engine.h), which module
 * functions use: it skips Node-API's callback wrapper and the copy of the
 * arguments napi_get_cb_info makes. */
napi_value hpy_method_call(napi_env env, napi_callback_info info);
napi_value hpy_method_call_engine(napi_env env, const EngineCall &call);
