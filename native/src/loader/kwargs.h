#pragma once
// Keyword arguments from JavaScript. JavaScript has none, so hpy-node's
// convention is a trailing argument made by `kwargs({ name: value })`
// (src/universal/kwargs.ts): an object the addon tags, so a method can tell it
// from an ordinary object argument with one check.
#include <node_api.h>

/* Marks `obj` as a keyword-arguments object. */
napi_status hpy_kwargs_tag(napi_env env, napi_value obj);

/* True if `v` is an object made by kwargs(). */
bool hpy_is_kwargs(napi_env env, napi_value v);

/* The property that marks hpy-node's method functions, so the call helper
 * passes keyword arguments to them as a kwargs() object rather than as a
 * trailing options object (the convention for other JavaScript functions). */
constexpr const char *kHpyMethodMarker = "hpy-node.method";
