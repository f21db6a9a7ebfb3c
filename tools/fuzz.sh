#!/usr/bin/env bash
# `npm run fuzz -- [--seconds N] [NAME...]`: libFuzzer, under AddressSanitizer
# and UndefinedBehaviorSanitizer, where bad input enters native code:
#   argparse, buildvalue, format: the helper library's three format parsers
#     (native/runtime/argparse.c, buildvalue.c, format.c) over a mock context
#     (tools/fuzz/mock_ctx.c, which also checks handles are closed once and
#     failures set an exception);
#   moduledef, typespec: the definition checks (native/src/loader/def_check.cc)
#     on module definitions and type specs built from the input
#     (tools/fuzz/defs_from_bytes.cc), each verdict compared with the checks'
#     documented contract (tools/fuzz/def_contract.cc);
#   elf: the ELF check (native/src/loader/elf_check.cc) on the input as a file.
# NAME: any of those (all by default); N: seconds each (default 60). Starts
# from the corpus in the tree (test/fuzz/corpus/NAME); what it finds goes to
# .tmp/fuzz/work-NAME, a crash to .tmp/fuzz/crash-NAME-*. Exits non-zero if
# any fuzzer found a crash. HPY_FUZZ_OUT=DIR puts all of that in DIR instead.
# Needs clang with libFuzzer (Debian: apt-get install clang libclang-rt-14-dev).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=60
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --seconds=*) seconds=${1#--seconds=}; shift ;;
    argparse|buildvalue|format|moduledef|typespec|elf) names+=("$1"); shift ;;
    *) echo "fuzz: unknown argument '$1' (use --seconds N and names among argparse, buildvalue, format, moduledef, typespec, elf)" >&2; exit 2 ;;
  esac
done
[ ${#names[@]} -gt 0 ] || names=(argparse buildvalue format moduledef typespec elf)
case "$seconds" in ''|*[!0-9]*) echo "fuzz: --seconds takes a whole number, got '$seconds'" >&2; exit 2 ;; esac

cc=""
for c in "${CLANG:-}" clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
  if [ -n "$c" ] && command -v "$c" >/dev/null; then cc=$c; break; fi
done
if [ -z "$cc" ]; then
  echo "fuzz: no clang found; libFuzzer comes with clang (Debian: apt-get install clang libclang-rt-14-dev), or name one with CLANG=" >&2
  exit 2
fi

cxx=${cc/clang/clang++}
command -v "$cxx" >/dev/null || cxx=clang++
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
  -Wall -Wextra -Wno-unused-parameter -Werror -I"$root/native/include" -I"$root/native/src" -I"$root/tools/fuzz")
# Builds fuzzer NAME as $bin and sets max_len, the longest input it takes.
build() {
  local f="$root/tools/fuzz" loader="$root/native/src/loader"
  case "$1" in
    argparse|buildvalue|format)
      max_len=96
      "$cc" -std=gnu11 "${flags[@]}" "$f/fuzz_$1.c" "$f/mock_ctx.c" "$root/native/runtime/$1.c" -o "$bin" ;;
    moduledef|typespec)
      max_len=1024
      # hpy.h's structs have C++ default member initializers (for C++
      # extensions); clang asks for a tag name on such typedefs.
      "$cxx" -std=c++20 "${flags[@]}" -Wno-non-c-typedef-for-linkage "$f/fuzz_$1.cc" "$f/defs_from_bytes.cc" \
        "$f/def_contract.cc" "$f/verdict_check.cc" "$loader/def_check.cc" -o "$bin" ;;
    elf)
      # The seed shared object is 1.5 KB; the check reads the headers only.
      max_len=4096
      "$cxx" -std=c++20 "${flags[@]}" "$f/fuzz_elf.cc" "$loader/elf_check.cc" -o "$bin" ;;
  esac
}

out="${HPY_FUZZ_OUT:-$root/.tmp/fuzz}"
mkdir -p "$out"
# A huge allocation is refused (NULL), as malloc does, not reported.
export ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for name in "${names[@]}"; do
  bin="$out/fuzz_$name"
  build "$name"
  mkdir -p "$out/work-$name"
  log="$out/log-$name"
  status=0
  "$bin" -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$out/crash-$name-" \
    "$out/work-$name" "$root/test/fuzz/corpus/$name" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "fuzz $name: FAILED after ${runs:-?} runs (see $log):"
    grep -E 'ERROR|mock_ctx:|fuzz_[a-z]*:|defs_from_bytes:|SUMMARY|Test unit written' "$log" | head -5
  else
    echo "fuzz $name: ${runs:-?} runs in ${seconds}s, clean; coverage ${cov:-?} edges"
  fi
done
exit $failed
