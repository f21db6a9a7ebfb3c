// The error rule of native/src/core/status.h, held against the sources:
// nothing prints, aborts or throws into JavaScript except where status.h
// says. A new fprintf(stderr), abort() or raw napi_throw elsewhere fails here:
// make it a Status (or an HPy error), or add it to status.h's list and here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const NATIVE = join(ROOT, 'native', 'src');

// Each file of native/src with its comments and string literals blanked
// (a comment may say "abort()", a message may say "napi_throw").
function sources(): Array<{ file: string; code: string }> {
  return (readdirSync(NATIVE, { recursive: true }) as string[])
    .filter((f) => /\.(cc|h)$/.test(f))
    .sort()
    .map((f) => ({
      file: relative(NATIVE, join(NATIVE, f)),
      code: readFileSync(join(NATIVE, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/"(?:[^"\\\n]|\\.)*"/g, '""'),
    }));
}

function offenders(pattern: RegExp, allowed: string[]): string[] {
  return sources()
    .filter(({ file, code }) => pattern.test(code) && !allowed.includes(file))
    .map(({ file }) => file);
}

const PRINTS = ['core/errors.cc', 'universal/types/type_finalize.cc', 'universal/errors_api.cc', 'debug/debug_handles.cc', 'debug/raw_data.cc'];
const ABORTS = ['debug/debug_handles.cc'];
const FATAL = ['universal/errors_api.cc'];
const THROWS = ['core/js_error.cc', 'core/frame.cc'];

test('only the files status.h lists print to stderr', () => {
  assert.deepEqual(offenders(/\b(fprintf\s*\(\s*stderr|fputs\s*\([^;]*stderr|printf\s*\(|puts\s*\(|write\s*\(\s*2\s*,|std::cerr)/, PRINTS), []);
});

test('only HPy_FatalError and the debug handle limit end the process on purpose', () => {
  assert.deepEqual(offenders(/\b(abort|exit|_exit|quick_exit|std::terminate)\s*\(/, ABORTS), []);
  assert.deepEqual(offenders(/\bnapi_fatal_error\s*\(/, FATAL), []);
});

test('a Status becomes a JavaScript exception only in core/js_error.cc, an HPy error only in core/frame.cc', () => {
  assert.deepEqual(offenders(/\bnapi_throw\w*\s*\(|ThrowAsJavaScriptException/, THROWS), []);
});

test('status.h names every file allowed to print, abort or throw', () => {
  const statusH = readFileSync(join(NATIVE, 'core', 'status.h'), 'utf8');
  for (const file of [...PRINTS, ...ABORTS, ...FATAL, ...THROWS]) assert.ok(statusH.includes(file), `status.h does not name ${file}`);
});

test('the rule catches what it is for', () => {
  const print = /\b(fprintf\s*\(\s*stderr|printf\s*\()/;
  assert.ok(print.test('fprintf(stderr, "x");') && print.test('printf("%d", 1);') && !print.test('snprintf(buf, 4, "x");'));
  assert.ok(/\bnapi_throw\w*\s*\(/.test('napi_throw_error(env, nullptr, msg);'));
});

test('the reliability guide lists the debug handle limit among what can still end the process', () => {
  const page = readFileSync(join(ROOT, 'docs', 'reliability.md'), 'utf8');
  const section = page.slice(page.indexOf('## What can still end the process'), page.indexOf('## How this is tested'));
  assert.match(section, /debug handle limit: 2\^24 \(16,777,216\) handles/);
  assert.match(section, /hpy-node: debug mode's handle limit reached/);
});

// One message and one class wherever a call finds no runtime (core/js_error.cc
// hpy_no_runtime_status): bufferOf before any load() is the case a test can
// reach; methods, slots and constructors of an ending environment share it.
test('a call that finds no HPy runtime throws one Error that says what to do', () => {
  const script = `const { bufferOf } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
try { bufferOf({}); } catch (e) { console.log(JSON.stringify([e.constructor.name, e.message])); }`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    'Error',
    'hpy-node: this thread has no HPy runtime (no extension was loaded in this environment, or the environment is shutting down): load the extension with load() before calling into it',
  ]);
});
