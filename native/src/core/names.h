#pragma once
#include "hpy.h"

/* "ctx_Dup", ... indexed by dense function id (generated). */
extern const char *const hpy_ctx_function_names[HPY_CTX_FUNCTION_COUNT];
