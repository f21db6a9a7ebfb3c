#!/usr/bin/env bash
# `npm pack` / `npm publish` (prepack): the prebuilt addon shipped in the
# package, prebuilds/linux-<arch>/hpy-node.napi.glibc.node, made by
# prebuildify against the Node-API version binding.gyp names, so one binary
# serves every supported Node. Built in a copy of the native sources so the
# development build/ is untouched (tests may be using it), and skipped when
# the sources have not changed since the last prebuild.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.tmp/prebuild"
inputs=(binding.gyp native tools/check-addon-link.mjs)
stamp=$(cd "$root" && { find "${inputs[@]}" -type f -print0 | sort -z | xargs -0 sha256sum; node -p "require('node-addon-api/package.json').version"; } | sha256sum | cut -d' ' -f1)
out="$root/prebuilds/linux-$(node -p process.arch)"
if [ -f "$work/stamp" ] && [ "$(cat "$work/stamp")" = "$stamp" ] && ls "$out"/*.node >/dev/null 2>&1; then
  exit 0
fi
exec 9>/tmp/hpy-node-prebuild.lock
flock 9
rm -rf "$work/src" && mkdir -p "$work/src/tools"
(cd "$root" && cp -r package.json binding.gyp native "$work/src/" && cp tools/check-addon-link.mjs "$work/src/tools/")
ln -sfn "$root/node_modules" "$work/src/node_modules"
# Headers as npm is configured to find them (this project's machines: /usr).
nodedir=${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null || true)}
[ -n "$nodedir" ] && [ "$nodedir" != undefined ] && export npm_config_nodedir="$nodedir"
(cd "$work/src" && JOBS=2 npx prebuildify --napi --strip --tag-libc >"$work/build.log" 2>&1) || {
  tail -30 "$work/build.log"; exit 1; }
rm -rf "$out" && mkdir -p "$(dirname "$out")"
cp -r "$work/src/prebuilds/$(basename "$out")" "$out"
echo "$stamp" >"$work/stamp"
