// The handle scopes frames open for themselves (engine.h). Node-API's
// napi_open_handle_scope cannot carry values out of a scope but one
// (napi_escape_handle) and cannot be replaced while values in it stay
// live; V8's EscapableHandleScope, kept in the frame's storage, can.
#include <v8.h>
#include <new>
#include <vector>
#include "engine.h"
#include "v8_values.h"
#include "../core/thread_state.h"

namespace {
using Scope = v8::EscapableHandleScope;
static_assert(sizeof(Scope) <= kFrameScopeBytes, "kFrameScopeBytes holds a V8 handle scope");
static_assert(alignof(Scope) <= alignof(void *), "FrameScopeSlot is aligned for a V8 handle scope");

Scope *scope_in(unsigned char *bytes) { return std::launder(reinterpret_cast<Scope *>(bytes)); }

// HandleScope forbids `new`; ::new with a place bypasses that on purpose:
// the scope lives in the frame's storage, opened and closed in stack order.
void open_in(unsigned char *bytes, v8::Isolate *iso) { ::new (static_cast<void *>(bytes)) Scope(iso); }
}  // namespace

void hpy_engine_scope_renew(unsigned char *bytes, bool open, napi_value *const *slots, size_t n) {
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  if (!open) {
    open_in(bytes, iso);
    return;
  }
  // The live values ride in one array, held by a strong handle, across the
  // swap of scopes.
  v8::Global<v8::Array> carried;
  if (n > 0) {
    thread_local std::vector<v8::Local<v8::Value>> values;
    values.resize(n);
    for (size_t i = 0; i < n; i++) values[i] = hpy_v8_local(*slots[i]);
    carried.Reset(iso, v8::Array::New(iso, values.data(), n));
  }
  scope_in(bytes)->~Scope();
  open_in(bytes, iso);
  if (n == 0) return;
  v8::Local<v8::Array> arr = carried.Get(iso);
  carried.Reset();
  v8::Local<v8::Context> context = iso->GetCurrentContext();
  for (size_t i = 0; i < n; i++) {
    v8::Local<v8::Value> v;
    // A plain array's own element: the read cannot run code or fail.
    if (!arr->Get(context, uint32_t(i)).ToLocal(&v)) v = v8::Undefined(iso);
    *slots[i] = hpy_v8_value(v);
  }
}

napi_value hpy_engine_scope_close(unsigned char *bytes, napi_value keep) {
  Scope *scope = scope_in(bytes);
  napi_value out = keep ? hpy_v8_value(scope->Escape(hpy_v8_local(keep))) : nullptr;
  scope->~Scope();
  return out;
}
