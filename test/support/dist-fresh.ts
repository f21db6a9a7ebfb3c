// Whether dist/ is what `npm run prepare` would make of src/ now, for tests
// that run or pack dist/: every source compiled and not newer than its
// output, no output left from a source that is gone (it would ship), and the
// ES module faces (dist/esm, written after the compile by
// tools/esm-wrappers.mjs) not older than any source or than their generator.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((e) => (statSync(join(dir, e)).isDirectory() ? files(join(dir, e)) : [join(dir, e)]));
}

const mtime = (f: string): number => statSync(f).mtimeMs;

/** What is stale in `root`'s dist/, one line each; empty when it is fresh. */
export function staleDist(root: string): string[] {
  const src = join(root, 'src');
  const dist = join(root, 'dist');
  const esm = join(dist, 'esm');
  const problems: string[] = [];
  const sources = files(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  for (const s of sources) {
    const base = relative(src, s).replace(/\.ts$/, '');
    for (const out of [`${base}.js`, `${base}.d.ts`]) {
      const o = join(dist, out);
      if (!existsSync(o)) problems.push(`dist/${out} is missing (src/${base}.ts)`);
      else if (mtime(o) < mtime(s)) problems.push(`dist/${out} is older than src/${base}.ts`);
    }
  }
  for (const o of files(dist).filter((f) => !f.startsWith(esm + '/') && /\.(js|d\.ts)$/.test(f))) {
    const base = relative(dist, o).replace(/\.(js|d\.ts)$/, '');
    if (!existsSync(join(src, `${base}.ts`))) problems.push(`dist/${relative(dist, o)} has no source (src/${base}.ts is gone): it would ship`);
  }
  const newestInput = Math.max(...sources.map(mtime), ...['esm-wrappers.mjs', 'entries.mjs'].map((t) => mtime(join(root, 'tools', t))));
  const faces = files(esm);
  if (faces.length === 0) problems.push('dist/esm/ is empty');
  for (const f of faces) if (mtime(f) < newestInput) problems.push(`dist/esm/${relative(esm, f)} is older than the newest source or its generator`);
  return problems;
}
