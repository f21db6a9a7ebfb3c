// A TypeScript project that uses hpy-node compiles against its declarations
// with skipLibCheck off, on both TypeScript lines: 5.x (the repo's own) and
// 7 (installed into a temporary folder once per run). TypeScript 7 no longer
// loads every @types package by default (`types` is []), so a declaration
// that names Node's types (Buffer, node:http) must reference them itself.
// Runs the built dist/ (`npm run prepare` after changing src/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const WORK = mkdtempSync(join(tmpdir(), 'hpy-node-consumer-types-'));
const TS7 = join(WORK, 'ts7');
const CONSUMER = join(WORK, 'consumer');
const ENTRIES = ['hpy-node', 'hpy-node/trace', 'hpy-node/otel', 'hpy-node/debug', 'hpy-node/prom-client', 'hpy-node/register'];

// The package's declarations as a consumer has them: a copy (not a link, so
// `/// <reference types="node" />` resolves from the consumer's node_modules),
// with its dependencies and the consumer's own @types/node beside it.
function makeConsumer(typesNode: string): void {
  rmSync(CONSUMER, { recursive: true, force: true });
  const modules = join(CONSUMER, 'node_modules');
  const pkg = join(modules, 'hpy-node');
  mkdirSync(join(modules, '@types'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true, filter: (f) => !/\.(js|mjs|map)$/.test(f) });
  symlinkSync(typesNode, join(modules, '@types', 'node'));
  symlinkSync(join(ROOT, 'node_modules', '@opentelemetry'), join(modules, '@opentelemetry'));
  symlinkSync(join(ROOT, 'node_modules', 'prom-client'), join(modules, 'prom-client'));
  writeFileSync(join(CONSUMER, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));
}

// One program per entry point, in CommonJS and ESM: a program that loads
// OpenTelemetry's declarations gets Node's types through their references,
// which would hide a missing one in an entry point that does not.
function tsc(tscJs: string, options: Record<string, unknown>): string[] {
  const failures: string[] = [];
  ENTRIES.forEach((entry, i) => {
    const files = [`use${i}.cts`, `use${i}.mts`];
    for (const f of files) writeFileSync(join(CONSUMER, f), `import * as entry from '${entry}';\nexport const used = entry;\n`);
    const config = join(CONSUMER, `tsconfig.${i}.json`);
    writeFileSync(config, JSON.stringify({ compilerOptions: { noEmit: true, skipLibCheck: false, ...options }, files }));
    const r = spawnSync(process.execPath, [tscJs, '-p', config], { cwd: CONSUMER, encoding: 'utf8', timeout: 180_000 });
    if (r.status !== 0) failures.push(`${entry}:\n${r.stdout}${r.stderr}${r.error ?? ''}`);
  });
  return failures;
}

before(() => {
  mkdirSync(TS7, { recursive: true });
  writeFileSync(join(TS7, 'package.json'), '{"private":true}');
  const npm = spawnSync('npm', ['install', 'typescript@7', '@types/node@20', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: TS7, encoding: 'utf8', timeout: 300_000 });
  assert.equal(npm.status, 0, `installing TypeScript 7 for this test failed:\n${npm.stderr}`);
});

after(() => rmSync(WORK, { recursive: true, force: true }));

test('TypeScript 7 with its default options and skipLibCheck off finds no error in hpy-node\'s declarations', () => {
  makeConsumer(join(TS7, 'node_modules', '@types', 'node'));
  const tsc7 = join(TS7, 'node_modules', 'typescript', 'bin', 'tsc');
  const version = spawnSync(process.execPath, [tsc7, '--version'], { encoding: 'utf8' });
  assert.match(version.stdout, /^Version 7\./);
  assert.deepEqual(tsc(tsc7, {}), []);
});

test('TypeScript 5 with no @types loaded implicitly and skipLibCheck off finds no error either', () => {
  makeConsumer(join(ROOT, 'node_modules', '@types', 'node'));
  const options = { types: [], strict: true, module: 'nodenext', moduleResolution: 'nodenext' };
  assert.deepEqual(tsc(join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), options), []);
});

test('the consumer reaches every entry point the package exports', () => {
  const pkg = require(join(ROOT, 'package.json')) as { exports: Record<string, unknown> };
  const exported = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? 'hpy-node' : `hpy-node/${k.slice(2)}`));
  assert.deepEqual([...ENTRIES].sort(), exported.sort());
  assert.ok(readdirSync(join(ROOT, 'dist')).length > 0, 'dist/ is built');
});
