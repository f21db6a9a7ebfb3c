#pragma once
// Debug mode's checks of types (type_checks.cc).
#include "debug_state.h"

/* After HPyType_FromSpec made `u_type` (a universal handle, or HPy_NULL):
 * reports a type with HPyField members and no tp_traverse. */
void hpy_debug_check_type_traverse(DebugThread *dt, const DebugModule *dm, HPy u_type);
