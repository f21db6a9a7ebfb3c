// HPyImport_ImportModule: require() resolved from the working directory.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { exceptions } from './common';

let requireFromCwd: NodeJS.Require | undefined;

export const importHelpers = {
  importModule: (name: string) => {
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
