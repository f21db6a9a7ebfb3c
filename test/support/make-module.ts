// makeModule(cSource, { mode }): the C under test beside its assertions, as
// in HPy's own tests. Every HPyDef_METH and HPyDef_SLOT in the source is listed; the module
// definition and HPy_MODINIT are added here. Builds are cached by content.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { load, HpyModule } from '../../src/index';
import { Mode } from '../../src/mode';

export const TMP_DIR = process.env.HPY_NODE_TEST_TMP ?? resolve(__dirname, '..', '..', '.tmp', 'modules');

// Builds are cached by content: the headers are part of it, so a module
// built against an older hpy.h is rebuilt rather than loaded.
const HEADERS_DIGEST = (() => {
  const hash = createHash('sha1');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(readFileSync(full));
    }
  };
  walk(resolve(__dirname, '..', '..', 'native', 'include'));
  return hash.digest('hex');
})();

export interface MakeModuleOptions {
  mode?: Mode;
  /** Module name; default derived from the source and mode. */
  name?: string;
  /** Extra top-level C before the methods (includes, helpers). */
  prelude?: string;
}

export function writeModuleSource(cSource: string, name: string, prelude = ''): string {
  const defs = [...cSource.matchAll(/HPyDef_(?:METH|SLOT)\(\s*(\w+)/g)].map((m) => m[1]);
  return `#include "hpy.h"
${prelude}
${cSource}
static HPyDef *hpy_test_defines[] = { ${defs.map((d) => `&${d}, `).join('')}NULL };
static HPyModuleDef hpy_test_moduledef = { .doc = "test module ${name}", .defines = hpy_test_defines };
HPy_MODINIT(${name}, hpy_test_moduledef)
`;
}

/** Builds (if needed) and returns the path of the module's shared object. */
export function buildModule(cSource: string, options: MakeModuleOptions = {}): string {
  const mode = options.mode ?? 'universal';
  const hash = createHash('sha1').update(cSource).update(options.prelude ?? '').update(HEADERS_DIGEST).update(writeModuleSource.toString()).digest('hex').slice(0, 10);
  const name = options.name ?? `t_${hash}_${mode}`;
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
