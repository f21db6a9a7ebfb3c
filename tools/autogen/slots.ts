// The type and module slots: native/api/type-slots.tsv (slot, number,
// signature, operator, JavaScript name; an empty operator or name: none),
// parsed and checked. Every list of
// slots in the code is generated from it (gen-type-slots.ts), as HPy's
// autogen/hpyslot.py does from public_api.h.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_DIR, CtxFunction } from './api';

export interface TypeSlot {
  /** `nb_add`: HPy_nb_add without the prefix. */
  name: string;
  /** HPy 0.9.0's number (HPySlot_Slot). */
  number: number;
  /** `HPyFunc_BINARYFUNC` */
  signature: string;
  /** The operator error messages name (`+`), or null. */
  operator: string | null;
  /** The Symbol.for key of the prototype method JavaScript calls
   * (`hpy.nb_add`), or null when JavaScript cannot call the slot. */
  jsName: string | null;
}

/** Type slots JavaScript can call are below this number (TypeRecord::slots). */
export const TYPE_SLOT_LIMIT = 82;

// Signatures hpy-node calls slots with (core/extension_call.cc), and the two
// that only HPy's own machinery calls (module creation, traversal).
const SIGNATURES = new Set([
  'HPyFunc_UNARYFUNC', 'HPyFunc_BINARYFUNC', 'HPyFunc_TERNARYFUNC', 'HPyFunc_INQUIRY', 'HPyFunc_LENFUNC',
  'HPyFunc_SSIZEARGFUNC', 'HPyFunc_SSIZEOBJARGPROC', 'HPyFunc_OBJOBJARGPROC', 'HPyFunc_REPRFUNC', 'HPyFunc_HASHFUNC',
  'HPyFunc_RICHCMPFUNC', 'HPyFunc_INITPROC', 'HPyFunc_NEWFUNC', 'HPyFunc_KEYWORDS', 'HPyFunc_OBJOBJPROC',
  'HPyFunc_DESTRUCTOR', 'HPyFunc_DESTROYFUNC', 'HPyFunc_GETBUFFERPROC', 'HPyFunc_RELEASEBUFFERPROC',
  'HPyFunc_TRAVERSEPROC', 'HPyFunc_MOD_CREATE',
]);

export function loadSlots(dir: string = API_DIR): TypeSlot[] {
  const lines = readFileSync(join(dir, 'type-slots.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const header = lines[0].split('\t').join(',');
  if (header !== 'slot,number,signature,operator,js_name') throw new Error(`type-slots.tsv: unexpected columns ${header}`);
  const slots = lines.slice(1).map((l) => {
    const [name, number, signature, operator, jsName] = l.split('\t');
    return { name, number: Number(number), signature, operator: operator || null, jsName: jsName || null };
  });
  checkSlots(slots);
  return slots;
}

function checkSlots(slots: TypeSlot[]): void {
  const names = new Set<string>();
  const numbers = new Map<number, string>();
  for (const s of slots) {
    if (!/^(bf|mp|nb|sq|tp|mod)_[a-z_]+$/.test(s.name)) throw new Error(`type-slots.tsv: '${s.name}' is not a slot name (bf_, mp_, nb_, sq_, tp_, mod_)`);
    if (names.has(s.name)) throw new Error(`type-slots.tsv: ${s.name} appears twice`);
    if (!Number.isInteger(s.number) || s.number <= 0) throw new Error(`type-slots.tsv: ${s.name}: the number must be a positive integer`);
    const other = numbers.get(s.number);
    if (other) throw new Error(`type-slots.tsv: number ${s.number} is used by both ${other} and ${s.name}`);
    if (!SIGNATURES.has(s.signature)) throw new Error(`type-slots.tsv: ${s.name}: unknown signature '${s.signature}'`);
    if (s.operator && !s.name.startsWith('nb_')) throw new Error(`type-slots.tsv: ${s.name}: only number slots have an operator`);
    if (s.jsName !== null) {
      if (s.jsName !== `hpy.${s.name}`) throw new Error(`type-slots.tsv: ${s.name}: the JavaScript name must be hpy.${s.name} or empty`);
      if (s.number >= TYPE_SLOT_LIMIT) throw new Error(`type-slots.tsv: ${s.name}: JavaScript can only call slots numbered below ${TYPE_SLOT_LIMIT}`);
    }
    names.add(s.name);
    numbers.set(s.number, s.name);
  }
}

/** `nb_true_divide` -> `TrueDivide`: the name of the context function that
 * applies the slot's operator (HPy_TrueDivide). */
export function operationName(slot: TypeSlot): string {
  return slot.name.replace(/^nb_/, '').split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The binary operators the universal context computes natively
 * (number_protocol.cc): number slots with an operator, a BINARYFUNC
 * signature and an in-place twin, whose context function is native. */
export function nativeBinaryOperators(slots: TypeSlot[], functions: CtxFunction[]): TypeSlot[] {
  const byName = new Map(slots.map((s) => [s.name, s]));
  const native = new Set(functions.filter((f) => f.provider.kind === 'native').map((f) => f.shortName));
  return slots.filter(
    (s) => s.operator && s.signature === 'HPyFunc_BINARYFUNC' && byName.has(s.name.replace(/^nb_/, 'nb_inplace_')) && native.has(operationName(s)),
  );
}
