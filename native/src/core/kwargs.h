#pragma once
// Keyword arguments between JavaScript and HPy. JavaScript calls have none,
// so hpy-node's convention is a trailing argument made by
// `kwargs({ name: value })` (src/universal/kwargs.ts): an object the addon
// tags, so a method can tell it from an ordinary object argument with one
// check. hpy-node's method functions are tagged too, so HPy_Call with
// keywords passes them a kwargs() object, and any other JavaScript function a
// trailing options object.
#include <node_api.h>

/* Marks `obj` as a keyword-arguments object. */
napi_status hpy_kwargs_tag(napi_env env, napi_value obj);

/* True if `v` is an object made by kwargs(). */
bool hpy_is_kwargs(napi_env env, napi_value v);

/* The same for `v` known to be an ordinary object (engine_inline.h's
 * EngineArgKind::OrdinaryObject): the tag's check alone. */
bool hpy_is_kwargs_object(napi_env env, napi_value v);

/* Marks a function as a method of an HPy module. */
napi_status hpy_method_tag(napi_env env, napi_value fn);

/* True if `fn` is a method of an HPy module. */
bool hpy_is_method(napi_env env, napi_value fn);
