// The whole project (src, tests, tools, bench, grafana, examples) compiles
// under TypeScript strict: tests run through tsx, which strips types without
// checking them, so a type error would otherwise pass unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

test('tsc --noEmit finds no type errors', { timeout: 120_000 }, () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
