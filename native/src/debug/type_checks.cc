// Debug mode's checks of a type's tp_traverse. V8 never calls it, so a
// tp_traverse that misses a field goes unnoticed on hpy-node; on CPython the
// same extension leaks every cycle through that field. Only debug contexts
// reach these checks: universal and trace mode pay nothing for them.
#include "autogen_debug_overrides.h"
#include "debug_handles.h"
#include "type_checks.h"
#include "../core/handles.h"
#include "../universal/autogen_universal.h"
#include "../universal/types/type_lifecycle.h"

void hpy_debug_Field_Store(HPyContext *ctx, HPy target_object, HPyField *target_field, HPy h) {
  DebugThread *dt = hpy_debug_enter(ctx, kDebugFn_Field_Store);
  const DebugModule *dm = hpy_debug_module(ctx);
  HPy u_target = hpy_debug_unwrap(dt, dm, target_object, kDebugFn_Field_Store);
  HPy u_h = hpy_debug_unwrap(dt, dm, h, kDebugFn_Field_Store);
  hpy_u_Field_Store(ctx, u_target, target_field, u_h);
  ThreadState *ts = t_state;
  if (HPy_IsNull(u_h) || !ts || ts->frame.error || !target_field || HPyField_IsNull(*target_field)) return;
  napi_value owner = hpy_value(ts, u_target);
  std::string why = owner ? hpy_type_untraversed_field(ts, owner, target_field) : std::string();
  if (!why.empty()) hpy_debug_report(dt, dm, false, why);
}

void hpy_debug_check_type_traverse(DebugThread *dt, const DebugModule *dm, HPy u_type) {
  ThreadState *ts = t_state;
  napi_value cls = ts && !HPy_IsNull(u_type) ? hpy_value(ts, u_type) : nullptr;
  std::string why = cls ? hpy_type_spec_missing_traverse(ts, cls) : std::string();
  if (!why.empty()) hpy_debug_report(dt, dm, false, why);
}
