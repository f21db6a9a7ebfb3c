// The C++ half of figure 13's geometry library (bench/extensions/
// geometry_ring.cc): compiled once to an object file that both toolchains
// (hpy-node's CLI, HPy's) link into geometry.c's extension, with libstdc++.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { needsBuild } from '../../src/cli/stale';
import { BENCH_DIR, BUILD_DIR } from '../lib';

export const GEOMETRY_SOURCES = ['geometry.c', 'geometry_ring.cc', 'geometry_ring.h'].map((f) => join(BENCH_DIR, 'extensions', f));

/** Links libstdc++ wherever the flags stand on the command line (HPy's
 * toolchain puts them before the inputs, where --as-needed, GCC's default
 * here, would drop a library nothing before it uses). */
export const LINK_CXX = ['-Wl,--no-as-needed', '-lstdc++'];

/** bench/build/geometry_ring.o, rebuilt when its source is newer. */
export function ringObject(): string {
  const out = join(BUILD_DIR, 'geometry_ring.o');
  if (needsBuild(out, GEOMETRY_SOURCES.slice(1))) {
    mkdirSync(BUILD_DIR, { recursive: true });
    const cxx = process.env.CXX ?? 'c++';
    // The sanitizer run (tools/sanitize.sh) instruments this too.
    const extra = (process.env.HPY_NODE_EXTRA_CFLAGS ?? '').split(/\s+/).filter(Boolean);
    const r = spawnSync(cxx, ['-std=c++17', '-O2', '-g', '-fPIC', '-Wall', '-Wextra', ...extra, '-c', GEOMETRY_SOURCES[1], '-o', out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench: figure 13: ${cxx} failed on ${GEOMETRY_SOURCES[1]}: ${(r.stderr || String(r.error)).trim()}`);
  }
  return out;
}
