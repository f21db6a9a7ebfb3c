#pragma once
// Calling an extension's method from JavaScript: the callback behind every
// function of a module object.
#include <node_api.h>

/* The napi_callback of a method; its data is the method's MethodRecord. */
napi_value hpy_method_call(napi_env env, napi_callback_info info);
