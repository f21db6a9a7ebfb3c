// examples/vector.c built once for the tests that profile it (top, profile,
// pprof), into the test build folder. Built under a temporary name and
// renamed, so test files running side by side never load a half-written file.
import { renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { needsBuild } from '../../src/cli/stale';
import { TMP_DIR } from './make-module';

export const ROOT = resolve(__dirname, '..', '..');
export const VECTOR_SOURCE = join(ROOT, 'examples', 'vector.c');
export const VECTOR_APP = join(ROOT, 'examples', 'vector-app.mjs');

/** The path of the built vector extension (module name `vector`). */
export function vectorExtension(): string {
  const so = join(TMP_DIR, 'vector-example', 'vector.hpy.so');
  if (needsBuild(so, [VECTOR_SOURCE])) {
    const partial = `${so}.${process.pid}.tmp`;
    buildExtension(VECTOR_SOURCE, { output: partial, flags: ['-lm'] });
    renameSync(partial, so);
  }
  return so;
}

/** Per round of examples/vector-app.mjs: 10 `+` from JavaScript and 10
 * through sum()'s HPy_Add, each an nb_add making one object (HPy_New). */
export const NB_ADD_PER_ROUND = 20;
