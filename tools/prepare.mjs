#!/usr/bin/env node
// `prepare` (npm install in a checkout, npm pack): compiles the TypeScript,
// writes the ES module faces and links the bin. Shipped so the script names
// only files the package has, and a no-op there: an installed package has
// dist/ already and no src/.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
if (existsSync(join(root, 'src')) && existsSync(join(root, 'tsconfig.build.json'))) {
  const require = createRequire(import.meta.url);
  const run = (...args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  run(require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json');
  run('tools/esm-wrappers.mjs');
  run('tools/link-bin.mjs');
}
