/* libFuzzer harness for HPy_BuildValue (native/runtime/buildvalue.c).
 *
 * Input: the format (up to 64 bytes). Every integer-class variadic argument
 * is the same pointer to a C string, which reads as an int, a long, a
 * `const char *` and an HPy alike (an HPy outside the mock's table: an
 * object of no known type); the first eight doubles are 0.5, later ones read
 * that pointer's bits. 64 bytes of format have at most 64 units, fewer than
 * the arguments given. */
#include "mock_ctx.h"
#include <stdint.h>
#include <string.h>

static const char TEXT[] = "fuzz";
#define V ((const char *)TEXT)
#define V8 V, V, V, V, V, V, V, V
#define D8 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HPyContext *ctx = mock_reset();
    char fmt[65];
    size_t n = size < 64 ? size : 64;
    memcpy(fmt, data, n);
    fmt[n] = '\0';
    /* 'N' steals its argument: the mock ignores closes of foreign handles. */
    HPy result = HPy_BuildValue(ctx, fmt, V8, V8, V8, V8, V8, V8, V8, V8, V8, D8);
    int ok = !HPy_IsNull(result);
    if (ok) mock_close(result);
    mock_check(ok);
    return 0;
}
