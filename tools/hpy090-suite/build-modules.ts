// Builds every module of a dump (one directory per HPy test, holding the C of
// the modules it makes) with hpy-node build and HPy's own compiler flags.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import type { Toolchain } from './hpy-toolchain';

// What HPy's test harness adds to every compilation (test/support.py).
const HPY_TEST_FLAGS = ['-g', '-O0', '-Wfatal-errors', '-Werror'];

export interface BuiltModule {
  /** HPy's test file, as in test/test_hpytype.py. */
  file: string;
  /** The dump directory: module, class and test function. */
  test: string;
  module: string;
  so?: string;
  buildError?: string;
}

// Dump directories are named module_Class_function with dots as underscores:
// "test_test_hpytype_TestType_test_HPy_New" for test/test_hpytype.py; the
// files of test/debug and test/trace are imported by their bare names
// ("test_charptr_test_charptr_write_ptr").
export function testFileOf(dir: string): string {
  const m = /^(test_[a-z0-9_]+?)_(?:Test[A-Za-z0-9]*_)?test_/.exec(dir);
  if (!m) return dir;
  const name = m[1];
  if (name.startsWith('test_test_')) return `test/${name.slice('test_'.length)}.py`;
  return name === 'test_trace' ? 'test/trace/test_trace.py' : `test/debug/${name}.py`;
}

/** hpy-node's own: `hpy-node build` with its headers and helper library. */
export function hpyNodeToolchain(out: string): Toolchain {
  const runtimeCacheDir = join(out, '.hpy-node-runtime');
  return {
    name: 'hpy-node build',
    build: (sources, output, flags) => buildExtension(sources, { output, flags, runtimeCacheDir }),
  };
}

export async function buildAll(dump: string, out: string, toolchain: Toolchain, only?: string): Promise<BuiltModule[]> {
  const results: BuiltModule[] = [];
  for (const test of readdirSync(dump).sort()) {
    if (only && !test.includes(only)) continue;
    const files = readdirSync(join(dump, test)).filter((f) => f.endsWith('.c'));
    // extra_sources are expanded as extmod_N.c and compiled into each module of the test.
    const extras = files.filter((f) => f.startsWith('extmod_')).map((f) => join(dump, test, f));
    for (const main of files.filter((f) => !f.startsWith('extmod_'))) {
      const module = main.slice(0, -2);
      const entry: BuiltModule = { file: testFileOf(test), test, module };
      try {
        entry.so = toolchain.build([join(dump, test, main), ...extras], join(out, test, `${module}.hpy0.so`), HPY_TEST_FLAGS);
      } catch (err) {
        entry.buildError = (err as Error).message;
      }
      results.push(entry);
    }
  }
  return results;
}
