// load() checks a file's ELF header and layout before dlopen: a truncated
// shared object, an object file or one built for another CPU gets an error
// naming the file and what is wrong, instead of SIGBUS inside dlopen or
// glibc's "No such file or directory".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from '../../src/index';
import { buildExtension } from '../../src/cli/build';
import { buildModule, TMP_DIR } from '../support/make-module';
import { childJson, runChild, SRC_INDEX } from '../fixtures/reliability-native-child';

const F = `
HPyDef_METH(f, "f", HPyFunc_NOARGS)
static HPy f_impl(HPyContext *ctx, HPy self) { return HPyLong_FromInt64_t(ctx, 42); }`;

// A copy of `data` at dir/<file>: the module name comes from the file name,
// so copies that differ live in different folders under the same name.
function writeCopy(dir: string, file: string, data: Uint8Array): string {
  const folder = join(TMP_DIR, 'reliability-elf', dir);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, file);
  writeFileSync(path, data);
  return path;
}

test('every truncation of a shared object is refused with an error naming the file, never a crash', () => {
  const so = buildModule(F, { name: 'reltrunc' });
  const data = readFileSync(so);
  assert.equal((load(so) as unknown as { f: () => number }).f(), 42, 'the whole file loads');
  const sizes = new Set<number>([1, 3, 4, 15, 16, 17, 51, 52, 63, 64, 65, 100, 200, 500, 1000, data.length - 1]);
  // Every part of the file is cut somewhere: about 150 cuts whatever its size
  // (the helper library linked into every extension makes it tens of KB).
  const step = Math.max(256, Math.ceil(data.length / 150));
  for (let n = step; n < data.length; n += step) sizes.add(n);
  const paths = [...sizes].sort((a, b) => a - b).map((n) => ({ n, path: writeCopy(`trunc-${n}`, 'reltrunc.hpy.so', data.subarray(0, n)) }));
  const script = `
const { load } = require(${JSON.stringify(SRC_INDEX)});
const out = [];
for (const { n, path } of ${JSON.stringify(paths)}) {
  try { load(path); out.push({ n, loaded: true }); } catch (e) { out.push({ n, message: e.message }); }
}
console.log(JSON.stringify(out));`;
  const results = childJson<{ n: number; loaded?: boolean; message?: string }[]>(runChild(script));
  assert.equal(results.length, paths.length);
  for (const r of results) {
    assert.ok(!r.loaded, `the file cut to ${r.n} of ${data.length} bytes loaded`);
    assert.match(r.message!, new RegExp(`cannot load .*trunc-${r.n}/reltrunc\\.hpy\\.so as a shared library: the file is truncated: it has ${r.n} bytes?, but`), `cut to ${r.n} bytes`);
    assert.match(r.message!, /copy or build it again/);
  }
});

test('a shared object for another CPU names the machine it was built for and the one this process needs', () => {
  const so = buildModule(F, { name: 'relmach' });
  const host = process.arch === 'arm64' ? { em: 183, name: 'AArch64' } : { em: 62, name: 'x86-64' };
  const other = process.arch === 'arm64' ? { em: 62, name: 'x86-64' } : { em: 183, name: 'AArch64' };
  const foreign = Buffer.from(readFileSync(so));
  foreign.writeUInt16LE(other.em, 18); // e_machine
  const path = writeCopy(`machine-${other.em}`, 'relmach.hpy.so', foreign);
  assert.throws(
    () => load(path),
    new RegExp(`cannot load .*machine-${other.em}/relmach\\.hpy\\.so as a shared library: it was built for ${other.name} \\(e_machine ${other.em}\\), but this process runs on ${host.name}`),
  );
  // A 32-bit i386 header (what gcc -m32 writes): class and machine differ.
  const i386 = Buffer.from(readFileSync(so));
  i386[4] = 1; // EI_CLASS = ELFCLASS32
  i386.writeUInt16LE(3, 18); // EM_386
  const path32 = writeCopy('machine-3', 'relmach.hpy.so', i386);
  assert.throws(() => load(path32), new RegExp(`relmach\\.hpy\\.so as a shared library: it was built for i386 \\(e_machine 3\\), but this process runs on ${host.name}.*rebuild it`));
});

test('an object file is refused: it must be linked as a shared library', () => {
  mkdirSync(TMP_DIR, { recursive: true });
  const src = join(TMP_DIR, 'relobj.c');
  writeFileSync(src, 'int relobj(void) { return 1; }\n');
  const obj = buildExtension(src, { output: join(TMP_DIR, 'reliability-elf', 'relobj.hpy.so'), flags: ['-c'] });
  assert.throws(() => load(obj), /relobj\.hpy\.so as a shared library: it is a relocatable object file \(ET_REL\), not a shared library \(ET_DYN\): link it with -shared/);
});

test('a file that is not ELF at all says so', () => {
  const path = writeCopy('text', 'reltext.hpy.so', Buffer.from('#!/bin/sh\necho not a library\n'));
  assert.throws(() => load(path), /cannot load .*reltext\.hpy\.so as a shared library: it is not an ELF file \(it does not start with 0x7f 'E' 'L' 'F'\)/);
});
