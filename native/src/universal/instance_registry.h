#pragma once
// The InstanceData of this thread's environment, by address: how a pointer
// napi_unwrap returned is known to be an instance's (types.cc).
//
// napi_unwrap answers for any wrapped object, including those of other
// addons (an ObjectWrap instance, ...), so its pointer must be checked before
// it is used. A Node-API type tag would do it, but checking one costs a second
// private-property lookup and a BigInt comparison on every method call and
// member read; a probe of this open-addressing set costs a multiply and a load
// or two. Instances never move between threads, so the set is per thread and
// needs no lock.
#include <node_api.h>
#include <cstddef>
#include <cstdint>

struct InstanceRegistry {
  uintptr_t *slots;  // 0: empty; capacity mask + 1 entries, a power of two
  size_t mask;
  size_t count;
  // `this` of the innermost type callback running (a method, getter, slot)
  // and its InstanceData: HPy_AsStruct on it, the common case, needs no
  // lookup. The napi_value stays valid, and names that object only, until
  // the callback returns, which restores the outer one (CurrentInstance).
  napi_value self;
  void *self_data;
};

// initial-exec: one TLS load per lookup (see thread_state.h).
extern __thread InstanceRegistry *t_instances __attribute__((tls_model("initial-exec")));

inline size_t hpy_instance_slot(uintptr_t p, size_t mask) {
  // Allocations are 16-byte aligned: the low bits carry nothing.
  return size_t(((p >> 4) * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

/* Whether `p` is the InstanceData of a live instance of this thread. */
inline bool hpy_instance_registered(const void *p) {
  const InstanceRegistry *r = t_instances;
  if (!r || !p) return false;
  uintptr_t key = reinterpret_cast<uintptr_t>(p);
  for (size_t i = hpy_instance_slot(key, r->mask);; i = (i + 1) & r->mask) {
    uintptr_t s = r->slots[i];
    if (s == key) return true;
    if (s == 0) return false;
  }
}

/* Adds an instance made in `env` (this thread's); false when out of memory. */
bool hpy_instance_register(napi_env env, const void *p);

/* Removes an instance (its finalizer, before the memory is freed). After the
 * environment's teardown freed the set, nothing to do. */
void hpy_instance_unregister(const void *p);
