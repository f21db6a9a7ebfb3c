// Builds a module the way HPy 0.9.0's own toolchain builds a universal-ABI
// extension (hpy.devel's build_ext): HPy's headers, the forbid_python_h
// directory first, -DHPY -DHPY_ABI_UNIVERSAL, HPy's helper sources compiled
// in. The result is the binary an HPy user ships; hpy-node loads it unchanged.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const HELPERS = ['argparse', 'buildvalue', 'format', 'helpers', 'structseq'];

export interface Toolchain {
  name: string;
  build(sources: string[], output: string, flags: string[]): string;
}

function run(args: string[], what: string): void {
  const r = spawnSync(process.env.CC ?? 'cc', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`HPy's toolchain failed on ${what}:\n${(r.stderr || String(r.error)).trim()}`);
}

export function hpyToolchain(hpyRoot: string, objectDir: string): Toolchain {
  const include = join(hpyRoot, 'hpy', 'devel', 'include');
  if (!existsSync(join(include, 'hpy.h'))) throw new Error(`${hpyRoot} has no hpy/devel/include/hpy.h: give the root of an HPy checkout`);
  const common = ['-fPIC', '-DHPY', '-DHPY_ABI_UNIVERSAL', `-I${join(include, 'hpy', 'forbid_python_h')}`, `-I${include}`];
  const objects = new Map<string, string[]>();
  // The helpers once per set of flags, as a wheel build compiles them once.
  const helperObjects = (flags: string[]): string[] => {
    const key = flags.join(' ');
    const cached = objects.get(key);
    if (cached) return cached;
    const dir = join(objectDir, String(objects.size));
    mkdirSync(dir, { recursive: true });
    const objs = HELPERS.map((h) => {
      const src = join(hpyRoot, 'hpy', 'devel', 'src', 'runtime', `${h}.c`);
      const obj = join(dir, `${h}.o`);
      run(['-c', ...common, ...flags, src, '-o', obj], basename(src));
      return obj;
    });
    objects.set(key, objs);
    return objs;
  };
  return {
    name: "HPy 0.9.0's toolchain",
    build(sources, output, flags) {
      mkdirSync(dirname(output), { recursive: true });
      run(['-shared', ...common, ...flags, ...sources, ...helperObjects(flags), '-o', output], sources.join(' '));
      return output;
    },
  };
}
