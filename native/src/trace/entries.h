#pragma once
// Trace mode's profile: every way the host enters an extension's C code is an
// entry (core/extension_call.h), counted per thread with the context calls it
// makes. Callers keep the entry's record beside the C function they call
// (set-up time); the hook here marks the entry as the module's innermost on
// this thread around the call, and the trace wrappers (trace_hot.h) add each
// context call to the innermost entry. Installed with the first traced
// module: universal and debug mode never reach this file.
#include <vector>
#include "../core/status.h"
#include "trace_store.h"

/* Installs the entry hooks into core/extension_call (once, with the first
 * traced module, the registry lock held, the clock chosen). */
void hpy_trace_install_entry_hooks();

/* The pseudo-entry's name after "<module>.". */
constexpr const char kOutsideEntry[] = "<outside>";

/* One row of the profile: an entry's counts summed over every thread.
 * `entry` null: the module's pseudo-entry of context calls made outside any
 * entry (its calls and ticks are 0). */
struct EntryTotals {
  const TraceModule *module;
  const EntryRecord *entry;
  EntryCounts counts;
};

/* Every traced module's entries that were entered, and each pseudo-entry that
 * made a context call, in load and creation order. Fails as
 * hpy_trace_snapshot does when a thread's counts were lost. */
Status hpy_trace_profile(std::vector<EntryTotals> *out);
