// What a profile entry costs (issue 20): a module function and a type's
// method whose C code makes no context call, in universal and trace mode.
//   node bench/instructions/entry.js CASE N          ns per call (7 rounds)
//   valgrind --tool=callgrind node --allow-natives-syntax \
//     bench/instructions/entry.js CASE N --once      instructions: N = 0 and
//                                                   N = 200000, difference / N
// CASE: fn-universal, fn-trace, meth-universal, meth-trace. The C functions
// return the None constant as it is (no HPy_Dup, so no context call: hpy-node
// never closes constants; not portable HPy, and debug mode would say so).
// Needs `npm run build`; builds its extension into .tmp/entry-bench.
const { join } = require('node:path');
const { mkdirSync, writeFileSync, existsSync } = require('node:fs');
const root = join(__dirname, '..', '..');
const [which, count, once] = process.argv.slice(2);
const n = Number(count);
const SRC = `#include "hpy.h"
HPyDef_METH(nop, "nop", HPyFunc_NOARGS)
static HPy nop_impl(HPyContext *ctx, HPy self) { return ctx->h_None; }
typedef struct { long v; } ThingObject;
HPyType_HELPERS(ThingObject)
HPyDef_METH(Thing_nop, "nop", HPyFunc_NOARGS)
static HPy Thing_nop_impl(HPyContext *ctx, HPy self) { return ctx->h_None; }
static HPyDef *Thing_defines[] = { &Thing_nop, NULL };
static HPyType_Spec Thing_spec = { .name = "entry_bench.Thing", .basicsize = sizeof(ThingObject), .defines = Thing_defines };
HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m) { return HPyHelpers_AddType(ctx, m, "Thing", &Thing_spec, NULL) ? 0 : -1; }
static HPyDef *defines[] = { &nop, &mod_exec, NULL };
static HPyModuleDef moduledef = { .defines = defines };
HPy_MODINIT(entry_bench, moduledef)
`;
const dir = join(root, '.tmp', 'entry-bench');
const so = join(dir, 'entry_bench.hpy.so');
if (!existsSync(so)) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'entry_bench.c'), SRC);
  require(join(root, 'dist', 'cli', 'build.js')).buildExtension(join(dir, 'entry_bench.c'), { output: so });
}
const [kind, mode] = which.split('-');
const m = require(join(root, 'dist', 'index.js')).load(so, { mode });
function fnLoop(m, n) {
  for (let i = 0; i < n; i++) m.nop();
}
const arg = kind === 'fn' ? m : new m.Thing();
if (once) {
  eval('%PrepareFunctionForOptimization(fnLoop)');
  fnLoop(arg, 100);
  eval('%OptimizeFunctionOnNextCall(fnLoop)');
  fnLoop(arg, 100);
  fnLoop(arg, n);
} else {
  fnLoop(arg, 100000);
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    fnLoop(arg, n);
    rounds.push(Number(process.hrtime.bigint() - t0) / n);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${which}: median ${rounds[3].toFixed(1)} ns, min ${rounds[0].toFixed(1)} ns per call`);
}
