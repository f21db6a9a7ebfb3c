#!/usr/bin/env node
// `npm test`: every test/**/*.test.ts under Node's own test runner (tsx
// loads TypeScript). Node 20's --test does not expand globs, so we do.
// Extra arguments narrow the run: `npm test -- trace` runs files whose path
// contains "trace".
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
function collect(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'fixtures' ? [] : collect(full);
    return entry.endsWith('.test.ts') ? [full] : [];
  });
}
const filters = process.argv.slice(2);
const files = collect(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
