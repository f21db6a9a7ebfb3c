// `npm run bench` with --help or a wrong argument: the usage, never a stack
// trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const bench = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

test('bench --help prints the usage and exits 0', () => {
  const r = bench('--help');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^usage: npm run bench -- \[--quick\] .*--hpy DIR\]$/m);
});

test('bench with an unknown argument names it, prints the usage, exits 2, no stack trace', () => {
  const r = bench('--bogus');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^bench: unknown argument --bogus/m);
  assert.match(r.stderr, /^usage: npm run bench/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
