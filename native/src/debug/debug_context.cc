#include <memory>
#include <mutex>
#include "debug_mode.h"
#include "debug_handles.h"
#include "../core/errors.h"
#include "../core/handles.h"
#include "../universal/autogen_universal.h"

void hpy_debug_install_wrappers(HPyContext *ctx);  // autogen_debug_wrappers.cc

namespace {
// Names every debug context: hpy_debug_module_of recognises them by it.
const char kDebugContextName[] = "HPy Debug Mode ABI (hpy-node backend)";
std::mutex g_debug_registry_lock;
std::vector<std::unique_ptr<DebugModule>> g_debug_modules;
constexpr size_t kMaxDebugModules = 1024;
}  // namespace

DebugModule *hpy_debug_module_new(const std::string &name, const std::string &path, bool composed, Status *status) {
  std::lock_guard<std::mutex> guard(g_debug_registry_lock);
  if (g_debug_modules.size() >= kMaxDebugModules) {
    *status = Status::Fail("too many modules in debug mode (the limit is " + std::to_string(kMaxDebugModules) +
                           "); load the others in universal mode");
    return nullptr;
  }
  // Types of this module call back into it through core/extension_call.
  if (g_debug_modules.empty()) hpy_debug_install_extension_call_hook();
  // Entries key their handles with the owner's address (debug_state.h): its low
  // bits must be clear so no tagged handle value XORs to a free entry's key.
  static_assert(alignof(DebugModule) >= 8, "DebugModule addresses key debug handles");
  auto m = std::make_unique<DebugModule>();
  m->id = uint32_t(g_debug_modules.size()) + 1;  // 0 is never an owner
  m->name = name;
  m->path = path;
  m->composed = composed;
  m->base = hpy_universal_ctx;
  m->base.name = kDebugContextName;
  m->base._private = m.get();
  m->outer = &m->base;
  hpy_debug_install_wrappers(&m->base);
  for (int i = 0; i < kDebugContextRing; i++) m->ring[i] = new HPyContext(m->base);
  g_debug_modules.push_back(std::move(m));
  return g_debug_modules.back().get();
}

DebugModule *hpy_debug_module_of(HPyContext *ctx) {
  return ctx && ctx->name == kDebugContextName ? hpy_debug_module(ctx) : nullptr;
}

std::vector<const DebugModule *> hpy_debug_modules() {
  std::lock_guard<std::mutex> guard(g_debug_registry_lock);
  std::vector<const DebugModule *> out;
  for (auto &m : g_debug_modules) out.push_back(m.get());
  return out;
}
