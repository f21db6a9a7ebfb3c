#include "raw_data.h"
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>
#include <atomic>
#include <cstdint>
#include <cstring>

// A fault on a copy is reported before the process ends (it ends as it
// would have: the default action of the signal): the signal handler looks
// the address up in a fixed table of the copies' ranges, which it can read
// without locks or allocation. Copies beyond the table still fault, only
// without the message. Faults elsewhere go to the handler installed before
// ours (V8's, for WebAssembly), or to the default action.
namespace {

constexpr size_t kRegions = 8192;
struct Region {
  std::atomic<uintptr_t> start{0};
  std::atomic<size_t> size{0};
  std::atomic<bool> closed{false};
};
Region g_regions[kRegions];
struct sigaction g_previous_segv, g_previous_bus;
std::atomic<bool> g_installed{false};

size_t mapped_size(size_t n) {
  size_t page = size_t(sysconf(_SC_PAGESIZE));
  return (n + page - 1) / page * page;
}

// Where a copy's probe starts: copies are page-aligned, so by page number.
size_t home(uintptr_t start) { return size_t(start >> 12) & (kRegions - 1); }

Region *find(uintptr_t start) {
  for (size_t i = 0, k = home(start); i < kRegions; i++, k = (k + 1) & (kRegions - 1))
    if (g_regions[k].start.load(std::memory_order_relaxed) == start) return &g_regions[k];
  return nullptr;
}

void say(const char *text) {
  ssize_t ignored = write(2, text, strlen(text));
  (void)ignored;
}

void on_fault(int sig, siginfo_t *info, void *uctx) {
  uintptr_t addr = reinterpret_cast<uintptr_t>(info->si_addr);
  for (Region &r : g_regions) {
    uintptr_t start = r.start.load(std::memory_order_relaxed);
    if (start && addr >= start && addr < start + r.size.load(std::memory_order_relaxed)) {
      say(r.closed.load(std::memory_order_relaxed)
              ? "hpy-node debug mode: the extension read raw data (HPyUnicode_AsUTF8AndSize, HPyBytes_AsString, "
                "HPyType_GetName) after closing the handle it came from: the pointer is valid only while its "
                "handle is open\n"
              : "hpy-node debug mode: the extension wrote to the raw data of a handle (HPyUnicode_AsUTF8AndSize, "
                "HPyBytes_AsString, HPyType_GetName): it is read-only (const char *)\n");
      signal(sig, SIG_DFL);  // the faulting access runs again and ends the process
      return;
    }
  }
  struct sigaction &prev = sig == SIGBUS ? g_previous_bus : g_previous_segv;
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) return prev.sa_sigaction(sig, info, uctx);
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    return prev.sa_handler(sig);
  }
  signal(sig, SIG_DFL);
}

void install_once() {
  bool expected = false;
  if (!g_installed.compare_exchange_strong(expected, true)) return;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &g_previous_segv);
  sigaction(SIGBUS, &sa, &g_previous_bus);
}

void track(void *p, size_t size) {
  uintptr_t start = reinterpret_cast<uintptr_t>(p);
  for (size_t i = 0, k = home(start); i < kRegions; i++, k = (k + 1) & (kRegions - 1)) {
    Region &r = g_regions[k];
    uintptr_t expected = 0;
    if (r.start.load(std::memory_order_relaxed) == 0 && r.start.compare_exchange_strong(expected, start)) {
      r.closed.store(false, std::memory_order_relaxed);
      r.size.store(size, std::memory_order_release);
      return;
    }
  }
}

}  // namespace

void *hpy_debug_raw_copy(const void *data, size_t n) {
  size_t size = mapped_size(n ? n : 1);
  void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  memcpy(p, data, n);
  mprotect(p, size, PROT_READ);
  install_once();
  track(p, size);
  return p;
}

void hpy_debug_raw_protect(void *copy, size_t n) {
  if (Region *r = find(reinterpret_cast<uintptr_t>(copy))) r->closed.store(true, std::memory_order_relaxed);
  mprotect(copy, mapped_size(n ? n : 1), PROT_NONE);
}

void hpy_debug_raw_free(void *copy, size_t n) {
  munmap(copy, mapped_size(n ? n : 1));
  if (Region *r = find(reinterpret_cast<uintptr_t>(copy))) {
    r->size.store(0, std::memory_order_relaxed);
    r->start.store(0, std::memory_order_release);
  }
}
