#!/usr/bin/env node
// The package's install script. An installed package uses the prebuilt addon
// in prebuilds/ when one fits this platform (node-gyp-build decides, as it
// will at run time); otherwise, or in a checkout of hpy-node, or with
// HPY_NODE_BUILD_FROM_SOURCE=1 in the environment, the addon is built from
// source with node-gyp. When that cannot work (no compiler, make or Python)
// it says what is missing and what to run, instead of a gyp traceback.
//
// The advice is for npm 10 and 11 alike: a failed install script makes npm
// remove the package, so `npm rebuild hpy-node` would find nothing; the
// install itself is what to run again. npm 11 warns that `--build-from-source`
// (and npm_config_build_from_source) stop working in its next major, so our
// own variable asks for a source build; npm's is still read, for npm 10.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const log = (line) => process.stderr.write(`hpy-node: ${line}\n`);

// A checkout (src/ is not shipped) always builds its own addon from source.
const checkout = existsSync(join(root, 'src'));
const fromSource = checkout || process.env.HPY_NODE_BUILD_FROM_SOURCE === '1' || process.env.npm_config_build_from_source === 'true';
const AGAIN = checkout
  ? '`npm install` in this checkout'
  : '`npm install hpy-node` in your project (add HPY_NODE_BUILD_FROM_SOURCE=1 before it to build from source even where a prebuilt addon fits)';

if (!fromSource) {
  try {
    const file = require('node-gyp-build').resolve(root);
    require(file);
    process.exit(0);
  } catch (err) {
    log(`no prebuilt addon fits ${process.platform}-${process.arch} (${err.message.split('\n')[0]}): building it from source`);
  }
}

function onPath(command) {
  if (command.includes('/')) return existsSync(command);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

const cxx = process.env.CXX ?? 'g++';
const python = process.env.npm_config_python ?? process.env.PYTHON ?? 'python3';
const missing = [
  !onPath(cxx) && !(process.env.CXX === undefined && onPath('c++')) && `a C++ compiler (${cxx})`,
  !onPath('make') && 'make',
  !onPath(python) && `Python 3 (${python})`,
].filter(Boolean);
if (missing.length > 0) {
  log(`cannot build the native addon: ${missing.join(', ')} not found.`);
  log('Install them (Debian/Ubuntu: apt-get install g++ make python3; Fedora: dnf install gcc-c++ make python3),');
  log(`then run ${AGAIN}.`);
  process.exit(1);
}

// npm hands its own node-gyp to scripts; a checkout has it as a dev dependency.
function nodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return [process.execPath, process.env.npm_config_node_gyp];
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    return onPath('node-gyp') ? ['node-gyp'] : undefined;
  }
}
const gyp = nodeGyp();
if (gyp === undefined) {
  log(`cannot build the native addon: node-gyp was not found. Run ${AGAIN}: npm brings its own node-gyp.`);
  process.exit(1);
}

const r = spawnSync(gyp[0], [...gyp.slice(1), 'rebuild'], { cwd: root, encoding: 'utf8', env: { JOBS: '2', ...process.env } });
const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\nerror: ${r.error.message}` : ''}`;
if (r.status !== 0) {
  // Outside the package: npm removes the package when its install fails.
  const logDir = join(tmpdir(), `hpy-node-${process.getuid?.() ?? 'user'}`);
  const logFile = join(logDir, 'install.log');
  mkdirSync(logDir, { recursive: true });
  writeFileSync(logFile, output);
  const errors = output.split('\n').filter((l) => /error|Error/.test(l) && !/^gyp (info|verb)/.test(l));
  log('building the native addon from source failed:');
  for (const line of errors.slice(-15)) process.stderr.write(`  ${line}\n`);
  log(`full log: ${logFile}`);
  log(`Fix the cause above, then run ${AGAIN}.`);
  process.exit(1);
}
