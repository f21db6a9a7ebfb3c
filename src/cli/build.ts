// `hpy-node build ext.c [-o out.hpy.so]`: compiles an HPy extension against
// hpy-node's header with the system C compiler.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const INCLUDE_DIR = resolve(__dirname, '..', '..', 'native', 'include');
export const IMPLICIT_DECLARATION_IS_AN_ERROR = '-Werror=implicit-function-declaration';

export interface BuildOptions {
  output?: string;
  /** C compiler; default $CC, else cc. */
  cc?: string;
  /** Extra compiler flags (after the defaults). */
  flags?: string[];
}

// HPY_NODE_EXTRA_CFLAGS adds flags to every build (tools/sanitize.sh uses it).
function extraFlagsFromEnv(): string[] {
  return (process.env.HPY_NODE_EXTRA_CFLAGS ?? '').split(/\s+/).filter(Boolean);
}

/** Default output: next to the source, `<name>.hpy.so`. */
export function defaultOutput(source: string): string {
  return join(dirname(source), `${basename(source).replace(/\.c$/, '')}.hpy.so`);
}

/** Builds `source` and returns the output path; throws with the compiler's
 * own message when compilation fails. */
export function buildExtension(source: string, options: BuildOptions = {}): string {
  const src = resolve(source);
  if (!existsSync(src)) throw new Error(`hpy-node build: ${src}: no such file`);
  const out = resolve(options.output ?? defaultOutput(source));
  mkdirSync(dirname(out), { recursive: true });
  const cc = options.cc ?? process.env.CC ?? 'cc';
  const args = [
    '-std=gnu11', '-shared', '-fPIC', '-O2', '-g', '-Wall', '-Wextra', '-Wno-unused-parameter',
    // A call of an undeclared function (a misspelled HPy function) is only a
    // warning in gnu11, and -shared links the undefined symbol anyway: the
    // .so would build and then fail to load. Newer compilers make it an error.
    IMPLICIT_DECLARATION_IS_AN_ERROR,
    '-fvisibility=hidden', `-I${INCLUDE_DIR}`, src, '-o', out, ...extraFlagsFromEnv(), ...(options.flags ?? []),
  ];
  const r = spawnSync(cc, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`hpy-node build: cannot run the C compiler '${cc}' (${r.error.message}). Install one (apt-get install gcc) or set CC.`);
  if (r.status !== 0) {
    const hint = /implicit declaration of function|implicit-function-declaration/.test(r.stderr)
      ? '\nhpy-node build: a function is called without a declaration: check its spelling against native/include/hpy.h, or declare it (#include its header) before the call'
      : '';
    throw new Error(`hpy-node build: ${cc} failed on ${src}:\n${r.stderr.trim()}${hint}`);
  }
  if (r.stderr.trim()) process.stderr.write(r.stderr);
  return out;
}
