#pragma once
// The memory of instances of types made by HPyType_FromSpec (the
// InstanceData header and the C struct), and how a pointer napi_unwrap
// returned is known to be one of them (types.cc).
//
// napi_unwrap answers for any wrapped object, including those of other
// addons (an ObjectWrap instance, ...) and our own classes, so its pointer
// must be checked before it is used. A Node-API type tag would do it, but
// checking one costs a second private-property lookup and a BigInt
// comparison on every method call and member read, and tagging costs more
// at each construction. Instead instances live in memory of their own:
// 1 MiB-aligned chunks, carved by size class (16-byte steps up to
// kInstanceSmallMax; larger ones get chunks to themselves). A pointer is an
// instance's exactly when its chunk is one of this thread's, which is a
// probe of a small, hot set: no pointer of anyone else's lies in our chunks.
// Instances never move between threads, so all of it is per thread, unlocked.
#include <node_api.h>
#include <cstddef>
#include <cstdint>

constexpr size_t kInstanceChunkShift = 20;
constexpr size_t kInstanceSmallMax = 1024;

struct InstanceHeap {
  uintptr_t *chunks;  // chunk numbers (address >> shift); 0: empty slot
  size_t mask;        // capacity - 1, a power of two
  size_t nchunks;
  // `this` of the innermost type callback running (a method, getter, slot)
  // and its InstanceData: HPy_AsStruct on it, the common case, needs no
  // lookup. The napi_value stays valid, and names that object only, until
  // the callback returns, which restores the outer one (CurrentInstance).
  napi_value self;
  void *self_data;
};

// initial-exec: one TLS load per lookup (see thread_state.h).
extern __thread InstanceHeap *t_instances __attribute__((tls_model("initial-exec")));

inline size_t hpy_chunk_slot(uintptr_t chunk, size_t mask) { return size_t((chunk * 0x9E3779B97F4A7C15ULL) >> 40) & mask; }

/* Whether `p` (from napi_unwrap) is an instance's memory on this thread. */
inline bool hpy_instance_registered(const void *p) {
  const InstanceHeap *h = t_instances;
  uintptr_t a = reinterpret_cast<uintptr_t>(p);
  if (!h || !a || (a & 15)) return false;
  uintptr_t chunk = a >> kInstanceChunkShift;
  for (size_t i = hpy_chunk_slot(chunk, h->mask);; i = (i + 1) & h->mask) {
    uintptr_t c = h->chunks[i];
    if (c == chunk) return true;
    if (c == 0) return false;
  }
}

/* `size` zeroed bytes, 16-byte aligned, for an instance made in `env` (this
 * thread's); nullptr when out of memory. */
void *hpy_instance_alloc(napi_env env, size_t size);

/* Gives back what hpy_instance_alloc(size) returned (the instance's
 * finalizer). Memory of small instances is kept for later ones; all of it
 * is freed once the environment has ended and its last instance is gone. */
void hpy_instance_free(void *p, size_t size);
