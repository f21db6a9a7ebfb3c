// makeModule(cSource, { mode }): the C under test beside its assertions, as
// in HPy's own tests. Every HPyDef_METH and HPyDef_SLOT in the source is
// listed, except those a type lists in its own `HPyDef *x[] = {...}`; the
// module definition and HPy_MODINIT are added here. Builds are
// cached on everything that goes into them (buildKey): the test's C and the
// wrapper written around it, the compiler, every flag, and what it compiles
// against (headers, helper library), so a build that would fail now is not
// served from the cache.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension, buildKey } from '../../src/cli/build';
import { runtimeFingerprint } from '../../src/cli/runtime-objects';
import { load, HpyModule } from '../../src/index';
import { ModeChoice } from '../../src/mode';

export const TMP_DIR = process.env.HPY_NODE_TEST_TMP ?? resolve(__dirname, '..', '..', '.tmp', 'modules');

export interface MakeModuleOptions {
  mode?: ModeChoice;
  /** Module name; default derived from the source and mode. */
  name?: string;
  /** Extra top-level C before the methods (includes, helpers). */
  prelude?: string;
}

export function writeModuleSource(cSource: string, name: string, prelude = ''): string {
  // Definitions a type lists in its own defines array belong to the type.
  const ofTypes = new Set([...cSource.matchAll(/HPyDef\s*\*\s*\w+\[\]\s*=\s*\{([^}]*)\}/g)].flatMap((m) => [...m[1].matchAll(/&(\w+)/g)].map((r) => r[1])));
  const defs = [...cSource.matchAll(/HPyDef_(?:METH|SLOT)\(\s*(\w+)/g)].map((m) => m[1]).filter((d) => !ofTypes.has(d));
  return `#include "hpy.h"
${prelude}
${cSource}
static HPyDef *hpy_test_defines[] = { ${defs.map((d) => `&${d}, `).join('')}NULL };
static HPyModuleDef hpy_test_moduledef = { .doc = "test module ${name}", .defines = hpy_test_defines };
HPy_MODINIT(${name}, hpy_test_moduledef)
`;
}

// Read once per process: the sources do not change while tests run.
let cachedFingerprint: string | undefined;
const fingerprint = (): string => (cachedFingerprint ??= runtimeFingerprint());

/** Builds (if needed) and returns the path of the module's shared object. */
export function buildModule(cSource: string, options: MakeModuleOptions = {}): string {
  const mode = options.mode ?? 'universal';
  const hash = buildKey([cSource, options.prelude ?? '', writeModuleSource.toString()], {}, fingerprint()).slice(0, 10);
  const name = options.name ?? `t_${hash}_${mode.replace('+', '_')}`;
  // A named module keeps its name (the loader takes the module name from the
  // file), so its content hash goes into the folder instead.
  const dir = options.name ? join(TMP_DIR, hash) : TMP_DIR;
  const so = join(dir, `${name}.hpy.so`);
  if (!existsSync(so)) {
    mkdirSync(dir, { recursive: true });
    const c = join(dir, `${name}.c`);
    writeFileSync(c, writeModuleSource(cSource, name, options.prelude));
    buildExtension(c, { output: so });
  }
  return so;
}

/** Builds and loads: returns the module with its methods typed loosely. */
export function makeModule<T = Record<string, (...args: any[]) => any>>(cSource: string, options: MakeModuleOptions = {}): T & HpyModule {
  return load(buildModule(cSource, options), { mode: options.mode ?? 'universal' }) as T & HpyModule;
}

/** The smallest traced workload: f(a, b) returns HPy_Add(a, b), one context
 * call per JavaScript call. */
export const ADD_F_SRC = `
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_Add(ctx, args[0], args[1]);
}`;
