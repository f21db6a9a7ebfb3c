/* libFuzzer harness for HPyArg_Parse, HPyArg_ParseKeywords and
 * HPyArg_ParseKeywordsDict (native/runtime/argparse.c).
 *
 * Input: byte 0 picks the function, byte 1 how many positional arguments
 * (0-5), byte 2 how many keyword arguments (0-3), byte 3 how many names the
 * keywords[] array has (0-7), then one byte per argument: its kind and value;
 * the rest (up to 64 bytes) is the format. Every variadic argument is a
 * pointer to a 32-byte slot, which any unit may write through; 72 of them,
 * more than 64 bytes of format can consume. */
#include "mock_ctx.h"
#include <stdint.h>
#include <string.h>

#define OUT(i) slots[i], slots[i + 1], slots[i + 2], slots[i + 3], slots[i + 4], slots[i + 5], slots[i + 6], slots[i + 7]
#define OUTS OUT(0), OUT(8), OUT(16), OUT(24), OUT(32), OUT(40), OUT(48), OUT(56), OUT(64)

static const char *const NAMES[] = { "a", "b", "", "dd", "e", "a", "g" };

/* One argument object from one byte: kind in the low bits, value above. */
static HPy arg_of(uint8_t b)
{
    static const char *const texts[] = { "x", "", "caf\xc3\xa9", "n\0ul" };
    enum MockKind kind = (enum MockKind)(b % 4 == 3 ? MOCK_OTHER : b % 4 == 0 ? MOCK_INT : b % 4 == 1 ? MOCK_FLOAT : MOCK_STR);
    if (b == 255) kind = MOCK_NONE;
    return mock_arg(kind, texts[(b >> 2) & 3], (long long)(int8_t)b * 1000003LL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4) return 0;
    HPyContext *ctx = mock_reset();
    int which = data[0] % 3;
    size_t nargs = data[1] % 6, nkw = data[2] % 4, nnames = data[3] % 8;
    data += 4;
    size -= 4;
    if (size < nargs + nkw) return 0;
    HPy args[10];
    for (size_t i = 0; i < nargs + nkw; i++) args[i] = arg_of(data[i]);
    data += nargs + nkw;
    size -= nargs + nkw;
    char fmt[65];
    size_t n = size < 64 ? size : 64;
    memcpy(fmt, data, n);
    fmt[n] = '\0';
    const char *keywords[8];
    for (size_t i = 0; i < nnames; i++) keywords[i] = NAMES[i];
    keywords[nnames] = NULL;

    static _Alignas(16) char slot_memory[72][32];
    char *slots[72];
    for (int i = 0; i < 72; i++) slots[i] = slot_memory[i];
    HPyTracker ht;
    int ok;
    if (which == 0) {
        ok = HPyArg_Parse(ctx, &ht, args, nargs + nkw, fmt, OUTS);
    } else {
        /* The keyword names, a different one for each value. */
        HPy names = mock_arg(MOCK_TUPLE, NULL, 0), dict = mock_arg(MOCK_DICT, NULL, 0);
        for (size_t i = 0; i < nkw; i++) {
            HPy name = mock_arg(MOCK_STR, NAMES[(i + data[-1]) % 7], 0);
            mock_tuple_push(names, name);
            mock_dict_put(dict, name, args[nargs + i]);
        }
        if (which == 1)
            ok = HPyArg_ParseKeywords(ctx, &ht, args, nargs, nkw ? names : HPy_NULL, fmt, keywords, OUTS);
        else
            ok = HPyArg_ParseKeywordsDict(ctx, &ht, args, (HPy_ssize_t)nargs, nkw ? dict : ctx->h_None, fmt, keywords, OUTS);
    }
    if (ok) HPyTracker_Close(ctx, ht);
    mock_check(ok);
    return 0;
}
