// `hpy-node build a.c [b.c ...] [-o out.hpy.so] [-- flags]`: compiles an HPy
// extension against hpy-node's header with the system C compiler, with the
// helper library (native/runtime: HPyArg_Parse, HPy_BuildValue, ...) linked
// in as HPy's own build does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { compileFlagsOf, compilerError, INCLUDE_DIR, runtimeObjects } from './runtime-objects';

export { INCLUDE_DIR };
export const IMPLICIT_DECLARATION_IS_AN_ERROR = '-Werror=implicit-function-declaration';

export interface BuildOptions {
  output?: string;
  /** C compiler; default $CC, else cc. */
  cc?: string;
  /** Extra compiler flags (after the defaults). */
  flags?: string[];
  /** Where the helper library's compiled objects are kept; default
   * `.hpy-node-runtime` beside the output. Safe to delete. */
  runtimeCacheDir?: string;
}

// HPY_NODE_EXTRA_CFLAGS adds flags to every build, the helper library's
// included (tools/sanitize.sh uses it).
function extraFlagsFromEnv(): string[] {
  return (process.env.HPY_NODE_EXTRA_CFLAGS ?? '').split(/\s+/).filter(Boolean);
}

/** The HPy ABI major version hpy.h speaks (HPY_ABI_VERSION). */
const HPY_ABI_MAJOR = 0;

/** Default output: next to the (first) source, `<name>.hpy0.so`, HPy's name for
 * a universal-ABI extension (the tag is the ABI major version). */
export function defaultOutput(source: string): string {
  return join(dirname(source), `${basename(source).replace(/\.c$/, '')}.hpy${HPY_ABI_MAJOR}.so`);
}

// The flags of every compilation: the extension's sources and the helpers.
const COMMON_FLAGS = [
  '-std=gnu11', '-fPIC', '-O2', '-g', '-Wall', '-Wextra', '-Wno-unused-parameter',
  // A call of an undeclared function (a misspelled HPy function) is only a
  // warning in gnu11, and -shared links the undefined symbol anyway: the
  // .so would build and then fail to load. Newer compilers make it an error.
  IMPLICIT_DECLARATION_IS_AN_ERROR,
  '-fvisibility=hidden', `-I${INCLUDE_DIR}`,
];

/** Builds the extension from `sources` (one C file or several) and returns
 * the output path; throws with the compiler's own message when compilation
 * fails. */
export function buildExtension(sources: string | readonly string[], options: BuildOptions = {}): string {
  const srcs = (typeof sources === 'string' ? [sources] : [...sources]).map((s) => resolve(s));
  if (srcs.length === 0) throw new Error('hpy-node build: no source file given');
  for (const src of srcs) if (!existsSync(src)) throw new Error(`hpy-node build: ${src}: no such file`);
  const out = resolve(options.output ?? defaultOutput(srcs[0]));
  mkdirSync(dirname(out), { recursive: true });
  const cc = options.cc ?? process.env.CC ?? 'cc';
  const userFlags = [...extraFlagsFromEnv(), ...(options.flags ?? [])];
  const helpers = runtimeObjects({
    cc,
    flags: [...COMMON_FLAGS, ...compileFlagsOf(userFlags)],
    cacheDir: options.runtimeCacheDir ?? join(dirname(out), '.hpy-node-runtime'),
  });
  const args = ['-shared', ...COMMON_FLAGS, ...srcs, ...helpers, '-o', out, ...userFlags];
  const r = spawnSync(cc, args, { encoding: 'utf8' });
  if (r.error) throw compilerError(cc, r.error);
  if (r.status !== 0) {
    const hint = /implicit declaration of function|implicit-function-declaration/.test(r.stderr)
      ? '\nhpy-node build: a function is called without a declaration: check its spelling against native/include/hpy.h, or declare it (#include its header) before the call'
      : '';
    throw new Error(`hpy-node build: ${cc} failed on ${srcs.join(' ')}:\n${r.stderr.trim()}${hint}`);
  }
  if (r.stderr.trim()) process.stderr.write(r.stderr);
  return out;
}
