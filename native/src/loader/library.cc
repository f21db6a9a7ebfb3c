#include "library.h"
#include <dlfcn.h>
#include <map>
#include <memory>
#include <mutex>
#include "../core/errors.h"
#include "def_check.h"
#include "elf_check.h"
#include "../trace/trace_store.h"
#include "../universal/autogen_universal.h"

void hpy_trace_fill(HPyContext *ctx);

namespace {
std::mutex g_lock;
std::map<std::string, std::unique_ptr<Library>> g_libraries;
std::once_flag g_universal_once;

const char *mode_name(HpyMode m) { return m == HpyMode::Trace ? "trace" : "universal"; }

template <typename T>
T symbol(void *dl, const std::string &name) {
  return reinterpret_cast<T>(dlsym(dl, name.c_str()));
}

void init_universal_ctx() {
  g_universal_ctx.name = "hpy-node universal";
  g_universal_ctx._private = nullptr;
  g_universal_ctx.abi_version = HPY_ABI_VERSION;
  hpy_universal_fill(&g_universal_ctx);
}

// Checks the version the module was built for; empty when supported.
std::string check_version(void *dl, const std::string &path, const std::string &name) {
  auto major_fn = symbol<uint32_t (*)(void)>(dl, "get_required_hpy_major_version_" + name);
  auto minor_fn = symbol<uint32_t (*)(void)>(dl, "get_required_hpy_minor_version_" + name);
  if (!major_fn || !minor_fn)
    return path + " exports HPyInit_" + name + " but not get_required_hpy_major/minor_version_" + name +
           ": it was not built with HPy_MODINIT. Rebuild it with `npx hpy-node build`.";
  uint32_t major = major_fn(), minor = minor_fn();
  if (major != HPY_ABI_VERSION || minor > HPY_ABI_VERSION_MINOR)
    return path + " requires HPy ABI " + std::to_string(major) + "." + std::to_string(minor) +
           ", but hpy-node provides " + std::to_string(HPY_ABI_VERSION) + "." + std::to_string(HPY_ABI_VERSION_MINOR) +
           ". Rebuild the extension against hpy-node's header (`npx hpy-node build`).";
  return "";
}

HPyContext *make_context(HpyMode mode, const std::string &name, const std::string &path, TraceModule **trace,
                         std::string *error) {
  std::call_once(g_universal_once, init_universal_ctx);
  if (mode == HpyMode::Universal) return &g_universal_ctx;
  TraceModule *t = hpy_trace_module_new(name, path, error);
  if (!t) return nullptr;
  t->ctx.name = "hpy-node trace";
  // The module id itself, not a pointer to the module: one load less on
  // every traced call (trace_hot.h).
  t->ctx._private = reinterpret_cast<void *>(uintptr_t(t->id));
  t->ctx.abi_version = HPY_ABI_VERSION;
  hpy_trace_fill(&t->ctx);
  *trace = t;
  return &t->ctx;
}
}  // namespace

Library *hpy_library_load(const std::string &path, const std::string &name, HpyMode mode, std::string *error) {
  std::lock_guard<std::mutex> guard(g_lock);
  auto found = g_libraries.find(path);
  if (found != g_libraries.end()) {
    Library *lib = found->second.get();
    if (lib->mode != mode) {
      *error = "'" + name + "' (" + path + ") is already loaded in this process in " + mode_name(lib->mode) +
               " mode, so it cannot be loaded in " + mode_name(mode) +
               " mode: a shared object has one context per process. Choose one mode for it (the `mode` option or "
               "HPY) before its first load.";
      return nullptr;
    }
    return lib;
  }
  // dlopen trusts the file's layout (a truncated one is SIGBUS): check it first.
  Status elf = hpy_elf_check(path);
  if (!elf.ok()) {
    *error = elf.message;
    return nullptr;
  }
  void *dl = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!dl) {
    const char *why = dlerror();
    *error = "cannot load " + path + " as a shared library: " + (why ? why : "unknown error") +
             ". Build HPy extensions with `npx hpy-node build ext.c -o ext.hpy.so`.";
    return nullptr;
  }
  auto init = symbol<HPyModuleDef *(*)(void)>(dl, "HPyInit_" + name);
  auto set_ctx = symbol<void (*)(HPyContext *)>(dl, "HPyInitGlobalContext_" + name);
  if (!init || !set_ctx) {
    *error = path + " is not an HPy module named '" + name + "': it does not export HPyInit_" + name +
             " and HPyInitGlobalContext_" + name + ". The module name is the file name up to its first dot; the C file must end with HPy_MODINIT(" +
             name + ", moduledef).";
    dlclose(dl);
    return nullptr;
  }
  *error = check_version(dl, path, name);
  if (!error->empty()) {
    dlclose(dl);
    return nullptr;
  }
  HPyModuleDef *def = init();
  if (!def) {
    *error = "HPyInit_" + name + " in " + path + " returned NULL instead of its HPyModuleDef";
    dlclose(dl);
    return nullptr;
  }
  // Every definition is checked before anything is built from it.
  Status defs = hpy_module_def_check(def, path);
  if (!defs.ok()) {
    *error = defs.message;
    dlclose(dl);
    return nullptr;
  }
  TraceModule *trace = nullptr;
  HPyContext *ctx = make_context(mode, name, path, &trace, error);
  if (!ctx) {
    dlclose(dl);
    return nullptr;
  }
  set_ctx(ctx);
  auto lib = std::make_unique<Library>(Library{path, name, dl, def, mode, ctx, trace});
  Library *out = lib.get();
  g_libraries[path] = std::move(lib);
  return out;
}

std::vector<LibraryInfo> hpy_library_list() {
  std::lock_guard<std::mutex> guard(g_lock);
  std::vector<LibraryInfo> out;
  for (auto &entry : g_libraries) out.push_back(LibraryInfo{entry.second->path, entry.second->name, entry.second->mode});
  return out;
}
