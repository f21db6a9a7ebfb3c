// The addon's exports (native/src/addon/binding.cc) are the NativeBinding
// interface of src/native.ts, both ways: nothing exported that the interface
// does not declare, nothing declared that the addon does not export. The
// interface's keys are read from the TypeScript source with the compiler
// API, not from a list kept by hand; the addon is the one src/native.ts
// loads (a local build, the prebuilt one or $HPY_NODE_ADDON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { addonFile, native } from '../../src/native';

const ROOT = resolve(__dirname, '..', '..');
const NATIVE_TS = join(ROOT, 'src', 'native.ts');

interface Member {
  name: string;
  /** A method signature, or a property whose type is a function type. */
  callable: boolean;
  /** The local interface a property's type names, if any (a sub-object). */
  typeName?: string;
}

function interfacesOf(file: string): Map<string, Member[]> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out = new Map<string, Member[]>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const members: Member[] = [];
    for (const m of node.members) {
      if (!m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) continue;
      const name = m.name.text;
      if (members.some((x) => x.name === name)) continue; // an overload
      if (ts.isMethodSignature(m)) members.push({ name, callable: true });
      else if (ts.isPropertySignature(m)) {
        const type = m.type;
        const callable = type !== undefined && ts.isFunctionTypeNode(type);
        const typeName = type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) ? type.typeName.text : undefined;
        members.push({ name, callable, typeName });
      }
    }
    out.set(node.name.text, members);
  });
  return out;
}

const interfaces = interfacesOf(NATIVE_TS);

/** Compares one object of the addon with one interface, and the sub-objects
 * whose type is another interface of src/native.ts. */
function compare(value: object, iface: string, where: string): string[] {
  const members = interfaces.get(iface);
  if (!members) return [`${where}: src/native.ts declares no interface ${iface}`];
  const problems: string[] = [];
  const exported = Object.getOwnPropertyNames(value).sort();
  const declared = members.map((m) => m.name).sort();
  for (const k of exported) if (!declared.includes(k)) problems.push(`${where}.${k} is exported by the addon but not declared in ${iface}`);
  for (const m of members) {
    if (!exported.includes(m.name)) {
      problems.push(`${where}.${m.name} is declared in ${iface} but the addon does not export it`);
      continue;
    }
    const v = (value as Record<string, unknown>)[m.name];
    if (m.callable && typeof v !== 'function') problems.push(`${where}.${m.name} is a method of ${iface} but the addon's is a ${typeof v}`);
    if (m.typeName && interfaces.has(m.typeName) && v !== null && typeof v === 'object') problems.push(...compare(v, m.typeName, `${where}.${m.name}`));
  }
  return problems;
}

test('src/native.ts declares NativeBinding with methods (the compiler API reads it)', () => {
  const members = interfaces.get('NativeBinding');
  assert.ok(members, 'no interface NativeBinding in src/native.ts');
  // A parse that found nothing would make the comparison below vacuous.
  assert.ok(members.length >= 10, `only ${members.length} members read from NativeBinding`);
  assert.ok(members.some((m) => m.name === 'loadModule' && m.callable));
});

test('the addon exports exactly the keys of NativeBinding, each a function where the interface has a method', () => {
  const problems = compare(native, 'NativeBinding', 'addon');
  assert.deepEqual(problems, [], `${addonFile} and src/native.ts's NativeBinding differ:\n${problems.join('\n')}`);
});

test('the comparison reports both directions', () => {
  const fake: Record<string, unknown> = Object.fromEntries(Object.getOwnPropertyNames(native).map((k) => [k, (native as unknown as Record<string, unknown>)[k]]));
  delete fake.loadModule;
  fake.notInTheInterface = () => 0;
  fake.traceClockName = 42;
  const problems = compare(fake, 'NativeBinding', 'addon');
  assert.ok(problems.some((p) => p.includes('addon.loadModule is declared in NativeBinding but the addon does not export it')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('addon.notInTheInterface is exported by the addon but not declared')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('addon.traceClockName is a method of NativeBinding but the addon\'s is a number')), problems.join('\n'));
});
