#pragma once
// Debug handles beyond the hot path: closing, reporting misuse, and the
// thread's debug state.
#include <string>
#include "debug_hot.h"

/* Reports a misuse found in the running call: counts it, then calls the
 * environment's on_invalid_handle (or on_invalid_builder_handle) callback if
 * one is set and lets the call go on, as HPy does; otherwise the call fails
 * with the first such message when it returns. */
void hpy_debug_report(DebugThread *dt, const DebugModule *dm, bool builder, const std::string &message);

/* The closed-handles queue, oldest first. */
std::vector<DebugClosed> hpy_debug_closed_in_order(const DebugThread *dt);

/* The open entries made at or after generation gen, oldest first. */
std::vector<uint32_t> hpy_debug_open_in_order(const DebugThread *dt, uint64_t gen);

/* Why h is not an open handle of dm on this thread, as a sentence that
 * starts with `who` ("the function returned"), or with "ctx_X was given"
 * for context function fn_id when who is null. */
std::string hpy_debug_diagnose(DebugThread *dt, const DebugModule *dm, HPy h, int fn_id, const char *who);

/* "handle 0x... (made by mod.f at ...)" and the like, for messages. */
std::string hpy_debug_describe(HPy h);

/* The calling thread's debug state, made on first use. */
DebugThread *hpy_debug_thread();

/* Frees the calling thread's debug state (its environment is ending). */
void hpy_debug_release_thread(napi_env env);

/* Starts a new generation of handles (HPy's debug.new_generation) and
 * returns its number; a handle's generation is the one it was made in, found
 * from its creation serial. */
uint64_t hpy_debug_new_generation(DebugThread *dt);
uint64_t hpy_debug_generation_of(const DebugThread *dt, uint64_t serial);

/* Lowers or raises the closed-handles queue's bound, retiring the oldest
 * closed handles beyond it. */
void hpy_debug_set_closed_max(DebugThread *dt, size_t max);
