// The property list of a class made by HPyType_FromSpec, from its spec's
// defines: methods, members and getsets by name, slot functions by their
// registry symbols (Symbol.for('hpy.nb_add'), ...) and by the natural
// JavaScript names where there is one: toString (tp_str, else tp_repr),
// util.inspect.custom (tp_repr), valueOf (nb_float, else nb_int, else
// nb_index). HPy 0.9.0 has no tp_iter/tp_iternext slots: an iterable type
// defines a method.
#include <cstring>
#include <string>
#include "callbacks.h"
#include "slot_table.h"

bool hpy_type_describe(ThreadState *ts, TypeRecord *rec, const HPyType_Spec *spec, std::vector<napi_property_descriptor> *props,
                       std::vector<napi_ref> *keep) {
  napi_env env = ts->env;
  auto def_record = [&](const HPyDef *def, int slot) {
    rec->defs.push_back(std::unique_ptr<TypeDefRecord>(new TypeDefRecord{rec, def, slot}));
    return rec->defs.back().get();
  };
  // Trace mode's profile entries: "<spec name>.<what>" (null in other modes).
  auto entry = [&](const std::string &what) { return hpy_extension_entry(rec->ctx, rec->name.c_str(), what); };
  const auto attrs = napi_property_attributes(napi_writable | napi_configurable);
  // Methods and slot functions are functions made through the engine's
  // trampoline (engine.h), so their calls skip Node-API's callback wrapper;
  // `key` names the property when `name` is null.
  auto method_value = [&](const char *name, const char *fn_name, EngineCallback cb, TypeDefRecord *d, napi_value key = nullptr) {
    // The record goes with the class (hpy_engine_class_hold_members); a
    // definition gives one callback, whichever names it gets.
    if (d->fn.callback && d->fn.callback != cb) {
      hpy_err_raise(ts, hpy_h::SystemError, "HPyType_FromSpec(%s): one definition made two kinds of function", rec->name.c_str());
      return false;
    }
    d->fn = EngineFunction{env, cb, d};
    napi_value fn = hpy_engine_function_in(env, fn_name, &d->fn);
    if (!fn) return hpy_err_napi(ts, napi_pending_exception, "HPyType_FromSpec: making a method");
    props->push_back({name, key, nullptr, nullptr, nullptr, fn, attrs, nullptr});
    return true;
  };
  std::vector<const HPyDef *> own_slots;
  for (HPyDef **p = spec->defines; p && *p; p++) {
    const HPyDef *def = *p;
    switch (def->kind) {
      case HPyDef_Kind_Meth:
        if (!def->meth.name || !def->meth.impl) {
          hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): a method without a name or an impl", rec->name.c_str());
          return false;
        }
        if (TypeDefRecord *d = def_record(def, 0)) {
          d->entry = entry(def->meth.name);
          if (!method_value(def->meth.name, def->meth.name, hpy_type_method_engine, d)) return false;
        }
        break;
      case HPyDef_Kind_Member:
        if (!hpy_member_fits(ts, rec, def->member)) return false;
        if (def->member.name && strcmp(def->member.name, "__vectorcalloffset__") == 0)
          rec->vectorcall_offset = def->member.offset;
        props->push_back({def->member.name, nullptr, nullptr, hpy_type_member_get, hpy_type_member_set, nullptr,
                          napi_configurable, def_record(def, 0)});
        break;
      case HPyDef_Kind_GetSet: {
        TypeDefRecord *d = def_record(def, 0);
        if (def->getset.getter_impl) d->entry = entry(std::string(def->getset.name) + ".get");
        if (def->getset.setter_impl) d->set_entry = entry(std::string(def->getset.name) + ".set");
        props->push_back({def->getset.name, nullptr, nullptr, def->getset.getter_impl ? hpy_type_getset_get : nullptr,
                          hpy_type_getset_set, nullptr, napi_configurable, d});
        break;
      }
      case HPyDef_Kind_Slot: {
        int n = int(def->slot.slot);
        if (n == HPy_tp_destroy) {
          rec->destroy = def->slot.impl;
          rec->destroy_entry = entry("tp_destroy");
        } else if (n >= 0 && n < 82 && n != HPy_mod_create && n != HPy_mod_exec) {
          rec->slots[n] = def->slot.impl;
          const char *slot_name = hpy_slot_name(n);
          rec->slot_entries[n] = entry(slot_name ? slot_name : "slot" + std::to_string(n));
          own_slots.push_back(def);
        } else {
          hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): slot %d is not a type slot", rec->name.c_str(), n);
          return false;
        }
        break;
      }
      default:
        hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): a define of unknown kind %d", rec->name.c_str(),
                      int(def->kind));
        return false;
    }
  }
  if (rec->slots[HPy_tp_call] && spec->itemsize > 0) {
    hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): HPy_tp_call cannot be combined with a non-zero itemsize",
                  rec->name.c_str());
    return false;
  }
  bool own_call = false;
  for (const HPyDef *def : own_slots) own_call = own_call || def->slot.slot == HPy_tp_call;
  if (own_call && rec->vectorcall_offset >= 0) {
    hpy_err_raise(ts, hpy_h::TypeError, "HPyType_FromSpec(%s): define HPy_tp_call or a __vectorcalloffset__ member, not both",
                  rec->name.c_str());
    return false;
  }
  // Slot functions: the symbol of each, then the JavaScript names.
  auto add_symbol_method = [&](napi_value key, const char *fn_name, TypeDefRecord *d) {
    napi_ref r;
    napi_create_reference(env, key, 1, &r);  // keeps key alive until the class exists
    keep->push_back(r);
    return method_value(nullptr, fn_name, hpy_type_slot_engine, d, key);
  };
  auto named = [&](const char *name, TypeDefRecord *d) { return method_value(name, name, hpy_type_slot_engine, d); };
  bool has_str = rec->slots[HPy_tp_str] != nullptr;
  int value_of = rec->slots[HPy_nb_float]   ? HPy_nb_float
                 : rec->slots[HPy_nb_int]   ? HPy_nb_int
                 : rec->slots[HPy_nb_index] ? HPy_nb_index
                                            : -1;
  if (rec->slots[HPy_tp_call] || rec->vectorcall_offset >= 0) rec->call_function_entry = entry("call_function");
  if (rec->vectorcall_offset >= 0 && !own_call) {
    // Instances call what HPy_SetCallFunction stored in them.
    napi_value sym = hpy_symbol_for(ts, "hpy.tp_call");
    if (!sym) return false;
    if (!add_symbol_method(sym, "tp_call", def_record(nullptr, HPy_tp_call))) return false;
  }
  for (const HPyDef *def : own_slots) {
    int n = int(def->slot.slot);
    const SlotInfo *s = hpy_slot_info(n);
    if (!s) continue;  // tp_traverse, tp_finalize, buffers: nothing for JavaScript
    TypeDefRecord *d = def_record(def, n);
    std::string key = std::string("hpy.") + s->name;
    napi_value sym = hpy_symbol_for(ts, key.c_str());
    if (!sym) return false;
    if (!add_symbol_method(sym, s->name, d)) return false;
    if (n == HPy_tp_repr) {
      napi_value custom = hpy_symbol_for(ts, "nodejs.util.inspect.custom");
      if (!custom || !add_symbol_method(custom, s->name, d)) return false;
      if (!has_str && !named("toString", d)) return false;
    } else if ((n == HPy_tp_str && !named("toString", d)) || (n == value_of && !named("valueOf", d))) {
      return false;
    }
  }
  return true;
}
