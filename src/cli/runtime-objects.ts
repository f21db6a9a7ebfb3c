// The helper library (native/runtime/*.c: HPyArg_Parse, HPy_BuildValue, ...)
// is compiled into every extension, as HPy's build does with its
// hpy/devel/src/runtime. Compiling it costs more than a small extension, so
// its objects are kept in a cache folder, one subfolder per content key: the
// sources, the headers, the compiler and the flags. A build whose key is
// there links the cached objects; nothing is compiled twice.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const NATIVE_DIR = resolve(__dirname, '..', '..', 'native');
export const RUNTIME_DIR = join(NATIVE_DIR, 'runtime');
export const INCLUDE_DIR = join(NATIVE_DIR, 'include');

/** The helper library's C sources, sorted. */
export function runtimeSources(): string[] {
  return readdirSync(RUNTIME_DIR)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => join(RUNTIME_DIR, f));
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

/** A hash of everything an extension's build reads from hpy-node: the helper
 * sources and every header. Tests that cache built modules mix it into their
 * key, so a change to either rebuilds them. */
export function runtimeFingerprint(): string {
  const h = createHash('sha256');
  for (const f of [...runtimeSources(), ...filesUnder(INCLUDE_DIR)]) {
    h.update(relative(NATIVE_DIR, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

// Flags that only mean something to the linker: they stay out of the
// helpers' compilation (gcc warns "linker input file unused" for them), and
// out of their cache key. Everything else (-O3, -D, -f..., -m..., -g) applies
// to the helpers as to the extension, as in HPy's build.
const LINK_ONLY = [/^-l/, /^-L/, /^-Wl,/, /^-shared$/, /^-static/, /^-rdynamic$/, /^-nostdlib$/];

// Flags whose value may be the next word (gcc's and clang's spelling). The
// value goes with its flag: without this, `-I dir` lost `dir` as if it were an
// input file, and the helpers were compiled with a dangling `-I`.
const COMPILE_WITH_VALUE = new Set([
  '-I', '-D', '-U', '-include', '-imacros', '-isystem', '-iquote', '-idirafter', '-iprefix', '-iwithprefix',
  '-iwithprefixbefore', '-isysroot', '--sysroot', '-x', '-MF', '-MT', '-MQ', '-Xpreprocessor', '-Xassembler',
  '-Xclang', '-target', '--target', '-arch', '--param', '-aux-info',
]);
const LINK_WITH_VALUE = new Set(['-Xlinker', '-L', '-l', '-T', '-u', '-z', '-e']);

export function compileFlagsOf(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i];
    if (LINK_WITH_VALUE.has(f)) i++; // and its value
    else if (COMPILE_WITH_VALUE.has(f)) out.push(f, ...flags.slice(i + 1, ++i + 1));
    else if (!f.startsWith('-')) continue; // an input file (a library, an object)
    else if (!LINK_ONLY.some((re) => re.test(f))) out.push(f);
  }
  return out;
}

/** The error for a compiler that cannot be run: building an extension needs a
 * C compiler even where the addon came prebuilt. */
export function compilerError(cc: string, err: NodeJS.ErrnoException): Error {
  const why = err.code === 'ENOENT' ? `no C compiler: '${cc}' was not found` : `cannot run the C compiler '${cc}' (${err.message})`;
  return new Error(
    `hpy-node build: ${why}. Building an HPy extension needs a C compiler: install one ` +
      '(Debian/Ubuntu: apt-get install gcc; Fedora: dnf install gcc), or name yours with --cc or the CC variable.',
  );
}

export interface RuntimeBuild {
  cc: string;
  /** The full compiler flags, without -c and the sources. */
  flags: string[];
  /** Where the per-key folders of objects live. */
  cacheDir: string;
}

/** The helper library's object files for this compiler and these flags,
 * compiled now unless the cache has them. Throws with the compiler's message
 * when compilation fails. */
export function runtimeObjects(b: RuntimeBuild): string[] {
  const sources = runtimeSources();
  const key = createHash('sha256').update(runtimeFingerprint()).update('\0').update(b.cc).update('\0').update(b.flags.join('\0')).digest('hex').slice(0, 16);
  const dir = join(b.cacheDir, key);
  const objects = sources.map((s) => join(dir, s.slice(RUNTIME_DIR.length + 1).replace(/\.c$/, '.o')));
  if (objects.every((o) => existsSync(o))) return objects;

  // Compiled into a folder of its own and renamed into place, so that builds
  // running at the same time (the test runner runs two files at once) never
  // see half-written objects; when two race, the first rename wins and the
  // other's copy is dropped.
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const r = spawnSync(b.cc, ['-c', ...b.flags, ...sources], { cwd: tmp, encoding: 'utf8' });
    if (r.error) throw compilerError(b.cc, r.error);
    if (r.status !== 0) throw new Error(`hpy-node build: ${b.cc} failed on the helper library (${RUNTIME_DIR}) with flags ${b.flags.join(' ')}:\n${r.stderr.trim()}`);
    if (r.stderr.trim()) process.stderr.write(r.stderr);
    try {
      renameSync(tmp, dir);
    } catch (err) {
      if (!objects.every((o) => existsSync(o))) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return objects;
}
