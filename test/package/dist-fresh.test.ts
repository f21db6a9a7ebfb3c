// staleDist (test/support/dist-fresh.ts), which the packaging tests run
// before they use dist/: on a made-up tree, what it finds stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { staleDist } from '../support/dist-fresh';

// A tree as prepare leaves it: src/a.ts and src/sub/b.ts compiled, the ES
// faces written after; every file at time `t` (seconds) unless said.
function tree(): { root: string; touch(rel: string, t: number): void } {
  const root = mkdtempSync(join(tmpdir(), 'dist-fresh-'));
  const touch = (rel: string, t: number): void => {
    const f = join(root, rel);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, '');
    utimesSync(f, t, t);
  };
  for (const f of ['src/a.ts', 'src/sub/b.ts', 'tools/esm-wrappers.mjs', 'tools/entries.mjs']) touch(f, 1000);
  for (const f of ['dist/a.js', 'dist/a.d.ts', 'dist/sub/b.js', 'dist/sub/b.d.ts']) touch(f, 2000);
  touch('dist/esm/index.mjs', 3000);
  return { root, touch };
}

test('a tree as prepare leaves it is fresh', () => {
  const { root } = tree();
  try {
    assert.deepEqual(staleDist(root), []);
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('an edited source, a missing output, a leftover output and old ES faces are stale', () => {
  const { root, touch } = tree();
  try {
    touch('src/sub/b.ts', 2500); // edited after the compile, before the faces
    touch('src/c.ts', 1000); // never compiled
    touch('dist/gone.js', 2000); // its source was removed
    assert.deepEqual(staleDist(root), [
      'dist/c.js is missing (src/c.ts)',
      'dist/c.d.ts is missing (src/c.ts)',
      'dist/sub/b.js is older than src/sub/b.ts',
      'dist/sub/b.d.ts is older than src/sub/b.ts',
      'dist/gone.js has no source (src/gone.ts is gone): it would ship',
    ]);
    touch('tools/esm-wrappers.mjs', 4000);
    assert.ok(staleDist(root).includes('dist/esm/index.mjs is older than the newest source or its generator'));
  } finally {
    rmSync(root, { recursive: true });
  }
});
