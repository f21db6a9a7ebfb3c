#pragma once
// The trace clock: the cheapest monotonic counter the CPU offers, read twice
// per traced call. x86-64: the TSC when the CPU flags it invariant (constant
// rate, runs in every power state). arm64: the virtual counter. Otherwise, and
// with HPY_TRACE_CLOCK=monotonic, clock_gettime(CLOCK_MONOTONIC) in ns.
#include <cstdint>
#include <ctime>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

extern bool g_clock_counter;  // true: CPU counter; false: clock_gettime

// The two kinds of clock. Trace wrappers are compiled once per kind and the
// context gets the set for the clock chosen at start-up, so a traced call
// reads the clock without first testing which one it is.
enum class ClockKind { Counter, Monotonic };

template <ClockKind K>
inline uint64_t hpy_clock_read() {
#if defined(__x86_64__)
  if (K == ClockKind::Counter) return __rdtsc();
#elif defined(__aarch64__)
  if (K == ClockKind::Counter) {
    uint64_t v;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
    return v;
  }
#endif
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return uint64_t(t.tv_sec) * 1000000000u + uint64_t(t.tv_nsec);
}

/* Chooses and calibrates the clock, once per process (about 20 ms the first
 * time on a CPU counter). Safe to call from any thread. */
void hpy_clock_init();

/* Ticks per second of the chosen clock: its real resolution in Hz. */
double hpy_clock_frequency();

/* "tsc", "cntvct" or "monotonic". */
const char *hpy_clock_name();
