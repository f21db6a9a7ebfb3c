#include "instance_registry.h"
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

__thread InstanceHeap *t_instances __attribute__((tls_model("initial-exec"))) = nullptr;

namespace {
constexpr size_t kChunk = size_t(1) << kInstanceChunkShift;
// 16-byte steps up to kInstanceSmallMax, then powers of two up to half a
// chunk (at most 2x the size asked for); larger instances get whole chunks.
constexpr size_t kSmallClasses = kInstanceSmallMax / 16;
constexpr size_t kLargest = kChunk / 2;
constexpr size_t kClasses = kSmallClasses + 9;  // 2 KiB .. 512 KiB

// The size class of `size` bytes (a multiple of 16, at most kLargest), and
// the bytes a slot of it has.
size_t class_of(size_t size) {
  if (size <= kInstanceSmallMax) return size / 16 - 1;
  size_t c = kSmallClasses, n = 2 * kInstanceSmallMax;
  while (n < size) n *= 2, c++;
  return c;
}
size_t class_size(size_t c) { return c < kSmallClasses ? (c + 1) * 16 : (2 * kInstanceSmallMax) << (c - kSmallClasses); }

struct FreeSlot {
  FreeSlot *next;
};

// The allocator behind the public InstanceHeap (which holds only what the
// inline lookup reads).
struct Heap {
  InstanceHeap pub;
  FreeSlot *free[kClasses] = {};
  char *bump[kClasses] = {};
  char *bump_end[kClasses] = {};
  std::vector<void *> small_chunks;  // freed with the heap
  size_t live = 0;
  bool closed = false;  // the environment ended: free all with the last instance
};

void set_insert(InstanceHeap *h, uintptr_t chunk) {
  size_t i = hpy_chunk_slot(chunk, h->mask);
  while (h->chunks[i] != 0) i = (i + 1) & h->mask;
  h->chunks[i] = chunk;
  h->nchunks++;
}

// Kept at most half full, so probes stay short.
bool set_add(InstanceHeap *h, uintptr_t chunk) {
  if ((h->nchunks + 1) * 2 > h->mask + 1) {
    size_t n = (h->mask + 1) * 2;
    auto *slots = static_cast<uintptr_t *>(calloc(n, sizeof(uintptr_t)));
    if (!slots) return false;
    uintptr_t *old = h->chunks;
    size_t old_n = h->mask + 1;
    h->chunks = slots;
    h->mask = n - 1;
    h->nchunks = 0;
    for (size_t i = 0; i < old_n; i++)
      if (old[i]) set_insert(h, old[i]);
    free(old);
  }
  set_insert(h, chunk);
  return true;
}

void set_remove(InstanceHeap *h, uintptr_t chunk) {
  size_t i = hpy_chunk_slot(chunk, h->mask);
  while (h->chunks[i] != chunk) {
    if (h->chunks[i] == 0) return;
    i = (i + 1) & h->mask;
  }
  // Backward-shift deletion: later entries of the probe run move into the
  // gap, so lookups need no tombstones.
  for (size_t j = i;;) {
    j = (j + 1) & h->mask;
    if (h->chunks[j] == 0) break;
    size_t home = hpy_chunk_slot(h->chunks[j], h->mask);
    bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (stays) continue;
    h->chunks[i] = h->chunks[j];
    i = j;
  }
  h->chunks[i] = 0;
  h->nchunks--;
}

// Chunks of `n` bytes (a multiple of kChunk), registered.
void *new_chunks(InstanceHeap *h, size_t n) {
  void *mem = aligned_alloc(kChunk, n);
  if (!mem) return nullptr;
  uintptr_t first = reinterpret_cast<uintptr_t>(mem) >> kInstanceChunkShift;
  for (size_t k = 0; k < n / kChunk; k++) {
    if (!set_add(h, first + k)) {
      for (size_t j = 0; j < k; j++) set_remove(h, first + j);
      free(mem);
      return nullptr;
    }
  }
  return mem;
}

void free_chunks(InstanceHeap *h, void *mem, size_t n) {
  uintptr_t first = reinterpret_cast<uintptr_t>(mem) >> kInstanceChunkShift;
  for (size_t k = 0; k < n / kChunk; k++) set_remove(h, first + k);
  free(mem);
}

void destroy(Heap *heap) {
  if (t_instances == &heap->pub) t_instances = nullptr;
  for (void *c : heap->small_chunks) {
    UNPOISON(c, kChunk);
    free(c);
  }
  free(heap->pub.chunks);
  delete heap;
}

void env_ended(void *arg) {
  auto *heap = static_cast<Heap *>(arg);
  // Lookups end with the environment; the memory waits for the finalizers
  // still to come (Node runs them after the cleanup hooks).
  if (t_instances == &heap->pub) t_instances = nullptr;
  heap->closed = true;
  if (heap->live == 0) destroy(heap);
}

// Outlives t_instances until the last instance is freed. Node runs one
// environment per thread, so the finalizers of a thread's instances all
// belong to this heap.
thread_local Heap *t_heap = nullptr;

size_t large_size(size_t size) { return (size + kChunk - 1) & ~(kChunk - 1); }
}  // namespace

void *hpy_instance_alloc(napi_env env, size_t size) {
  Heap *heap = t_heap;
  if (!heap || heap->closed) {
    auto *chunks = static_cast<uintptr_t *>(calloc(64, sizeof(uintptr_t)));
    heap = chunks ? new (std::nothrow) Heap{} : nullptr;
    if (!heap || napi_add_env_cleanup_hook(env, env_ended, heap) != napi_ok) {
      free(chunks);
      delete heap;
      return nullptr;
    }
    heap->pub = InstanceHeap{chunks, 63, 0, nullptr, nullptr};
    t_heap = heap;
    t_instances = &heap->pub;
  }
  size = (size + 15) & ~size_t(15);
  void *p;
  if (size > kLargest) {
    size = large_size(size);
    p = new_chunks(&heap->pub, size);
    if (!p) return nullptr;
  } else {
    size_t c = class_of(size);
    size = class_size(c);
    if (FreeSlot *s = heap->free[c]) {
      UNPOISON(s, sizeof *s);
      heap->free[c] = s->next;
      p = s;
    } else {
      if (!heap->bump[c] || heap->bump[c] + size > heap->bump_end[c]) {
        auto *chunk = static_cast<char *>(new_chunks(&heap->pub, kChunk));
        if (!chunk) return nullptr;
        heap->small_chunks.push_back(chunk);
        POISON(chunk, kChunk);
        heap->bump[c] = chunk;
        heap->bump_end[c] = chunk + kChunk;
      }
      p = heap->bump[c];
      heap->bump[c] += size;
    }
    UNPOISON(p, size);
  }
  memset(p, 0, size);
  heap->live++;
  return p;
}

void hpy_instance_free(void *p, size_t size) {
  Heap *heap = t_heap;
  if (!heap || !p) return;
  size = (size + 15) & ~size_t(15);
  if (size > kLargest) {
    free_chunks(&heap->pub, p, large_size(size));
  } else {
    size_t c = class_of(size);
    POISON(p, class_size(c));
    UNPOISON(p, sizeof(FreeSlot));
    auto *s = static_cast<FreeSlot *>(p);
    s->next = heap->free[c];
    heap->free[c] = s;
    POISON(p, sizeof(FreeSlot));
  }
  if (--heap->live == 0 && heap->closed) {
    t_heap = nullptr;
    destroy(heap);
  }
}
