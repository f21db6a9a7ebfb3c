#include "verdict_check.h"
#include <cstdio>
#include <cstdlib>

namespace {

const char *verdict_name(Verdict v) {
  return v == Verdict::Ok ? "ok" : v == Verdict::TypeError ? "TypeError" : "ValueError";
}

[[noreturn]] void mismatch(const char *fuzzer, const char *what, Verdict got, const std::string &message, Expected want) {
  fprintf(stderr, "%s: %s: the check said %s (\"%s\"); its contract says %s about entry %ld\n", fuzzer, what,
          verdict_name(got), message.c_str(), verdict_name(want.verdict), want.entry);
  abort();
}

bool starts_with(const std::string &s, const std::string &prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

}  // namespace

void verdict_check(const char *fuzzer, Verdict got, const std::string &message, Expected want,
                   const std::string &prefix, const std::string &entry_prefix) {
  if (got != want.verdict) mismatch(fuzzer, "wrong verdict", got, message, want);
  if (got == Verdict::Ok) {
    if (!message.empty()) mismatch(fuzzer, "a message with success", got, message, want);
    return;
  }
  if (!starts_with(message, prefix)) mismatch(fuzzer, "the message does not start as documented", got, message, want);
  bool about_entry = starts_with(message, entry_prefix);
  if (want.entry < 0 ? about_entry : !starts_with(message, entry_prefix + std::to_string(want.entry) + "]"))
    mismatch(fuzzer, "the message blames another entry", got, message, want);
}
