// Figure 13's binaries for CPython + HPy, with `--hpy DIR`: built with HPy
// 0.9.0's own toolchain (tools/hpy090-suite/hpy-toolchain.ts: its headers,
// -DHPY_ABI_UNIVERSAL, its helper sources). f13-cpython.ts runs them.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hpyToolchain } from '../../tools/hpy090-suite/hpy-toolchain';
import { BENCH_DIR, BUILD_DIR } from '../lib';
import { LINK_CXX, ringObject } from './f13-ring';

export interface HpyBinaries {
  /** HPy's microbench/src/hpy_simple.c with the NULL its foo_defines lacks. */
  simple: string;
  /** bench/extensions/objects.c, for CPython only (hpy-node's is built by its CLI). */
  objects: string;
  /** bench/extensions/geometry.c with its C++ object: the one binary both hosts run. */
  geometry: string;
}

const OUT_DIR = join(BUILD_DIR, 'f13-hpy');
// -O2 as hpy-node's CLI builds (src/cli/build.ts).
const FLAGS = ['-O2', '-g'];

export function checkHpyDir(dir: string): void {
  const built = existsSync(join(dir, 'hpy', 'devel')) && readdirSync(join(dir, 'hpy')).some((f) => f.startsWith('universal') && f.endsWith('.so'));
  if (!built) throw new Error(`bench --hpy ${dir}: not an HPy checkout built in place (no hpy/universal*.so); build HPy 0.9.0 as docs/contributing/hpy-0.9.0.md says, then pass its directory`);
}

/** HPy 0.9.0's hpy_simple.c ends foo_defines without the NULL that ends
 * every HPyDef array (HPy and hpy-node read a type's defines up to it):
 * the source with the NULL added, unchanged if it is there. */
export function addFooDefinesNull(src: string): string {
  const m = /(static HPyDef \*foo_defines\[\] = \{[^}]*?)(\s*)\};/.exec(src);
  if (!m) throw new Error('microbench/src/hpy_simple.c has no foo_defines array (not HPy 0.9.0?)');
  return /\bNULL\b/.test(m[1]) ? src : src.replace(m[0], `${m[1]}\n    NULL /* added by hpy-node's figure 13 */${m[2]}};`);
}

/** A patched copy of HPy's hpy_simple.c, in the build directory: HPy's file
 * is not ours to commit, and it is never changed in place. */
function patchedSimpleSource(hpyDir: string): string {
  const file = join(hpyDir, 'microbench', 'src', 'hpy_simple.c');
  mkdirSync(OUT_DIR, { recursive: true });
  const out = join(OUT_DIR, 'hpy_simple.c');
  try {
    writeFileSync(out, addFooDefinesNull(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new Error(`bench --hpy ${hpyDir}: ${file}: ${(e as Error).message}`);
  }
  return out;
}

/** Builds the three binaries with HPy's toolchain (every run: a second). */
export function buildHpyBinaries(hpyDir: string): HpyBinaries {
  checkHpyDir(hpyDir);
  const tc = hpyToolchain(hpyDir, join(OUT_DIR, 'runtime'));
  const ext = (f: string) => join(BENCH_DIR, 'extensions', f);
  return {
    simple: tc.build([patchedSimpleSource(hpyDir)], join(OUT_DIR, 'hpy_simple.hpy0.so'), FLAGS),
    objects: tc.build([ext('objects.c')], join(OUT_DIR, 'bench_objects.hpy0.so'), FLAGS),
    geometry: tc.build([ext('geometry.c'), ringObject()], join(OUT_DIR, 'bench_geometry.hpy0.so'), [...FLAGS, ...LINK_CXX]),
  };
}
