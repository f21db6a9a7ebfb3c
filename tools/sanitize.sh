#!/usr/bin/env bash
# Runs the test suite against an addon built with AddressSanitizer and
# UndefinedBehaviorSanitizer, with the test extensions instrumented too.
# Node itself is not instrumented, so the sanitizer runtimes are preloaded;
# leak checking is off (V8 keeps its memory until exit).
#   tools/sanitize.sh [test filter...]     e.g. tools/sanitize.sh trace
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.tmp/sanitize"
# Build in a copy of the native sources so the regular build/ is untouched.
rm -rf "$work/src" && mkdir -p "$work/src"
cp -r "$root/binding.gyp" "$root/native" "$work/src/"
mkdir -p "$work/src/tools" && cp "$root/tools/check-addon-link.mjs" "$work/src/tools/"
ln -sfn "$root/node_modules" "$work/src/node_modules"
(cd "$work/src" && HPY_NODE_SANITIZE=1 npx node-gyp rebuild -j 2 --nodedir=/usr >"$work/build.log" 2>&1) || {
  tail -30 "$work/build.log"; exit 1; }

asan=$(gcc -print-file-name=libasan.so)
ubsan=$(gcc -print-file-name=libubsan.so)
export LD_PRELOAD="$asan:$ubsan"
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:allow_user_segv_handler=1:detect_odr_violation=0:handle_segv=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export HPY_NODE_ADDON="$work/src/build/Release/hpy_node.node"
export HPY_NODE_EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer"
export HPY_NODE_TEST_TMP="$work/modules"
export HPY_NODE_BENCH_BUILD="$work/bench-build"
cd "$root"
# The run is worth nothing if the tests load another addon (a local build or
# the prebuilt one) than the sanitized build.
node -e 'const { addonFile } = require("./dist/native"); if (addonFile !== process.env.HPY_NODE_ADDON) { console.error(`sanitize: the tests would load ${addonFile}, not the sanitized ${process.env.HPY_NODE_ADDON}`); process.exit(1); }'
node tools/run-tests.mjs "$@"
