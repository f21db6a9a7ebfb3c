// Every HPyDef is checked when the module loads, and the module object is a
// frozen set of own, read-only methods: a malformed definition or a method
// name that would break the object refuses the load with an error naming the
// definition, instead of a crash or a module that misbehaves later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from '../../src/index';
import { buildExtension } from '../../src/cli/build';
import { get_call_counts } from '../../src/trace/index';
import { TMP_DIR } from '../support/make-module';
import { childJson, runChild, SRC_INDEX } from '../fixtures/reliability-native-child';

// A module `name` whose defines are a good NOARGS method "ok" followed by the
// definitions given as C initializers (each an HPyDef).
function moduleWith(name: string, defs: string[]): string {
  const dir = join(TMP_DIR, 'reliability-defs');
  mkdirSync(dir, { recursive: true });
  const c = join(dir, `${name}.c`);
  writeFileSync(
    c,
    `#include "hpy.h"
static HPy ok_impl(HPyContext *ctx, HPy self) { return HPyLong_FromInt64_t(ctx, 1); }
static HPyDef ok = { .kind = HPyDef_Kind_Meth, .meth = { .name = "ok", .impl = (HPyCFunction)ok_impl, .signature = HPyFunc_NOARGS } };
${defs.map((d, i) => `static HPyDef d${i} = ${d};`).join('\n')}
static HPyDef *defines[] = { &ok, ${defs.map((_, i) => `&d${i}, `).join('')}NULL };
static HPyModuleDef moduledef = { .doc = "${name}", .defines = defines };
HPy_MODINIT(${name}, moduledef)
`,
  );
  return buildExtension(c, { output: join(dir, `${name}.hpy.so`) });
}

const meth = (name: string, fields = '.impl = (HPyCFunction)ok_impl, .signature = HPyFunc_NOARGS') =>
  `{ .kind = HPyDef_Kind_Meth, .meth = { .name = ${name}, ${fields} } }`;

// Loads each module in a child process (a malformed definition could crash)
// and calls its method `call` if it loads; returns the error message, or
// 'loaded' / 'called'.
function loadEach(cases: Record<string, { path: string; call?: string }>): Record<string, string> {
  const script = `
const { load } = require(${JSON.stringify(SRC_INDEX)});
const out = {};
for (const [key, { path, call }] of Object.entries(${JSON.stringify(cases)})) {
  let m;
  try { m = load(path); out[key] = 'loaded'; } catch (e) { out[key] = e.message; continue; }
  if (call) { try { m[call](); out[key] = 'called'; } catch (e) { out[key] = 'loaded; call failed: ' + e.message; } }
}
console.log(JSON.stringify(out));`;
  return childJson<Record<string, string>>(runChild(script));
}

test('malformed method definitions refuse the load, naming the definition and what is wrong', () => {
  const out = loadEach({
    nullName: { path: moduleWith('rdef_nullname', [meth('NULL')]) },
    nullImpl: { path: moduleWith('rdef_nullimpl', [meth('"f"', '.impl = NULL, .signature = HPyFunc_NOARGS')]), call: 'f' },
    badSig: { path: moduleWith('rdef_badsig', [meth('"f"', '.impl = (HPyCFunction)ok_impl, .signature = (HPyFunc_Signature)99')]), call: 'f' },
    badKind: { path: moduleWith('rdef_badkind', ['{ .kind = (HPyDef_Kind)7 }']) },
    slot: { path: moduleWith('rdef_slot', ['{ .kind = HPyDef_Kind_Slot }']) },
    badUtf8: { path: moduleWith('rdef_badutf8', [meth('"caf\\xe9"')]) },
  });
  const where = (name: string) => `cannot load .*${name}\\.hpy\\.so: its HPyModuleDef\\.defines\\[1\\]`;
  assert.match(out.nullName, new RegExp(`${where('rdef_nullname')} \\(a method\\) has \\.name = NULL: give every HPyDef_METH a name`));
  assert.match(out.nullImpl, new RegExp(`${where('rdef_nullimpl')} \\(method 'f'\\) has \\.impl = NULL: .*HPyDef_METH`));
  assert.match(out.badSig, new RegExp(`${where('rdef_badsig')} \\(method 'f'\\) has \\.signature = 99, which is not a signature a module method can have: use HPyFunc_NOARGS, HPyFunc_O, HPyFunc_VARARGS or HPyFunc_KEYWORDS`));
  assert.match(out.badKind, new RegExp(`${where('rdef_badkind')} has \\.kind = 7, which is not an HPyDef_Kind`));
  assert.match(out.slot, new RegExp(`${where('rdef_slot')} is an HPyDef_SLOT for slot 0, which a module cannot have: modules take HPy_mod_create and HPy_mod_exec only`));
  assert.match(out.badUtf8, new RegExp(`${where('rdef_badutf8')} \\(a method\\) has a \\.name that is not valid UTF-8 \\("caf\\\\xe9"\\)`));
});

