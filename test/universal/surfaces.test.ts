// Inputs that used to pass silently: kwargs() given a Map or symbol keys
// (dropped), a tp_new that returns a number (`new C()` gave an empty object
// that is no instance), an HPy_mod_exec slot that sets the module's `then`
// (`await m` never settled) or `__proto__` (past the refusal of those names
// for methods). Each is now a TypeError, or a load error, naming what is
// wrong and what is accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModule, makeModule } from '../support/make-module';
import { kwargs, load } from '../../src/index';

test('kwargs() refuses a Map, a class instance and symbol keys, naming what it accepts', () => {
  const accepted = /kwargs: values must be a plain object of keyword arguments, such as \{ sep: ", " \}/;
  assert.throws(() => kwargs(new Map([['sep', ', ']]) as never), { name: 'TypeError', message: new RegExp(`${accepted.source} \\(for a Map, kwargs\\(Object\\.fromEntries\\(map\\)\\)\\), got a Map$`) });
  assert.throws(() => kwargs(new (class Opts { sep = 1; })() as never), { name: 'TypeError', message: new RegExp(`${accepted.source}.*got an? Opts$`) });
  const sym = Symbol('sep');
  assert.throws(() => kwargs({ a: 1, [sym]: 2 } as never), { name: 'TypeError', message: /kwargs: keyword names must be strings, got Symbol\(sep\)/ });
  // What is accepted still works, a null-prototype object included.
  assert.deepEqual({ ...kwargs({ sep: ', ' }) }, { sep: ', ' });
  assert.deepEqual({ ...kwargs(Object.assign(Object.create(null), { end: '' })) }, { end: '' });
});

const TP_NEW_SRC = `
typedef struct { long x; } NumObject;
HPyType_HELPERS(NumObject)
HPyDef_SLOT(Num_new, HPy_tp_new)
static HPy Num_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw) {
    if (nargs > 0) return HPy_Dup(ctx, args[0]);   /* whatever it is given */
    return HPyLong_FromLong(ctx, 42);
}
static HPyDef *Num_defines[] = { &Num_new, NULL };
static HPyType_Spec Num_spec = { .name = "surf.Num", .basicsize = sizeof(NumObject), .defines = Num_defines };
HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m) { return HPyHelpers_AddType(ctx, m, "Num", &Num_spec, NULL) ? 0 : -1; }
`;

test('new C() whose tp_new returns a non-object is a TypeError, not an empty non-instance', () => {
  const m = makeModule<{ Num: new (v?: unknown) => unknown }>(TP_NEW_SRC);
  const message = /surf\.Num: tp_new returned (a |an )?number, not an object: JavaScript's `new` gives objects only/;
  assert.throws(() => new m.Num(), { name: 'TypeError', message });
  assert.throws(() => new m.Num('s'), { name: 'TypeError', message: /tp_new returned (a |an )?string/ });
  assert.throws(() => new m.Num(undefined), { name: 'TypeError', message: /tp_new returned (a |an )?undefined/ });
  // An object (an instance of something else, as Python permits) is given.
  const other = { other: true };
  assert.equal(new m.Num(other), other);
});

const execSetting = (name: string) => `
HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m) {
    HPy v = HPyDict_New(ctx);
    int r = HPy_SetAttr_s(ctx, m, "${name}", v);
    HPy_Close(ctx, v);
    return r;
}`;

test('an HPy_mod_exec slot that sets the module\'s then, __proto__ or __esModule refuses the load, as for methods', async () => {
  for (const name of ['then', '__proto__', '__esModule']) {
    const path = buildModule(execSetting(name));
    assert.throws(() => load(path), { message: new RegExp(`cannot load .*: its HPy_mod_exec slot set the module attribute '${name}': .*\\. Rename the attribute\\.`) }, name);
  }
  // Another name is fine, and the module stays awaitable.
  const m = load(buildModule(execSetting('settings')));
  assert.equal(await Promise.resolve(m), m);
  assert.deepEqual((m as unknown as { settings: object }).settings, {});
});
