/* Fails the fuzz run (abort, so libFuzzer keeps the input) when a check's
 * verdict or message is not the one its contract gives. */
#ifndef HPY_FUZZ_VERDICT_CHECK_H
#define HPY_FUZZ_VERDICT_CHECK_H
#include <string>
#include "def_contract.h"

/* `got`/`message`: what the check said; `prefix`: how its failures start;
 * `entry_prefix`: how a failure about defines[i] starts, before the index. */
void verdict_check(const char *fuzzer, Verdict got, const std::string &message, Expected want,
                   const std::string &prefix, const std::string &entry_prefix);
#endif
