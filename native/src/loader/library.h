#pragma once
// A loaded HPy shared object: process-wide, since dlopen and the extension's
// global context pointer are. Its mode is fixed the first time it loads.
#include <string>
#include <vector>
#include "hpy.h"
#include "../core/status.h"

struct TraceModule;
struct DebugModule;

// DebugTrace: trace wraps debug wraps universal.
enum class HpyMode { Universal, Trace, Debug, DebugTrace };

/* "universal", "trace", "debug", "debug+trace". */
const char *hpy_mode_name(HpyMode mode);

struct Library {
  std::string path;  // resolved
  std::string name;
  void *dl;
  HPyModuleDef *def;
  HpyMode mode;
  HPyContext *ctx;     // &hpy_universal_ctx, &trace->ctx or &debug->base
  TraceModule *trace;  // null unless traced
  DebugModule *debug;  // null unless in debug mode
};

/* Loads (or finds) the library at `path`. Returns nullptr and sets *status to
 * a message meant for users on failure. Thread-safe. */
Library *hpy_library_load(const std::string &path, const std::string &name, HpyMode mode, Status *status);

struct LibraryInfo {
  std::string path;
  std::string name;
  HpyMode mode;
};

/* Every library loaded in this process, in any thread. Thread-safe. */
std::vector<LibraryInfo> hpy_library_list();
