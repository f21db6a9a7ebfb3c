#pragma once
// The addon's functions, by the name JavaScript knows them: each binding
// lists its own in a table, and one loop exports every table.
#include <napi.h>
#include <cstddef>

struct AddonFunction {
  const char *name;
  Napi::Value (*fn)(const Napi::CallbackInfo &);
};

template <size_t N>
void hpy_export_functions(Napi::Env env, Napi::Object exports, const AddonFunction (&table)[N]) {
  for (const AddonFunction &f : table) exports.Set(f.name, Napi::Function::New(env, f.fn, f.name));
}
