/* libFuzzer harness for HPyUnicode_FromFormat (native/runtime/format.c).
 *
 * Input: the format (up to 64 bytes). Every variadic argument is the same
 * pointer to a C string, which reads as an int (%d %c), a size, a `const char
 * *` (%s) and an HPy alike (%S %R %U %V: an object of no known type). A run
 * of more than 6 digits is skipped: a width or precision that large is a
 * request for that much memory (bounded at 4 GiB), not a parser case. */
#include "mock_ctx.h"
#include <stdint.h>
#include <string.h>

static const char TEXT[] = "fuzz \xc3\xa9t\xc3\xa9";
#define V ((const char *)TEXT)
#define V8 V, V, V, V, V, V, V, V

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char fmt[65];
    size_t n = size < 64 ? size : 64;
    memcpy(fmt, data, n);
    fmt[n] = '\0';
    for (size_t i = 0, digits = 0; i < n; i++)
        if ((digits = fmt[i] >= '0' && fmt[i] <= '9' ? digits + 1 : 0) > 6) return 0;
    HPyContext *ctx = mock_reset();
    HPy result = HPyUnicode_FromFormat(ctx, fmt, V8, V8, V8, V8, V8, V8, V8, V8, V8);
    int ok = !HPy_IsNull(result);
    if (ok) mock_close(result);
    mock_check(ok);
    return 0;
}
