// HPyType_FromSpec checks the type's definitions before it uses any of them,
// as load() checks a module's: a slot whose impl is NULL, a method whose
// signature is not one of the four, a getset without a name crashed (at the
// call, or inside FromSpec), and unknown slot numbers were ignored. Each is a
// TypeError naming the type and the entry; HPy_TPFLAGS_HAVE_GC without
// HPy_tp_traverse is HPy's ValueError. Runs in a child process: before the
// checks these crashed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModule } from '../support/make-module';
import { childJson, runChild, SRC_INDEX } from '../fixtures/reliability-native-child';

// Each case: the C initializers of the type's defines (besides a good
// method "ok" first), and its flags.
const CASES: Record<string, { defs: string[]; flags?: string; call?: string }> = {
  slotNullImpl: { defs: ['{ .kind = HPyDef_Kind_Slot, .slot = { .slot = HPy_tp_repr, .impl = NULL } }'] },
  slot0: { defs: ['{ .kind = HPyDef_Kind_Slot, .slot = { .slot = (HPySlot_Slot)0, .impl = (HPyCFunction)ok_impl } }'] },
  slot47: { defs: ['{ .kind = HPyDef_Kind_Slot, .slot = { .slot = (HPySlot_Slot)47, .impl = (HPyCFunction)ok_impl } }'] },
  slot81: { defs: ['{ .kind = HPyDef_Kind_Slot, .slot = { .slot = (HPySlot_Slot)81, .impl = (HPyCFunction)ok_impl } }'] },
  modExec: { defs: ['{ .kind = HPyDef_Kind_Slot, .slot = { .slot = HPy_mod_exec, .impl = (HPyCFunction)ok_impl } }'] },
  methBadSig: { defs: ['{ .kind = HPyDef_Kind_Meth, .meth = { .name = "f", .impl = (HPyCFunction)ok_impl, .signature = (HPyFunc_Signature)99 } }'], call: 'f' },
  methSlotSig: { defs: ['{ .kind = HPyDef_Kind_Meth, .meth = { .name = "f", .impl = (HPyCFunction)ok_impl, .signature = HPyFunc_BINARYFUNC } }'], call: 'f' },
  methNullImpl: { defs: ['{ .kind = HPyDef_Kind_Meth, .meth = { .name = "f", .impl = NULL, .signature = HPyFunc_NOARGS } }'] },
  methNullName: { defs: ['{ .kind = HPyDef_Kind_Meth, .meth = { .name = NULL, .impl = (HPyCFunction)ok_impl, .signature = HPyFunc_NOARGS } }'] },
  getsetNoName: { defs: ['{ .kind = HPyDef_Kind_GetSet, .getset = { .name = NULL, .getter_impl = (HPyCFunction)get_impl } }'] },
  memberNoName: { defs: ['{ .kind = HPyDef_Kind_Member, .member = { .name = NULL, .type = HPyMember_INT, .offset = 0 } }'] },
  badKind: { defs: ['{ .kind = (HPyDef_Kind)9 }'] },
  gcNoTraverse: { defs: [], flags: 'HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC' },
  fine: { defs: ['{ .kind = HPyDef_Kind_GetSet, .getset = { .name = "g", .getter_impl = (HPyCFunction)get_impl } }'], call: 'ok' },
};

