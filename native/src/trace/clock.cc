#include "clock.h"
#include <cstdlib>
#include <cstring>
#include <mutex>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

bool g_clock_counter = false;
static double g_frequency = 1e9;
static const char *g_name = "monotonic";
static std::once_flag g_once;

static uint64_t monotonic_ns() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return uint64_t(t.tv_sec) * 1000000000u + uint64_t(t.tv_nsec);
}

// clock_getres gives the step of CLOCK_MONOTONIC; its frequency is one over
// the whole step, seconds included (not 1e9 / tv_nsec alone).
static double monotonic_frequency() {
  timespec res;
  if (clock_getres(CLOCK_MONOTONIC, &res) != 0) return 1e9;
  double step_ns = double(res.tv_sec) * 1e9 + double(res.tv_nsec);
  return step_ns > 0 ? 1e9 / step_ns : 1e9;
}

#if defined(__x86_64__)
static bool invariant_tsc() {
  unsigned a, b, c, d;
  if (!__get_cpuid(0x80000000u, &a, &b, &c, &d) || a < 0x80000007u) return false;
  __get_cpuid(0x80000007u, &a, &b, &c, &d);
  return (d >> 8) & 1u;
}

// Counts TSC ticks against CLOCK_MONOTONIC over ~20 ms; the bracketing reads
// keep the error near 1e-5.
static double calibrate_tsc() {
  timespec pause = {0, 20 * 1000 * 1000};
  uint64_t n0 = monotonic_ns(), c0 = __rdtsc();
  nanosleep(&pause, nullptr);
  uint64_t n1 = monotonic_ns(), c1 = __rdtsc();
  return double(c1 - c0) * 1e9 / double(n1 - n0);
}
#endif

static void choose() {
  g_frequency = monotonic_frequency();
  const char *forced = getenv("HPY_TRACE_CLOCK");
  if (forced && strcmp(forced, "monotonic") == 0) return;
#if defined(__x86_64__)
  if (invariant_tsc()) {
    g_frequency = calibrate_tsc();
    g_name = "tsc";
    g_clock_counter = true;
  }
#elif defined(__aarch64__)
  uint64_t f;
  __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
  if (f > 0) {
    g_frequency = double(f);
    g_name = "cntvct";
    g_clock_counter = true;
  }
#endif
}

void hpy_clock_init() { std::call_once(g_once, choose); }

double hpy_clock_frequency() {
  hpy_clock_init();
  return g_frequency;
}

const char *hpy_clock_name() {
  hpy_clock_init();
  return g_name;
}
