// HPyImport_ImportModule: require() resolved from the working directory.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { exceptions } from './common';
import { collections } from '../collections';

let requireFromCwd: NodeJS.Require | undefined;

// Python modules hpy-node provides itself, which take precedence over a
// package of the same name: HPy's binaries import collections (see
// ../collections.ts).
const BUILTIN_MODULES: Record<string, unknown> = { collections };

export const importHelpers = {
  importModule: (name: string) => {
    if (Object.hasOwn(BUILTIN_MODULES, name)) return BUILTIN_MODULES[name];
    requireFromCwd ??= createRequire(join(process.cwd(), '[hpy-node import]'));
    try {
      return requireFromCwd(name);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'MODULE_NOT_FOUND') throw new exceptions.ModuleNotFoundError(`No module named '${name}' (resolved like require() from ${process.cwd()})`);
      throw err;
    }
  },
} satisfies Partial<RuntimeHelpers>;
