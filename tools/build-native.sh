#!/usr/bin/env bash
# Incremental build of the addon for development (npm install does a full
# rebuild). Serialised with a lock so parallel work on one tree cannot clobber
# the build folder; reconfigures so new .cc files are picked up.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/hpy-node-build.lock
flock 9
npx node-gyp configure --nodedir=/usr >/dev/null
npx node-gyp build -j 2 --nodedir=/usr "$@"
