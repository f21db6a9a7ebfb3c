#!/usr/bin/env node
// In a checkout of hpy-node itself, npm does not link the package's own `bin`
// into node_modules/.bin, so `npx hpy-node` would try to fetch and install a
// copy. Link it, so the README's commands work in the repository too.
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'dist', 'cli', 'main.js');
if (existsSync(join(root, 'node_modules')) && existsSync(target)) {
  mkdirSync(binDir, { recursive: true });
  const link = join(binDir, 'hpy-node');
  rmSync(link, { force: true });
  symlinkSync('../../dist/cli/main.js', link);
  chmodSync(target, 0o755);
}
