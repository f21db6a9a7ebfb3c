#include "library.h"
#include <dlfcn.h>
#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include "../debug/debug_mode.h"
#include "../trace/trace.h"
#include "def_check.h"
#include "elf_check.h"
#include "../universal/autogen_universal.h"

namespace {
// Guards g_libraries. Taken before the trace registry lock (a traced load
// registers its module while holding it), never after.
std::mutex g_library_registry_lock;
std::map<std::string, std::unique_ptr<Library>> g_libraries;

template <typename T>
T symbol(void *dl, const std::string &name) {
  return reinterpret_cast<T>(dlsym(dl, name.c_str()));
}

// Checks the version the module was built for.
Status check_version(void *dl, const std::string &path, const std::string &name) {
  auto major_fn = symbol<uint32_t (*)(void)>(dl, "get_required_hpy_major_version_" + name);
  auto minor_fn = symbol<uint32_t (*)(void)>(dl, "get_required_hpy_minor_version_" + name);
  if (!major_fn || !minor_fn)
    return Status::Fail(path + " exports HPyInit_" + name + " but not get_required_hpy_major/minor_version_" + name +
                        ": it was not built with HPy_MODINIT. Rebuild it with `npx hpy-node build`.");
  uint32_t major = major_fn(), minor = minor_fn();
  // The version comes before the file's tag: a module built for another ABI
  // is refused for that, whatever its file is called (HPy's order and words).
  if (major != HPY_ABI_VERSION || minor > HPY_ABI_VERSION_MINOR)
    return Status::Fail(
        "HPy extension module '" + name +
        "' requires unsupported version of the HPy runtime. "
        "Requested version: " +
        std::to_string(major) + "." + std::to_string(minor) + ". Current HPy version: " + std::to_string(HPY_ABI_VERSION) + "." +
        std::to_string(HPY_ABI_VERSION_MINOR) + ". Rebuild " + path + " against hpy-node's header (`npx hpy-node build`).");
  // HPy's file names carry the ABI's major version (`name.hpy0.so`); one
  // that says another version than the module does is refused, as HPy does.
  // Names without the tag (`name.hpy.so`, `name.so`) are accepted.
  std::string file = path.substr(path.find_last_of('/') + 1);
  size_t tag = file.find(".hpy");
  if (tag != std::string::npos && tag + 4 < file.size() && isdigit(static_cast<unsigned char>(file[tag + 4]))) {
    unsigned long file_major = strtoul(file.c_str() + tag + 4, nullptr, 10);
    if (file_major != major)
      return Status::Fail("HPy extension module '" + name + "' at path '" + path +
                          "': mismatch between the HPy ABI tag encoded in the filename and the major version requested "
                          "by the HPy extension itself. Major version tag parsed from filename: " +
                          std::to_string(file_major) + ". Requested version: " + std::to_string(major) + "." +
                          std::to_string(minor) + ". Rename the file to its ABI version (" + name + ".hpy" +
                          std::to_string(major) + ".so).");
  }
  return Status::Ok();
}

HPyContext *make_context(HpyMode mode, const std::string &name, const std::string &path, TraceModule **trace, DebugModule **debug,
                         Status *status) {
  if (mode == HpyMode::Universal) return &hpy_universal_ctx;
  HPyContext *inner = nullptr;
  if (mode == HpyMode::Debug || mode == HpyMode::DebugTrace) {
    DebugModule *d = hpy_debug_module_new(name, path, mode == HpyMode::DebugTrace, status);
    if (!d) return nullptr;
    *debug = d;
    if (mode == HpyMode::Debug) return &d->base;
    inner = &d->base;
  }
  TraceModule *t = hpy_trace_module_new(name, path, inner, status);
  if (!t) return nullptr;
  *trace = t;
  return &t->ctx;
}
}  // namespace

const char *hpy_mode_name(HpyMode m) {
  switch (m) {
    case HpyMode::Universal: return "universal";
    case HpyMode::Trace: return "trace";
    case HpyMode::Debug: return "debug";
    case HpyMode::DebugTrace: return "debug+trace";
  }
  return "universal";
}

Library *hpy_library_load(const std::string &path, const std::string &name, HpyMode mode, Status *status) {
  std::lock_guard<std::mutex> guard(g_library_registry_lock);
  auto found = g_libraries.find(path);
  if (found != g_libraries.end()) {
    Library *lib = found->second.get();
    if (lib->mode != mode) {
      *status = Status::Fail("'" + name + "' (" + path + ") is already loaded in this process in " + hpy_mode_name(lib->mode) +
                             " mode, so it cannot be loaded in " + hpy_mode_name(mode) +
                             " mode: a shared object has one context per process. Choose one mode for it (the `mode` option or "
                             "HPY) before its first load.");
      return nullptr;
    }
    return lib;
  }
  // dlopen trusts the file's layout (a truncated one is SIGBUS): check it first.
  *status = hpy_elf_check(path);
  if (!status->ok()) return nullptr;
  void *dl = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!dl) {
    const char *why = dlerror();
    *status = Status::Fail("cannot load " + path + " as a shared library: " + (why ? why : "unknown error") +
                           ". Build HPy extensions with `npx hpy-node build ext.c -o ext.hpy.so`.");
    return nullptr;
  }
  auto init = symbol<HPyModuleDef *(*)(void)>(dl, "HPyInit_" + name);
  auto set_ctx = symbol<void (*)(HPyContext *)>(dl, "HPyInitGlobalContext_" + name);
  if (!init || !set_ctx) {
    *status = Status::Fail(path + " is not an HPy module named '" + name + "': it does not export HPyInit_" + name +
                           " and HPyInitGlobalContext_" + name +
                           ". The module name is the file name up to its first dot; the C file must end with HPy_MODINIT(" +
                           name + ", moduledef).");
    dlclose(dl);
    return nullptr;
  }
  *status = check_version(dl, path, name);
  if (!status->ok()) {
    dlclose(dl);
    return nullptr;
  }
  HPyModuleDef *def = init();
  if (!def) {
    *status = Status::Fail("HPyInit_" + name + " in " + path + " returned NULL instead of its HPyModuleDef");
    dlclose(dl);
    return nullptr;
  }
  // Every definition is checked before anything is built from it.
  *status = hpy_module_def_check(def, path);
  if (!status->ok()) {
    dlclose(dl);
    return nullptr;
  }
  TraceModule *trace = nullptr;
  DebugModule *debug = nullptr;
  HPyContext *ctx = make_context(mode, name, path, &trace, &debug, status);
  if (!ctx) {
    dlclose(dl);
    return nullptr;
  }
  if (debug) debug->outer = ctx;
  set_ctx(ctx);
  auto lib = std::make_unique<Library>(Library{path, name, dl, def, mode, ctx, trace, debug});
  Library *out = lib.get();
  g_libraries[path] = std::move(lib);
  return out;
}

std::vector<LibraryInfo> hpy_library_list() {
  std::lock_guard<std::mutex> guard(g_library_registry_lock);
  std::vector<LibraryInfo> out;
  for (auto &entry : g_libraries) out.push_back(LibraryInfo{entry.second->path, entry.second->name, entry.second->mode});
  return out;
}
