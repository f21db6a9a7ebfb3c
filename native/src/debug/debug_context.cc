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

const DebugModule *hpy_debug_module_by_id(uint32_t id) {
  std::lock_guard<std::mutex> guard(g_debug_registry_lock);
  return id >= 1 && id <= g_debug_modules.size() ? g_debug_modules[id - 1].get() : nullptr;
}

HandleBridge::HandleBridge(DebugModule *dm, HPyContext *ctx) : dm_(dm), ctx_(ctx) {
  if (!dm) return;
  dt_ = hpy_debug_thread();
  saved_ctx_ = dt_->current_ctx;
  saved_module_ = dt_->current_module;
  saved_violation_.swap(dt_->violation);
  // A context of its own for this call, so one kept from an earlier call is
  // recognised. Composed with trace mode, the extension gets a copy of the
  // trace context whose wrappers call this call's debug context.
  uint32_t slot = dm->ring_next.fetch_add(1, std::memory_order_relaxed) % kDebugContextRing;
  HPyContext *debug_ctx;
  if (dm->composed) {
    std::call_once(dm->pairs_once, [dm] {
      dm->pairs = new HPyContext[2 * kDebugContextRing];
      for (int i = 0; i < kDebugContextRing; i++) {
        dm->pairs[2 * i] = *dm->outer;
        dm->pairs[2 * i + 1] = dm->base;
      }
    });
    ctx_ = &dm->pairs[2 * slot];
    debug_ctx = ctx_ + 1;
  } else {
    debug_ctx = dm->ring[slot];
    ctx_ = debug_ctx;
  }
  dt_->current_ctx = debug_ctx;
  dt_->current_module = dm;
}

HPy HandleBridge::debug_arg(HPy uh) {
  HPy dh = hpy_debug_open(dt_, dm_, uh);
  if (dh._i != 0) args_.push_back(dh);
  return dh;
}

HPy HandleBridge::debug_result(HPy h) {
  if (h._i == 0) return h;
  if (hpy_is_constant(h)) {
    hpy_debug_report(dt_, dm_, false,
                     "the function returned a context constant (handle " + std::to_string(h._i) +
                         ") without HPy_Dup: the caller closes what it returns, and constants cannot be closed; return "
                         "HPy_Dup(ctx, ctx->h_None) and the like");
    return HPy_NULL;
  }
  if (!hpy_debug_is_open(dt_, dm_, h)) {
    hpy_debug_report(dt_, dm_, false, hpy_debug_diagnose(dt_, dm_, h, -1, "the function returned"));
    return HPy_NULL;
  }
  uint32_t idx = hpy_debug_index(h._i);
  HPy uh = dt_->entries[idx].uh;
  // The debug handle ends here; the universal one goes to the caller.
  hpy_debug_close_entry(dt_, idx);
  return uh;
}

bool HandleBridge::debug_end() {
  for (HPy dh : args_) {
    if (hpy_debug_is_open(dt_, dm_, dh)) {
      hpy_debug_close_entry(dt_, hpy_debug_index(dh._i));
    } else {
      hpy_debug_report(dt_, dm_, false,
                       "the extension closed its argument " + hpy_debug_describe(dh) +
                           ": arguments are borrowed, the caller closes them (HPy_Dup one to keep it)");
    }
  }
  std::string violation;
  violation.swap(dt_->violation);
  dt_->violation.swap(saved_violation_);
  dt_->current_ctx = saved_ctx_;
  dt_->current_module = saved_module_;
  if (violation.empty()) return true;
  ThreadState *ts = t_state;
  if (ts) {
    ts->error = nullptr;
    hpy_err_raise(ts, hpy_h::SystemError, "%s", violation.c_str());
  }
  return false;
}
