// Classes for types made by HPyType_FromSpec, collected like JavaScript
// classes once nothing holds them (CPython collects heap types too).
//
// V8 keeps the function of every FunctionTemplate for the life of the
// context (its instantiation cache), so a template per class would pin
// every class ever made. Instead a class is an ordinary JavaScript class
// whose constructor returns make(tag, new.target, ...arguments): `make`, one
// native function per environment, finds the class by its tag (its
// EngineClass, which JavaScript cannot make or reach) and hands the call to
// the class's constructor record, which makes the instance as HPy_New does:
// from the layout's template, with new.target's prototype. So every
// instance of a type has one map, however made. The class extends null and
// its prototype gets Object.prototype back: its [[Prototype]] is free for a
// base or a metaclass, and construction never looks at it.
//
// The functions on the prototype (methods, slots, accessors) hold the class
// through a private key: while any of them can still be called, the class
// lives, and the records they use with it.
#include "engine.h"
#include <v8.h>
#include <new>
#include "v8_env.h"

namespace {
v8::Local<v8::Value> local(napi_value v) { return hpy_v8_local(v); }
napi_value value(v8::Local<v8::Value> l) { return hpy_v8_value(l); }

void make(const v8::FunctionCallbackInfo<v8::Value> &info) {
  // Only class constructors call it, and no one else can reach it.
  if (info.Length() < 2 || !info[0]->IsExternal() || !info[1]->IsFunction()) return;
  auto *c = static_cast<EngineClass *>(info[0].As<v8::External>()->Value());
  hpy_v8_dispatch(info, &c->construct, 2, info[1]);
}

v8::Local<v8::ObjectTemplate> layout(EngineEnv *e, int field_slots) {
  v8::Global<v8::ObjectTemplate> &l = e->layouts[field_slots];
  if (!l.IsEmpty()) return l.Get(e->isolate);
  v8::Local<v8::ObjectTemplate> t = v8::ObjectTemplate::New(e->isolate);
  t->SetInternalFieldCount(kEngineFieldBase + field_slots);
  l.Reset(e->isolate, t);
  return t;
}

bool class_factory(EngineEnv *e, v8::Local<v8::Context> ctx, v8::Local<v8::Function> *factory, v8::Local<v8::Function> *maker) {
  v8::Isolate *iso = e->isolate;
  if (e->class_factory.IsEmpty()) {
    // The computed key names the class; the arguments go on as they came
    // (their number is the C call's nargs).
    v8::Local<v8::String> src = v8::String::NewFromUtf8Literal(iso,
                                                               "(function (make, tag, name) {\n"
                                                               "  'use strict';\n"
                                                               "  const C = { [name]: class extends null {\n"
                                                               "    constructor(a, b) {\n"
                                                               "      switch (arguments.length) {\n"
                                                               "        case 0: return make(tag, new.target);\n"
                                                               "        case 1: return make(tag, new.target, a);\n"
                                                               "        case 2: return make(tag, new.target, a, b);\n"
                                                               "        default: return make(tag, new.target, ...arguments);\n"
                                                               "      }\n"
                                                               "    }\n"
                                                               "  } }[name];\n"
                                                               "  Object.setPrototypeOf(C.prototype, Object.prototype);\n"
                                                               "  return C;\n"
                                                               "})");
    v8::Local<v8::Script> script;
    v8::Local<v8::Value> fn;
    v8::Local<v8::Function> m;
    if (!v8::Script::Compile(ctx, src).ToLocal(&script) || !script->Run(ctx).ToLocal(&fn) || !fn->IsFunction() ||
        !v8::Function::New(ctx, make, v8::Local<v8::Value>(), 0, v8::ConstructorBehavior::kThrow).ToLocal(&m))
      return false;
    e->class_factory.Reset(iso, fn.As<v8::Function>());
    e->make.Reset(iso, m);
  }
  *factory = e->class_factory.Get(iso);
  *maker = e->make.Get(iso);
  return true;
}

v8::Local<v8::Private> owner_key(EngineEnv *e) {
  if (e->owner_key.IsEmpty())
    e->owner_key.Reset(e->isolate, v8::Private::New(e->isolate, v8::String::NewFromUtf8Literal(e->isolate, "hpy-node.class")));
  return e->owner_key.Get(e->isolate);
}

// V8's first weak pass, inside the collection: no V8 call but Reset.
void class_collected(const v8::WeakCallbackInfo<EngineClass> &info) {
  EngineClass *c = info.GetParameter();
  c->cls.Reset();
  c->proto.Reset();
  c->boilerplate.Reset();
  hpy_engine_class_collected(c->construct.data);  // may free c
}
}  // namespace

