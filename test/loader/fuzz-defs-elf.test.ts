// The fuzzers of the definition checks and the ELF check (tools/fuzz.sh:
// moduledef, typespec, elf) build and run clean from their corpora for two
// seconds each, under ASan and UBSan, and reach the code they fuzz. Their
// harnesses compare every verdict with the checks' documented contract
// (tools/fuzz/def_contract.cc), so a wrong accept fails them too. The long
// runs are in docs/reliability.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TMP_DIR } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');

function haveClang(): boolean {
  return ['clang', 'clang-14', 'clang-15', 'clang-16', 'clang-17', 'clang-18', 'clang-19'].some(
    (c) => spawnSync(c, ['--version']).status === 0,
  );
}

// The sanitize run preloads gcc's ASan into every child; a libFuzzer binary
// carries clang's own runtime and must not get a second one.
function fuzzEnv(out: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HPY_FUZZ_OUT: out };
  for (const name of ['LD_PRELOAD', 'ASAN_OPTIONS', 'UBSAN_OPTIONS']) delete env[name];
  return env;
}

test('moduledef, typespec and elf fuzz clean for 2 seconds each and cover their checks', { skip: !haveClang() && 'no clang with libFuzzer (apt-get install clang libclang-rt-14-dev)' }, () => {
  mkdirSync(TMP_DIR, { recursive: true });
  const out = mkdtempSync(join(TMP_DIR, 'fuzz-'));
  const r = spawnSync(join(ROOT, 'tools', 'fuzz.sh'), ['--seconds', '2', 'moduledef', 'typespec', 'elf'], {
    cwd: ROOT,
    env: fuzzEnv(out),
    encoding: 'utf8',
    timeout: 240_000,
  });
  rmSync(out, { recursive: true, force: true });
  assert.equal(r.status, 0, `tools/fuzz.sh failed:\n${r.stdout}\n${r.stderr}`);
  // Coverage floors well under what a 2-second run reaches (about half), so
  // a harness that stops reaching the check (say, one that returns early on
  // every input) fails here.
  for (const [name, floor] of [['moduledef', 300], ['typespec', 250], ['elf', 150]] as const) {
    const m = new RegExp(`^fuzz ${name}: (\\d+) runs in 2s, clean; coverage (\\d+) edges$`, 'm').exec(r.stdout);
    assert.ok(m, `no clean result line for ${name} in:\n${r.stdout}`);
    assert.ok(Number(m[1]) > 1000, `${name} ran only ${m[1]} inputs`);
    assert.ok(Number(m[2]) >= floor, `${name} covered ${m[2]} edges, under ${floor}`);
  }
});

test('fuzz.sh names the fuzzers it has when given another name', () => {
  const r = spawnSync(join(ROOT, 'tools', 'fuzz.sh'), ['elfs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown argument 'elfs' \(use --seconds N and names among argparse, buildvalue, format, moduledef, typespec, elf\)/);
});
