#pragma once
// The type slots JavaScript can call (Symbol.for('hpy.<name>') methods of a
// class's prototype) with their C signatures, from native/api/type-slots.tsv.
#include "hpy.h"

struct SlotInfo {
  int slot;          // HPySlot_Slot
  const char *name;  // "nb_add"
  HPyFunc_Signature sig;
};

/* The slot `slot` if JavaScript can call it, else null (tp_traverse,
 * tp_finalize, the buffer slots, module slots, unknown numbers). */
const SlotInfo *hpy_slot_info(int slot);
/* The name of every slot HPy 0.9.0 numbers ("nb_add", "tp_destroy",
 * "bf_getbuffer", "mod_exec"), else null: trace mode's profile names entries
 * by it. */
const char *hpy_slot_name(int slot);
