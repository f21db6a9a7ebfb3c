#pragma once
#include "hpy.h"

/* Raises NotImplementedError naming context function `fn_id` ("ctx_X (HPy_X)
 * is not supported by hpy-node yet"). Used by the generated fallbacks. */
void hpy_raise_unsupported(HPyContext *ctx, int fn_id);
