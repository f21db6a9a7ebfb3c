#pragma once
// Debug mode as the loader sees it: a debug module and its context. Every
// call from the host into extension code reaches a debug module through
// core/extension_call's hook (extension_bridge.cc).
#include <string>
#include <vector>
#include "../core/status.h"
#include "debug_state.h"

/* Registers a module in debug mode and builds its debug context (a copy of
 * the universal one with the debug wrappers). `composed`: trace mode will
 * wrap it, so the host passes the trace context to the extension and this
 * one sits below it. Never freed (contexts are process-wide). */
DebugModule *hpy_debug_module_new(const std::string &name, const std::string &path, bool composed, Status *status);

/* The debug module whose context ctx is (its base context or one of its
 * per-call copies), or nullptr for any other context. Universal
 * implementations receive debug contexts in debug mode (the debug wrappers
 * pass theirs on): code that keeps a context to call the extension back later
 * (types) finds the module here; extension_bridge.cc calls it with the
 * context dm->outer. */
DebugModule *hpy_debug_module_of(HPyContext *ctx);

/* Routes every call into extension code of a debug module (core/
 * extension_call: module functions and slots, and everything of its types)
 * through extension_bridge.cc; installed with the first debug module. */
void hpy_debug_install_extension_call_hook();

/* Every debug module registered in the process. */
std::vector<const DebugModule *> hpy_debug_modules();
