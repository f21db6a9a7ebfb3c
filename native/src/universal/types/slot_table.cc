#include "slot_table.h"

namespace {

const SlotInfo kSlots[] = {
    {HPy_mp_ass_subscript, "mp_ass_subscript", HPyFunc_OBJOBJARGPROC},
    {HPy_mp_length, "mp_length", HPyFunc_LENFUNC},
    {HPy_mp_subscript, "mp_subscript", HPyFunc_BINARYFUNC},
    {HPy_nb_absolute, "nb_absolute", HPyFunc_UNARYFUNC},
    {HPy_nb_add, "nb_add", HPyFunc_BINARYFUNC},
    {HPy_nb_and, "nb_and", HPyFunc_BINARYFUNC},
    {HPy_nb_bool, "nb_bool", HPyFunc_INQUIRY},
    {HPy_nb_divmod, "nb_divmod", HPyFunc_BINARYFUNC},
    {HPy_nb_float, "nb_float", HPyFunc_UNARYFUNC},
    {HPy_nb_floor_divide, "nb_floor_divide", HPyFunc_BINARYFUNC},
    {HPy_nb_index, "nb_index", HPyFunc_UNARYFUNC},
    {HPy_nb_inplace_add, "nb_inplace_add", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_and, "nb_inplace_and", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_floor_divide, "nb_inplace_floor_divide", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_lshift, "nb_inplace_lshift", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_multiply, "nb_inplace_multiply", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_or, "nb_inplace_or", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_power, "nb_inplace_power", HPyFunc_TERNARYFUNC},
    {HPy_nb_inplace_remainder, "nb_inplace_remainder", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_rshift, "nb_inplace_rshift", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_subtract, "nb_inplace_subtract", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_true_divide, "nb_inplace_true_divide", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_xor, "nb_inplace_xor", HPyFunc_BINARYFUNC},
    {HPy_nb_int, "nb_int", HPyFunc_UNARYFUNC},
    {HPy_nb_invert, "nb_invert", HPyFunc_UNARYFUNC},
    {HPy_nb_lshift, "nb_lshift", HPyFunc_BINARYFUNC},
    {HPy_nb_multiply, "nb_multiply", HPyFunc_BINARYFUNC},
    {HPy_nb_negative, "nb_negative", HPyFunc_UNARYFUNC},
    {HPy_nb_or, "nb_or", HPyFunc_BINARYFUNC},
    {HPy_nb_positive, "nb_positive", HPyFunc_UNARYFUNC},
    {HPy_nb_power, "nb_power", HPyFunc_TERNARYFUNC},
    {HPy_nb_remainder, "nb_remainder", HPyFunc_BINARYFUNC},
    {HPy_nb_rshift, "nb_rshift", HPyFunc_BINARYFUNC},
    {HPy_nb_subtract, "nb_subtract", HPyFunc_BINARYFUNC},
    {HPy_nb_true_divide, "nb_true_divide", HPyFunc_BINARYFUNC},
    {HPy_nb_xor, "nb_xor", HPyFunc_BINARYFUNC},
    {HPy_nb_matrix_multiply, "nb_matrix_multiply", HPyFunc_BINARYFUNC},
    {HPy_nb_inplace_matrix_multiply, "nb_inplace_matrix_multiply", HPyFunc_BINARYFUNC},
    {HPy_sq_ass_item, "sq_ass_item", HPyFunc_SSIZEOBJARGPROC},
    {HPy_sq_concat, "sq_concat", HPyFunc_BINARYFUNC},
    {HPy_sq_contains, "sq_contains", HPyFunc_OBJOBJPROC},
    {HPy_sq_inplace_concat, "sq_inplace_concat", HPyFunc_BINARYFUNC},
    {HPy_sq_inplace_repeat, "sq_inplace_repeat", HPyFunc_SSIZEARGFUNC},
    {HPy_sq_item, "sq_item", HPyFunc_SSIZEARGFUNC},
    {HPy_sq_length, "sq_length", HPyFunc_LENFUNC},
    {HPy_sq_repeat, "sq_repeat", HPyFunc_SSIZEARGFUNC},
    {HPy_tp_call, "tp_call", HPyFunc_KEYWORDS},
    {HPy_tp_hash, "tp_hash", HPyFunc_HASHFUNC},
    {HPy_tp_repr, "tp_repr", HPyFunc_REPRFUNC},
    {HPy_tp_richcompare, "tp_richcompare", HPyFunc_RICHCMPFUNC},
    {HPy_tp_str, "tp_str", HPyFunc_REPRFUNC},
};

}  // namespace

const SlotInfo *hpy_slot_info(int slot) {
  // By slot number (all below 82), built once: slot calls look it up each time.
  static const auto *by_slot = [] {
    static const SlotInfo *table[82] = {};
    for (const SlotInfo &s : kSlots) table[s.slot] = &s;
    return table;
  }();
  return slot >= 0 && slot < 82 ? by_slot[slot] : nullptr;
}