EngineClass *hpy_engine_class_new(napi_env env, const char *name, EngineCallback construct, void *data, int field_slots,
                                  napi_value *cls) {
  EngineEnv *e = t_engine;
  if (!e || field_slots < 0 || field_slots > kEngineMaxFieldSlots) return nullptr;
  auto *c = new (std::nothrow) EngineClass;
  if (!c) return nullptr;
  c->construct = EngineFunction{env, construct, data};
  c->field_slots = field_slots;
  v8::Isolate *iso = e->isolate;
  v8::EscapableHandleScope scope(iso);
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  v8::Local<v8::Function> factory, maker;
  v8::Local<v8::String> class_name;
  v8::Local<v8::Value> made, proto;
  bool ok = class_factory(e, ctx, &factory, &maker) && v8::String::NewFromUtf8(iso, name).ToLocal(&class_name);
  if (ok) {
    v8::Local<v8::Value> args[3] = {maker, v8::External::New(iso, c), class_name};
    ok = factory->Call(ctx, v8::Undefined(iso), 3, args).ToLocal(&made) && made->IsFunction() &&
         made.As<v8::Function>()->Get(ctx, v8::String::NewFromUtf8Literal(iso, "prototype")).ToLocal(&proto) && proto->IsObject();
  }
  if (!ok) {
    delete c;
    return nullptr;
  }
  v8::Local<v8::Function> fn = made.As<v8::Function>();
  c->cls.Reset(iso, fn);
  c->cls.SetWeak(c, class_collected, v8::WeakCallbackType::kParameter);
  c->proto.Reset(iso, proto.As<v8::Object>());
  c->proto.SetWeak();
  *cls = value(scope.Escape(fn));
  return c;
}

bool hpy_engine_class_hold_members(EngineClass *c, napi_value obj) {
  EngineEnv *e = t_engine;
  if (!e || c->cls.IsEmpty() || !local(obj)->IsObject()) return false;
  v8::Isolate *iso = e->isolate;
  v8::HandleScope scope(iso);
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  v8::Local<v8::Object> o = local(obj).As<v8::Object>();
  v8::Local<v8::Function> cls = c->cls.Get(iso);
  v8::Local<v8::Private> key = owner_key(e);
  v8::Local<v8::Array> keys;
  if (!o->GetOwnPropertyNames(ctx, v8::ALL_PROPERTIES, v8::KeyConversionMode::kKeepNumbers).ToLocal(&keys)) return false;
  v8::Local<v8::String> parts[3] = {v8::String::NewFromUtf8Literal(iso, "value"), v8::String::NewFromUtf8Literal(iso, "get"),
                                    v8::String::NewFromUtf8Literal(iso, "set")};
  for (uint32_t i = 0; i < keys->Length(); i++) {
    v8::Local<v8::Value> k, d;
    if (!keys->Get(ctx, i).ToLocal(&k) || !k->IsName() || !o->GetOwnPropertyDescriptor(ctx, k.As<v8::Name>()).ToLocal(&d) ||
        !d->IsObject())
      return false;
    for (v8::Local<v8::String> part : parts) {
      v8::Local<v8::Value> f;
      if (!d.As<v8::Object>()->Get(ctx, part).ToLocal(&f)) return false;
      // The class itself is the prototype's `constructor`.
      if (f->IsFunction() && f != cls && !f.As<v8::Object>()->SetPrivate(ctx, key, cls).FromMaybe(false)) return false;
    }
  }
  return true;
}

napi_value hpy_engine_class_get(EngineClass *c) {
  EngineEnv *e = t_engine;
  return e && !c->cls.IsEmpty() ? value(c->cls.Get(e->isolate)) : nullptr;
}

void hpy_engine_class_pin(EngineClass *c, bool pin) {
  if (c->cls.IsEmpty()) return;
  if (pin && c->pins++ == 0) c->cls.ClearWeak();
  if (!pin && --c->pins == 0) c->cls.SetWeak(c, class_collected, v8::WeakCallbackType::kParameter);
}

void hpy_engine_class_free(EngineClass *c) {
  c->cls.Reset();
  c->proto.Reset();
  c->boilerplate.Reset();
  delete c;
}

bool hpy_engine_class_is(const EngineClass *c, napi_value v) { return v && c->cls == local(v); }

int hpy_engine_class_field_slots(const EngineClass *c) { return c->field_slots; }

namespace {
// An object of the layout with `proto` as its prototype. Setting the
// prototype costs V8 a map transition (a few hundred instructions), which
// the instances of a class's own prototype skip by cloning one such object.
v8::MaybeLocal<v8::Object> with_prototype(EngineEnv *e, EngineClass *c, v8::Local<v8::Context> ctx, v8::Local<v8::Value> proto) {
  v8::Local<v8::Object> o;
  if (!layout(e, c->field_slots)->NewInstance(ctx).ToLocal(&o)) return {};
#if V8_MAJOR_VERSION >= 13
  if (o->SetPrototypeV2(ctx, proto).IsNothing()) return {};
#else
  if (o->SetPrototype(ctx, proto).IsNothing()) return {};
#endif
  return o;
}
}  // namespace

v8::MaybeLocal<v8::Object> hpy_v8_class_blank(EngineEnv *e, EngineClass *c, v8::Local<v8::Context> ctx,
                                              v8::Local<v8::Value> proto) {
  if (!proto.IsEmpty()) return with_prototype(e, c, ctx, proto);  // a JavaScript subclass's
  v8::Isolate *iso = e->isolate;
  if (c->boilerplate.IsEmpty()) {
    // HPy_New(cls) holds the class, whose prototype a class keeps for good.
    v8::Local<v8::Object> b;
    if (c->proto.IsEmpty() || !with_prototype(e, c, ctx, c->proto.Get(iso)).ToLocal(&b)) return {};
    c->boilerplate.Reset(iso, b);
    c->boilerplate.SetWeak();
    return b->Clone();
  }
  return c->boilerplate.Get(iso)->Clone();
}

void hpy_v8_classes_end(EngineEnv *e) {
  for (auto &l : e->layouts) l.Reset();
  e->class_factory.Reset();
  e->make.Reset();
  e->owner_key.Reset();
}
