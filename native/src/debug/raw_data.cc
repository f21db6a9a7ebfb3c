#include "raw_data.h"
#include <sys/mman.h>
#include <unistd.h>
#include <cstring>

namespace {
size_t mapped_size(size_t n) {
  size_t page = size_t(sysconf(_SC_PAGESIZE));
  return (n + page - 1) / page * page;
}
}  // namespace

void *hpy_debug_raw_copy(const void *data, size_t n) {
  size_t size = mapped_size(n ? n : 1);
  void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  memcpy(p, data, n);
  mprotect(p, size, PROT_READ);
  return p;
}

void hpy_debug_raw_protect(void *copy, size_t n) { mprotect(copy, mapped_size(n ? n : 1), PROT_NONE); }

void hpy_debug_raw_free(void *copy, size_t n) { munmap(copy, mapped_size(n ? n : 1)); }