test('method names that would break the module object refuse the load', () => {
  const out = loadEach({
    proto: { path: moduleWith('rdef_proto', [meth('"__proto__"')]) },
    then: { path: moduleWith('rdef_then', [meth('"then"')]) },
    doc: { path: moduleWith('rdef_docname', [meth('"doc"')]) },
    esModule: { path: moduleWith('rdef_esmodule', [meth('"__esModule"')]) },
    duplicate: { path: moduleWith('rdef_dup', [meth('"f"'), meth('"g"'), meth('"f"')]) },
  });
  const where = (name: string, i = 1) => `cannot load .*${name}\\.hpy\\.so: its HPyModuleDef\\.defines\\[${i}\\]`;
  assert.match(out.proto, new RegExp(`${where('rdef_proto')} \\(method '__proto__'\\) .*__proto__.*prototype.*\\. Rename the method\\.`));
  assert.match(out.then, new RegExp(`${where('rdef_then')} \\(method 'then'\\) .*thenable.*await.*\\. Rename the method\\.`));
  assert.match(out.doc, new RegExp(`${where('rdef_docname')} \\(method 'doc'\\) .*the module's doc string.*\\. Rename the method\\.`));
  assert.match(out.esModule, new RegExp(`${where('rdef_esmodule')} \\(method '__esModule'\\) .*\\. Rename the method\\.`));
  assert.match(out.duplicate, new RegExp(`${where('rdef_dup', 3)} \\(method 'f'\\) has the same name as defines\\[1\\]: rename one of them`));
});

test('the module object is frozen: its methods and doc are own, read-only properties', async () => {
  const path = moduleWith('rdef_frozen', [meth('"toString"'), meth('"f"')]);
  const m = load(path, { mode: 'trace' }) as Record<string, unknown> & { doc: string; f: () => number };
  assert.ok(Object.isFrozen(m));
  assert.equal(Object.getPrototypeOf(m), Object.prototype);
  assert.deepEqual(Object.keys(m), ['doc', 'ok', 'toString', 'f']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(m, 'f'), { value: m.f, writable: false, enumerable: true, configurable: false });
  assert.deepEqual(Object.getOwnPropertyDescriptor(m, 'doc'), { value: 'rdef_frozen', writable: false, enumerable: true, configurable: false });
  assert.throws(() => { m.f = null as never; }, TypeError);
  assert.throws(() => { (m as Record<string, unknown>).extra = 1; }, TypeError);
  assert.throws(() => { delete (m as Record<string, unknown>).f; }, TypeError);
  assert.equal(m.f(), 1);
  // Each function is frozen too, with its doc; the module is no thenable.
  assert.ok(Object.isFrozen(m.f));
  assert.equal(await Promise.resolve(m), m);
  // load() still returns the same object, and the trace API still finds it.
  assert.equal(load(path, { mode: 'trace' }), m);
  assert.equal(get_call_counts({ module: m }).ctx_Long_FromInt64_t, 1);
});

test('an extension that sets an attribute on its own module gets AttributeError, not a silent no-op', () => {
  const dir = join(TMP_DIR, 'reliability-defs');
  mkdirSync(dir, { recursive: true });
  const c = join(dir, 'rdef_setself.c');
  writeFileSync(
    c,
    `#include "hpy.h"
HPyDef_METH(set, "set", HPyFunc_NOARGS)
static HPy set_impl(HPyContext *ctx, HPy self) {
    if (HPy_SetAttr_s(ctx, self, "set", ctx->h_None) < 0) return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}
static HPyDef *defines[] = { &set, NULL };
static HPyModuleDef moduledef = { .doc = "x", .defines = defines };
HPy_MODINIT(rdef_setself, moduledef)
`,
  );
  const m = load(buildExtension(c, { output: join(dir, 'rdef_setself.hpy.so') })) as unknown as { set: () => void };
  assert.throws(() => m.set(), { name: 'AttributeError', message: /cannot set attribute 'set'.*read-only or frozen/ });
  assert.equal(typeof m.set, 'function');
});
