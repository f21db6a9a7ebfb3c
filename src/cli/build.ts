// `hpy-node build a.c [b.c ...] [-o out.hpy.so] [-- flags]`: compiles an HPy
// extension against hpy-node's header with the system C compiler, with the
// helper library (native/runtime: HPyArg_Parse, HPy_BuildValue, ...) linked
// in as HPy's own build does.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { compileFlagsOf, compilerError, INCLUDE_DIR, runtimeFingerprint, runtimeObjects } from './runtime-objects';

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

// The compiler and the flags a build runs with (the sources and the output
// aside): what buildExtension runs and what buildKey hashes.
function command(options: BuildOptions): { cc: string; userFlags: string[]; helperFlags: string[] } {
  const cc = options.cc ?? process.env.CC ?? 'cc';
  const userFlags = [...extraFlagsFromEnv(), ...(options.flags ?? [])];
  return { cc, userFlags, helperFlags: [...COMMON_FLAGS, ...compileFlagsOf(userFlags)] };
}

// The compile-and-link command line of an extension.
function extensionArgs(srcs: readonly string[], helpers: readonly string[], out: string, userFlags: readonly string[]): string[] {
  return ['-shared', ...COMMON_FLAGS, ...srcs, ...helpers, '-o', out, ...userFlags];
}

const compilerVersions = new Map<string, string>();

// The compiler's own account of itself: a new compiler under the same name
// is another input.
function compilerIdentity(cc: string): string {
  let v = compilerVersions.get(cc);
  if (v === undefined) {
    const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
    v = r.error ? `unrunnable: ${r.error.message}` : `${r.status}\n${r.stdout}`;
    compilerVersions.set(cc, v);
  }
  return v;
}

/** A key for a cache of built extensions (the tests' modules): it changes
 * with `inputs` (the text the sources are made of) and with everything else
 * a build reads or runs: the compiler (its name and --version), every flag
 * (the defaults, HPY_NODE_EXTRA_CFLAGS, options.flags) and hpy-node's
 * headers and helper library sources. A build that would now fail cannot be
 * served from such a cache. `fingerprint` is runtimeFingerprint(), for
 * callers that read it once. */
export function buildKey(inputs: readonly string[], options: BuildOptions = {}, fingerprint = runtimeFingerprint()): string {
  const { cc, userFlags, helperFlags } = command(options);
  const h = createHash('sha256');
  // The command lines as they run, files aside (their contents are inputs).
  const args = extensionArgs(['<sources>'], ['<helpers>'], '<output>', userFlags);
  for (const part of [...inputs, cc, compilerIdentity(cc), ...args, '--', ...helperFlags, fingerprint]) h.update(part).update('\0');
  return h.digest('hex');
}

/** Builds the extension from `sources` (one C file or several) and returns
 * the output path; throws with the compiler's own message when compilation
 * fails. */
export function buildExtension(sources: string | readonly string[], options: BuildOptions = {}): string {
  const srcs = (typeof sources === 'string' ? [sources] : [...sources]).map((s) => resolve(s));
  if (srcs.length === 0) throw new Error('hpy-node build: no source file given');
  for (const src of srcs) if (!existsSync(src)) throw new Error(`hpy-node build: ${src}: no such file`);
  const out = resolve(options.output ?? defaultOutput(srcs[0]));
  mkdirSync(dirname(out), { recursive: true });
  const { cc, userFlags, helperFlags } = command(options);
  const helpers = runtimeObjects({
    cc,
    flags: helperFlags,
    cacheDir: options.runtimeCacheDir ?? join(dirname(out), '.hpy-node-runtime'),
  });
  const args = extensionArgs(srcs, helpers, out, userFlags);
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
