#include "instance_registry.h"
#include <cstdlib>

__thread InstanceRegistry *t_instances __attribute__((tls_model("initial-exec"))) = nullptr;

namespace {
constexpr size_t kInitialSlots = 64;

void free_registry(void *arg) {
  auto *r = static_cast<InstanceRegistry *>(arg);
  // Finalizers that run after this find no set and have nothing to remove.
  if (t_instances == r) t_instances = nullptr;
  free(r->slots);
  delete r;
}

void insert(InstanceRegistry *r, uintptr_t key) {
  size_t i = hpy_instance_slot(key, r->mask);
  while (r->slots[i] != 0) i = (i + 1) & r->mask;
  r->slots[i] = key;
  r->count++;
}

// Kept at most half full, so probes stay short.
bool grow(InstanceRegistry *r) {
  size_t n = (r->mask + 1) * 2;
  auto *slots = static_cast<uintptr_t *>(calloc(n, sizeof(uintptr_t)));
  if (!slots) return false;
  uintptr_t *old = r->slots;
  size_t old_n = r->mask + 1;
  r->slots = slots;
  r->mask = n - 1;
  r->count = 0;
  for (size_t i = 0; i < old_n; i++)
    if (old[i]) insert(r, old[i]);
  free(old);
  return true;
}
}  // namespace

bool hpy_instance_register(napi_env env, const void *p) {
  InstanceRegistry *r = t_instances;
  if (!r) {
    auto *slots = static_cast<uintptr_t *>(calloc(kInitialSlots, sizeof(uintptr_t)));
    if (!slots) return false;
    r = new InstanceRegistry{slots, kInitialSlots - 1, 0, nullptr, nullptr};
    if (napi_add_env_cleanup_hook(env, free_registry, r) != napi_ok) {
      free(slots);
      delete r;
      return false;
    }
    t_instances = r;
  }
  if ((r->count + 1) * 2 > r->mask + 1 && !grow(r)) return false;
  insert(r, reinterpret_cast<uintptr_t>(p));
  return true;
}

void hpy_instance_unregister(const void *p) {
  InstanceRegistry *r = t_instances;
  uintptr_t key = reinterpret_cast<uintptr_t>(p);
  if (!r || !key) return;
  size_t i = hpy_instance_slot(key, r->mask);
  while (r->slots[i] != key) {
    if (r->slots[i] == 0) return;
    i = (i + 1) & r->mask;
  }
  // Backward-shift deletion: move later entries of the probe run into the
  // gap, so lookups never need tombstones.
  for (size_t j = i;;) {
    j = (j + 1) & r->mask;
    if (r->slots[j] == 0) break;
    size_t home = hpy_instance_slot(r->slots[j], r->mask);
    // Entry j may fill the gap at i unless its home lies cyclically in (i, j].
    bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (stays) continue;
    r->slots[i] = r->slots[j];
    i = j;
  }
  r->slots[i] = 0;
  r->count--;
}
