// load(): find an HPy shared object, choose its context, build its module.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { native, ModeName } from './native';
import { Mode, ModeChoice, MODES, combineModes, modeFromEnv } from './mode';
import { accepts, check, checkOptions } from './args';
import { ensureRuntime } from './runtime';
import { warnOnBadTraceClock } from './trace/clock-env';

export interface LoadOptions {
  /** Context to load with; defaults to what the HPY environment variable
   * says. ['debug', 'trace'] (or 'debug+trace') counts and times a module in
   * debug mode. */
  mode?: ModeChoice | Mode[];
}

/** The methods of a module whose type is not given: each one `unknown`. */
export interface UntypedMethods {
  readonly [method: string]: unknown;
}

/** A loaded HPy module: its methods, and `doc` from its HPyModuleDef.
 * `Methods` types the methods, as `load<Methods>()` was told (hpy-node cannot
 * know a C extension's signatures; nothing checks them at run time). */
export type HpyModule<Methods extends object = UntypedMethods> = Readonly<Methods> & { readonly doc: string | undefined };

/** The module name HPy derives from a file: its base name up to the first dot. */
export function moduleNameOf(file: string): string {
  check('moduleNameOf', 'file', file, accepts.string);
  return basename(file).split('.')[0];
}

/** A `file:` URL (`new URL('./ext.hpy.so', import.meta.url)`) or a string
 * starting with `file:` becomes a path; any other string is a path already. */
function pathOf(path: string | URL): string {
  if (typeof path === 'string' && !path.startsWith('file:')) return path;
  const url = typeof path === 'string' ? new URL(path) : path;
  if (url.protocol !== 'file:') throw new TypeError(`load: path must be a file path or a file: URL, got the ${url.protocol} URL ${url.href}`);
  return fileURLToPath(url);
}

function resolveFile(path: string): string {
  const abs = resolve(path);
  if (!existsSync(abs)) {
    const relative = isAbsolute(path)
      ? ''
      : ` (a relative path is resolved against the working directory, ${process.cwd()}; for a file beside your code, pass new URL('./${path.replace(/^\.\//, '')}', import.meta.url) or join(__dirname, ...))`;
    throw new Error(`hpy-node: cannot load ${abs}: no such file${relative}. Build it first: npx hpy-node build ext.c -o ${path}`);
  }
  if (!statSync(abs).isFile()) throw new Error(`hpy-node: cannot load ${abs}: it is not a file`);
  return realpathSync(abs);
}

const modulePaths = new WeakMap<object, string>();

/** The resolved path of a module object returned by load(), if it is one. */
export function pathOfModule(module: object): string | undefined {
  return modulePaths.get(module);
}

/** The file of a module loaded in universal mode (in any thread) that
 * `wanted` designates: a module name, a path, or a load() result. */
export function universalFileOf(wanted: string | object): string | undefined {
  const key = typeof wanted === 'string' ? wanted : pathOfModule(wanted);
  if (key === undefined) return undefined;
  return native.loadedLibraries().find((lib) => lib.mode === 'universal' && (lib.path === key || lib.name === key))?.path;
}

const acceptsMode = accepts.either(
  accepts.oneOf([...MODES, 'debug+trace']),
  {
    what: "a list of modes that combine (['debug', 'trace'])",
    test: (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((m) => (MODES as readonly unknown[]).includes(m)) && combineModes(v) !== undefined,
  },
);

function requestedMode(mode: ModeChoice | Mode[] | undefined): ModeChoice | undefined {
  if (mode === undefined || typeof mode === 'string') return mode;
  return combineModes(mode);
}

function logLoad(name: string, mode: ModeName): void {
  if (process.env.HPY_LOG === undefined) return;
  const base = mode === 'debug' || mode === 'debug+trace' ? 'debug' : 'universal';
  const suffix = mode === 'trace' || mode === 'debug+trace' ? ' with a trace context' : '';
  console.log(`Loading '${name}' in HPy ${base} mode${suffix}`);
}

/** Loads the HPy extension at `path` and returns its module. Loading the same
 * file again returns the same module object.
 *
 * `path` is a file path, resolved against the working directory
 * (process.cwd()) when relative, as fs functions do; or a `file:` URL, so a
 * module can name a file beside itself: `load(new URL('./ext.hpy.so',
 * import.meta.url))`, or in CommonJS `load(path.join(__dirname, 'ext.hpy.so'))`.
 *
 * `Methods` types the module: `load<{ add(a: number, b: number): number }>(...)`. */
export function load<Methods extends object = UntypedMethods>(path: string | URL, options?: LoadOptions): HpyModule<Methods> {
  check('load', 'path', path, {
    what: 'the path of an HPy shared object (a non-empty string or a file: URL)',
    test: (v) => accepts.nonEmptyString.test(v) || v instanceof URL,
  });
  const { mode: requested } = checkOptions<LoadOptions>('load', options, { mode: acceptsMode }, "{ mode: 'trace' }");
  const file = resolveFile(pathOf(path));
  const name = moduleNameOf(file);
  const mode: ModeName = requestedMode(requested) ?? modeFromEnv(name, process.env.HPY);
  // The trace clock is chosen when the first module is traced.
  if (mode === 'trace' || mode === 'debug+trace') warnOnBadTraceClock();
  ensureRuntime();
  const info = native.loadModule(file, name, mode);
  logLoad(name, info.mode);
  modulePaths.set(info.module, file);
  return info.module as unknown as HpyModule<Methods>;
}
