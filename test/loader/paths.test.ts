// load()'s path: relative to the working directory, absolute, or a file: URL
// (the import.meta.url pattern); and what a wrong one gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load } from '../../src/index';
import { buildModule, TMP_DIR } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');
const F = `
HPyDef_METH(f, "f", HPyFunc_NOARGS)
static HPy f_impl(HPyContext *ctx, HPy self) { return HPyLong_FromInt64_t(ctx, 7); }`;

test('a file: URL, as a URL or a string, loads the same module as its path', () => {
  const path = buildModule(F, { name: 'load_url' });
  const m = load<{ f(): number }>(pathToFileURL(path));
  assert.equal(m.f(), 7);
  assert.equal(load(path), m);
  assert.equal(load(pathToFileURL(path).href), m);
});

test('a URL of another scheme is refused, saying what is accepted', () => {
  assert.throws(() => load(new URL('https://example.com/ext.hpy.so')), { name: 'TypeError', message: /must be a file path or a file: URL, got the https: URL/ });
  assert.throws(() => load(42 as never), /load: path must be the path of an HPy shared object \(a non-empty string or a file: URL\), got 42/);
});

test('new URL(..., import.meta.url) names a file beside the importing module, wherever the process runs', () => {
  const path = buildModule(F, { name: 'load_beside' });
  const dir = join(TMP_DIR, 'load-beside-app');
  mkdirSync(dir, { recursive: true });
  copyFileSync(path, join(dir, basename(path)));
  const app = join(dir, 'app.mjs');
  writeFileSync(
    app,
    `import { load } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'esm', 'index.mjs')).href)};
console.log(load(new URL('./${basename(path)}', import.meta.url)).f());`,
  );
  const r = spawnSync(process.execPath, [app], { cwd: '/', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '7\n');
});

test('a relative path resolves against the working directory, and its error says so', () => {
  const path = buildModule(F, { name: 'load_relative' });
  const script = `const { load } = require(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});
console.log(load(${JSON.stringify(basename(path))}).f());
try { load('missing/ext.hpy.so'); } catch (err) { console.log(err.message); }`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: dirname(path), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [value, message] = r.stdout.split('\n');
  assert.equal(value, '7');
  assert.match(message, /cannot load .*missing\/ext\.hpy\.so: no such file \(a relative path is resolved against the working directory, .*; for a file beside your code, pass new URL\('\.\/missing\/ext\.hpy\.so', import\.meta\.url\)/);
});
