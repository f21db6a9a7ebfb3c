// The universal context is the one whose calls no mode adapts: core's call
// path sends them straight to the extension even when a traced or debugged
// module elsewhere in the process has installed a mode's hook
// (core/extension_call.h). Registered before any module can load.
#include "autogen_universal.h"
#include "../core/extension_call.h"

namespace {
struct RegisterPlainContext {
  RegisterPlainContext() { hpy_set_plain_context(&hpy_universal_ctx); }
} register_plain_context;
}  // namespace
