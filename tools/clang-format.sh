#!/usr/bin/env bash
# clang-format over native/'s C and C++ sources, with the styles in
# native/.clang-format and native/runtime/.clang-format.
#   tools/clang-format.sh --check   report files that are not formatted (npm run lint)
#   tools/clang-format.sh --fix     format them in place (npm run format)
# Not covered: native/include/ (the API headers extension authors compile
# against: see native/include/.clang-format). Generated autogen_* files are
# covered but carry `clang-format off` after their banner (tools/autogen).
# docs/contributing/lint-and-format.md has the details.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  --check) args=(--dry-run -Werror) ;;
  --fix) args=(-i) ;;
  *) echo "usage: $0 --check | --fix" >&2; exit 2 ;;
esac

# The styles were tuned with clang-format 14 (Debian's clang-format-14, as
# CI installs it); another major version may format a few constructs
# differently.
if command -v clang-format-14 >/dev/null; then
  cf=clang-format-14
elif command -v clang-format >/dev/null; then
  cf=clang-format
  if ! "$cf" --version | grep -q 'version 14\.'; then
    echo "tools/clang-format.sh: warning: using $("$cf" --version | head -1); the styles are checked with clang-format 14 (apt-get install clang-format-14)" >&2
  fi
else
  echo "tools/clang-format.sh: neither clang-format-14 nor clang-format is on PATH; install it with: apt-get install clang-format-14" >&2
  exit 1
fi

# Tracked and new (not ignored) files; a file deleted in the work tree is skipped.
files=()
while IFS= read -r f; do
  [ -f "$f" ] && files+=("$f")
done < <(git ls-files --cached --others --exclude-standard -- \
  'native/*.c' 'native/*.cc' 'native/*.cpp' 'native/*.h' 'native/*.hh' 'native/*.hpp' \
  ':!native/include/' | sort -u)

if [ ${#files[@]} -eq 0 ]; then
  echo "tools/clang-format.sh: no C/C++ files found under native/" >&2
  exit 1
fi
if ! "$cf" "${args[@]}" "${files[@]}"; then
  [ "$1" = --check ] && echo "tools/clang-format.sh: the files above are not formatted: run \`npm run format\`" >&2
  exit 1
fi
