// HPy_tp_traverse. V8 never needs it: field values are properties of their
// owner (fields.cc), so the collector sees them. CPython does, and an HPy
// extension must visit every field it stores or leak cycles there. hpy-node
// uses it to clear the fields tp_finalize would read (type_finalize.cc) and,
// in debug mode only, to report stores tp_traverse would miss.
#include <vector>
#include "type_lifecycle.h"

namespace {
struct FieldSearch {
  const HPyField *target;
  bool found;
};

int find_field(HPyField *f, void *arg) {
  auto *s = static_cast<FieldSearch *>(arg);
  if (f == s->target) s->found = true;
  return 0;
}

HPyCFunction traverse_of(const TypeRecord *r) { return r->slot(HPy_tp_traverse); }
}  // namespace

int hpy_type_traverse(const TypeRecord *rec, void *payload, HPyFunc_visitproc visit, void *arg) {
  // Each type of the hierarchy visits its own fields (a subtype without a
  // tp_traverse of its own inherits its base's: call that one once).
  HPyCFunction last = nullptr;
  TraverseCall args{payload, visit, arg};
  for (const TypeRecord *r = rec; r; r = r->base) {
    HPyCFunction f = traverse_of(r);
    if (!f || f == last) continue;
    last = f;
    // Through hpy_extension_call, so trace mode counts it as an entry.
    ExtensionCall call{nullptr, HPyFunc_TRAVERSEPROC, f};
    call.ptr = &args;
    call.entry = r->slot_entry(HPy_tp_traverse);
    if (int ret = hpy_extension_call(call).status) return ret;
  }
  return 0;
}

bool hpy_type_has_traverse(const TypeRecord *rec) {
  for (const TypeRecord *r = rec; r; r = r->base)
    if (traverse_of(r)) return true;
  return false;
}

std::string hpy_type_untraversed_field(ThreadState *ts, napi_value owner, const HPyField *field) {
  InstanceData *inst = hpy_instance_data(ts->env, owner);
  if (!inst || !field) return "";
  const TypeRecord *rec = inst->type;
  const char *p = reinterpret_cast<const char *>(field);
  if (p < inst->payload() || p + sizeof(HPyField) > inst->payload() + rec->basicsize) return "";  // not in the struct
  size_t offset = size_t(p - inst->payload());
  char buf[160];
  snprintf(buf, sizeof buf, "the HPyField at offset %zu of a '%s' instance", offset, rec->name.c_str());
  if (!hpy_type_has_traverse(rec))
    return std::string("HPyField_Store into ") + buf +
           ", whose type has no HPy_tp_traverse: on CPython this object's cycles "
           "would never be collected (define HPy_tp_traverse and HPy_VISIT every field)";
  FieldSearch s{field, false};
  hpy_type_traverse(rec, inst->payload(), find_field, &s);
  if (s.found) return "";
  return std::string("HPyField_Store into ") + buf +
         ", which its tp_traverse does not visit: on CPython this object's "
         "cycles would never be collected (HPy_VISIT the field in tp_traverse)";
}

std::string hpy_type_spec_missing_traverse(ThreadState *ts, napi_value cls) {
  TypeRecord *rec = hpy_type_record(ts->env, cls);
  if (!rec || hpy_type_has_traverse(rec)) return "";
  for (const auto &d : rec->defs) {
    if (!d->def || d->def->kind != HPyDef_Kind_Member) continue;
    const HPyMember &m = d->def->member;
    if (m.type != HPyMember_OBJECT && m.type != HPyMember_OBJECT_EX) continue;
    return "HPyType_FromSpec(" + rec->name + "): member '" + (m.name ? m.name : "?") + "' (offset " + std::to_string(m.offset) +
           ") is an HPyField, but the type has no HPy_tp_traverse: on CPython its instances' cycles would never be "
           "collected (define HPy_tp_traverse and HPy_VISIT every field)";
  }
  return "";
}
