#!/usr/bin/env bash
# `npm pack` / `npm publish` (prepack): the prebuilt addons shipped in the
# package, prebuilds/linux-<arch>/hpy-node.abi<N>.glibc.node, one per
# supported Node line (20, 22, 24). The addon's instance path uses V8's own
# API, whose binary interface changes with each Node major, so one build
# cannot serve them all; node-gyp-build picks the file whose ABI tag
# (process.versions.modules) matches the running Node, and a Node without
# one builds from source at install.
#
# Each line is built against its own headers: the running Node's as npm is
# configured to find them (this project's machines: /usr), the others' from
# the node-linux-<arch> package of that line (fetched into .tmp/node-<major>,
# as CI does). Built in a copy of the native sources so the development
# build/ is untouched (tests may be using it), and skipped when the sources
# have not changed since the last prebuild.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.tmp/prebuild"
majors=(20 22 24)
arch=$(node -p process.arch)
inputs=(binding.gyp native tools/check-addon-link.mjs tools/prebuild.sh)
stamp=$(cd "$root" && { find "${inputs[@]}" -type f -print0 | sort -z | xargs -0 sha256sum; node -p "require('node-addon-api/package.json').version"; echo "${majors[*]}"; } | sha256sum | cut -d' ' -f1)
out="$root/prebuilds/linux-$arch"
if [ -f "$work/stamp" ] && [ "$(cat "$work/stamp")" = "$stamp" ] && [ "$(ls "$out"/*.node 2>/dev/null | wc -l)" = "${#majors[@]}" ]; then
  exit 0
fi
exec 9>/tmp/hpy-node-prebuild.lock
flock 9
rm -rf "$work/src" "$work/out" && mkdir -p "$work/src/tools" "$work/out"
(cd "$root" && cp -r package.json binding.gyp native "$work/src/" && cp tools/check-addon-link.mjs "$work/src/tools/")
ln -sfn "$root/node_modules" "$work/src/node_modules"

running=$(node -p 'process.versions.node.split(".")[0]')
headers_of() {  # the headers folder (with include/node) of Node line $1
  if [ "$1" = "$running" ]; then
    local nodedir=${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null || true)}
    if [ -n "$nodedir" ] && [ "$nodedir" != undefined ] && [ -f "$nodedir/include/node/node_version.h" ]; then
      echo "$nodedir"; return
    fi
  fi
  local dir="$root/.tmp/node-$1"
  if [ ! -f "$dir/node_modules/node-linux-$arch/include/node/node_version.h" ]; then
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node-linux-$arch@$1" >/dev/null
  fi
  echo "$dir/node_modules/node-linux-$arch"
}

for major in "${majors[@]}"; do
  headers=$(headers_of "$major")
  abi=$(sed -n 's/^#define NODE_MODULE_VERSION \([0-9][0-9]*\)$/\1/p' "$headers/include/node/node_version.h")
  [ -n "$abi" ] || { echo "prebuild: no NODE_MODULE_VERSION in $headers/include/node/node_version.h" >&2; exit 1; }
  # The headers go in npm_config_nodedir: npx hands npm's own configuration
  # (nodedir=/usr here) to node-gyp that way, and it wins over --nodedir.
  (cd "$work/src" && npm_config_nodedir="$headers" npx node-gyp rebuild -j 2 --nodedir="$headers" >"$work/build-$major.log" 2>&1) || {
    tail -30 "$work/build-$major.log"; exit 1; }
  grep -q -- "-Dnode_root_dir=$headers'" "$work/build-$major.log" || {
    echo "prebuild: the Node $major build did not use the headers in $headers (see $work/build-$major.log)" >&2; exit 1; }
  strip --strip-unneeded -o "$work/out/hpy-node.abi$abi.glibc.node" "$work/src/build/Release/hpy_node.node"
done
rm -rf "$out" && mkdir -p "$out"
cp "$work/out"/*.node "$out/"
echo "$stamp" >"$work/stamp"
