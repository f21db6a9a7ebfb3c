#!/usr/bin/env node
// The package's entry points: the one list that package.json's "exports" and
// "typesVersions" (written by `node tools/entries.mjs --write`, checked by
// test/package/exports.test.ts) and the ES module faces in dist/esm/
// (tools/esm-wrappers.mjs) are made from. A new subpath is one line here.
import { readFileSync, writeFileSync } from 'node:fs';

/** `subpath`: what users import after 'hpy-node/' ('.' for the package
 * itself); `cjs`: the compiled file under dist/, without extension;
 * `sideEffectsOnly`: imported for what it does, it exports nothing. */
export const ENTRIES = [
  { subpath: '.', cjs: 'index' },
  { subpath: 'trace', cjs: 'trace/index' },
  { subpath: 'otel', cjs: 'otel/index' },
  { subpath: 'prom-client', cjs: 'prom-client' },
  { subpath: 'debug', cjs: 'debug/index' },
  { subpath: 'register', cjs: 'register', sideEffectsOnly: true },
];

/** The ES module face's file name under dist/esm/, without extension. */
export const esmName = (entry) => (entry.subpath === '.' ? 'index' : entry.subpath.replace(/\//g, '-'));

/** package.json's fields made from ENTRIES. Each condition has its own
 * declarations: ESM imports get .d.mts files (ESM), require() gets the .d.ts
 * next to the CommonJS build; typesVersions serves TypeScript's older
 * `node10` resolution, which does not read "exports". */
export function packageFields() {
  const exports = {};
  const typesVersions = {};
  for (const e of ENTRIES) {
    const key = e.subpath === '.' ? '.' : `./${e.subpath}`;
    exports[key] = {
      import: { types: `./dist/esm/${esmName(e)}.d.mts`, default: `./dist/esm/${esmName(e)}.mjs` },
      require: { types: `./dist/${e.cjs}.d.ts`, default: `./dist/${e.cjs}.js` },
    };
    if (e.subpath !== '.') typesVersions[e.subpath] = [`dist/${e.cjs}.d.ts`];
  }
  exports['./package.json'] = './package.json';
  return { exports, typesVersions: { '*': typesVersions } };
}

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
  const fields = packageFields();
  if (process.argv.includes('--write')) {
    Object.assign(pkg, fields);
    writeFileSync(PACKAGE_JSON, `${JSON.stringify(pkg, null, 2)}\n`);
  } else {
    const stale = Object.keys(fields).filter((k) => JSON.stringify(pkg[k]) !== JSON.stringify(fields[k]));
    if (stale.length > 0) {
      console.error(`package.json's ${stale.join(' and ')} differ from tools/entries.mjs: run \`node tools/entries.mjs --write\``);
      process.exit(1);
    }
  }
}
