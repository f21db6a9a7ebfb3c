#!/usr/bin/env bash
# Incremental build of the addon for development (npm install does a full
# rebuild). Serialised with a lock so parallel work on one tree cannot clobber
# the build folder; reconfigures so new .cc files are picked up.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/hpy-node-build.lock
flock 9
# The headers of the Node that will load the addon: the instance path uses
# V8's own API, so a build serves one Node major. npm's configuration names
# them on these machines (/usr); CI points npm_config_nodedir at another
# Node line's package to build for it.
nodedir=${npm_config_nodedir:-/usr}
npx node-gyp configure --nodedir="$nodedir" >/dev/null
npx node-gyp build -j 2 --nodedir="$nodedir" "$@"