function source(): string {
  const types = Object.entries(CASES).map(([key, { defs, flags }]) => `
${defs.map((d, i) => `static HPyDef ${key}_d${i} = ${d};`).join('\n')}
static HPyDef *${key}_defines[] = { &ok_def, ${defs.map((_, i) => `&${key}_d${i}, `).join('')}NULL };
static HPyType_Spec ${key}_spec = { .name = "spec.${key}", .basicsize = sizeof(long) * 2, .flags = ${flags ?? 'HPy_TPFLAGS_DEFAULT'}, .defines = ${key}_defines };`);
  return `
static HPy ok_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, 1); }
static HPy get_impl(HPyContext *ctx, HPy self, void *closure) { return HPyLong_FromLong(ctx, 2); }
static HPyDef ok_def = { .kind = HPyDef_Kind_Meth, .meth = { .name = "ok", .impl = (HPyCFunction)ok_impl, .signature = HPyFunc_NOARGS } };
${types.join('\n')}
static HPyType_Spec *specs[] = { ${Object.keys(CASES).map((k) => `&${k}_spec`).join(', ')} };
/* make(i): the class HPyType_FromSpec makes from specs[i] */
HPyDef_METH(make, "make", HPyFunc_O)
static HPy make_impl(HPyContext *ctx, HPy self, HPy i) {
    return HPyType_FromSpec(ctx, specs[HPyLong_AsLong(ctx, i)], NULL);
}`;
}

test('HPyType_FromSpec refuses malformed definitions with a TypeError naming the type and the entry', () => {
  const so = buildModule(source());
  const script = `
const { load } = require(${JSON.stringify(SRC_INDEX)});
const m = load(${JSON.stringify(so)});
const out = {};
${JSON.stringify(Object.entries(CASES).map(([k, c]) => [k, c.call ?? null]))}.forEach(([key, call], i) => {
  let C;
  try { C = m.make(i); out[key] = 'made'; } catch (e) { out[key] = e.name + ': ' + e.message; return; }
  if (call) { try { new C()[call](); out[key] = 'called'; } catch (e) { out[key] = 'made; call failed: ' + e.message; } }
});
console.log(JSON.stringify(out));`;
  const out = childJson<Record<string, string>>(runChild(script));
  const t = (key: string, entry: string) => new RegExp(`^TypeError: HPyType_FromSpec: type 'spec\\.${key}': its spec->defines\\[1\\] ${entry}`);
  assert.match(out.slotNullImpl, t('slotNullImpl', "\\(slot HPy_tp_repr\\) has \\.impl = NULL: give every HPyDef_SLOT a function"));
  for (const [key, n] of [['slot0', 0], ['slot47', 47], ['slot81', 81]] as const) {
    assert.match(out[key], t(key, `is an HPyDef_SLOT for slot ${n}, which is not a type slot: use one of HPySlot_Slot's HPy_tp_\\*, HPy_nb_\\*, HPy_sq_\\*, HPy_mp_\\*, HPy_bf_\\* values`), key);
  }
  assert.match(out.modExec, t('modExec', 'is an HPyDef_SLOT for slot 2001 \\(HPy_mod_exec\\), which is a module slot, not a type slot'));
  assert.match(out.methBadSig, t('methBadSig', "\\(method 'f'\\) has \\.signature = 99, which is not a signature a method can have: use HPyFunc_NOARGS, HPyFunc_O, HPyFunc_VARARGS or HPyFunc_KEYWORDS"));
  assert.match(out.methSlotSig, t('methSlotSig', "\\(method 'f'\\) has \\.signature = \\d+, which is not a signature a method can have"));
  assert.match(out.methNullImpl, t('methNullImpl', "\\(method 'f'\\) has \\.impl = NULL"));
  assert.match(out.methNullName, t('methNullName', '\\(a method\\) has \\.name = NULL'));
  assert.match(out.getsetNoName, t('getsetNoName', '\\(a getset\\) has \\.name = NULL'));
  assert.match(out.memberNoName, t('memberNoName', '\\(a member\\) has \\.name = NULL'));
  assert.match(out.badKind, t('badKind', 'has \\.kind = 9, which is not an HPyDef_Kind'));
  assert.match(out.gcNoTraverse, /^ValueError: HPyType_FromSpec: type 'spec\.gcNoTraverse' has HPy_TPFLAGS_HAVE_GC but no HPy_tp_traverse slot: you must provide an HPy_tp_traverse slot if you specify HPy_TPFLAGS_HAVE_GC/);
  assert.equal(out.fine, 'called');
});
