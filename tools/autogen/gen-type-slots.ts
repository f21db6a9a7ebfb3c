// Every list of slots, from native/api/type-slots.tsv: hpydef.h's enum and
// signature macros, the table of slots JavaScript calls, the number
// protocol's operators and the TypeScript helpers' operator names.
import { CtxFunction } from './api';
import { Generator, banner } from './banner';
import { TYPE_SLOT_LIMIT, TypeSlot, nativeBinaryOperators, operationName } from './slots';

const SOURCE = 'native/api/type-slots.tsv';
const cBanner = (): string => banner('gen-type-slots.ts', SOURCE, '/*', ' */');
const cString = (s: string): string => JSON.stringify(s);

/** native/include/hpy/autogen_hpyslot.h: HPySlot_Slot and HPySlot_SIG. */
export function hpySlotHeader(slots: TypeSlot[]): Generator {
  return {
    path: 'native/include/hpy/autogen_hpyslot.h',
    generate() {
      return `${cBanner()}
#ifndef HPY_AUTOGEN_HPYSLOT_H
#define HPY_AUTOGEN_HPYSLOT_H

/* Slot numbers, as HPy 0.9.0 numbers them. */
typedef enum {
${slots.map((s) => `    HPy_${s.name} = ${s.number},`).join('\n')}
} HPySlot_Slot;

/* The signature of each slot, as HPy 0.9.0 declares it. */
${slots.map((s) => `#define _HPySlot_SIG__HPy_${s.name} ${s.signature}`).join('\n')}
#define HPySlot_SIG(SLOT) _HPySlot_SIG__##SLOT

#endif
`;
    },
  };
}

/** The slots JavaScript calls, indexed by number (slot_table.h). */
export function slotTable(slots: TypeSlot[]): Generator {
  return {
    path: 'native/src/universal/types/autogen_slot_table.cc',
    generate() {
      const callable = slots.filter((s) => s.jsName !== null);
      return `${cBanner()}
#include "slot_table.h"

namespace {

const SlotInfo kSlots[] = {
${callable.map((s) => `    {HPy_${s.name}, ${cString(s.name)}, ${s.signature}},`).join('\n')}
};

// By number, so a slot call finds its entry with one load.
const SlotInfo *const kByNumber[${TYPE_SLOT_LIMIT}] = {
${Array.from({ length: TYPE_SLOT_LIMIT }, (_, n) => {
  const i = callable.findIndex((s) => s.number === n);
  return `    ${i < 0 ? 'nullptr' : `&kSlots[${i}]`},`;
}).join('\n')}
};

}  // namespace

const SlotInfo *hpy_slot_info(int slot) { return slot >= 0 && slot < ${TYPE_SLOT_LIMIT} ? kByNumber[slot] : nullptr; }

const char *hpy_slot_name(int slot) {
  switch (slot) {
${slots.map((s) => `    case HPy_${s.name}: return ${cString(s.name)};`).join('\n')}
    default: return nullptr;
  }
}
`;
    },
  };
}

/** The binary operators number_protocol.cc computes natively, as an
 * X-macro: X(Name, slot, in-place slot, "operator"). */
export function numberOperators(slots: TypeSlot[], functions: CtxFunction[]): Generator {
  return {
    path: 'native/src/universal/autogen_number_operators.h',
    generate() {
      const rows = nativeBinaryOperators(slots, functions).map(
        (s) => `  X(${operationName(s)}, ${s.name}, ${s.name.replace(/^nb_/, 'nb_inplace_')}, ${cString(s.operator ?? '')})`,
      );
      return `${cBanner()}
#pragma once

#define HPY_NATIVE_BINARY_OPERATORS(X) \\
${rows.join(' \\\n')}
`;
    },
  };
}

/** src/generated/type-slots.ts: the operator of each number slot, for the
 * helpers' error messages (src/universal/helpers/type_slots.ts). */
export function tsSlotOperators(slots: TypeSlot[]): Generator {
  return {
    path: 'src/generated/type-slots.ts',
    generate() {
      const ops = slots.filter((s) => s.operator);
      return `${banner('gen-type-slots.ts', SOURCE, '/*', ' */')}
/** The operator a number slot stands for, in error messages. */
export const SLOT_OPERATORS: Readonly<Record<string, string>> = {
${ops.map((s) => `  ${s.name}: ${JSON.stringify(s.operator)},`).join('\n')}
};
`;
    },
  };
}
