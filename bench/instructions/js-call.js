// Instructions per JavaScript call for callgrind or cachegrind, which count
// them whatever the machine's load:
//   valgrind --tool=callgrind node --allow-natives-syntax \
//     bench/instructions/js-call.js CASE N
// once with N = 0 and once with N = 200000; (Ir difference) / 200000, and
// per function from callgrind_annotate of both outputs. CASE:
//   add-hpy   add(1, 2) of figure 3's universal module (bench_loops_universal)
//   add-trace the same add(1, 2) in trace mode (bench_loops_trace)
//   add-napi  add(1, 2) of the Node-API floor (bench/napi-floor)
//   sum-hpy   p.sum() of figure 11's HPy Point (bench_point)
//   sum-wrap  p.sum() of the ObjectWrap Point (bench/napi-floor)
//   onearg-method, len-slot, item-slot  obj.onearg(null), len(obj) and obj[0]
//             of HPy's own microbenchmark type (figure 13, built by
//             `npm run bench -- --only 13 --hpy DIR`)
// The loop is optimized before it runs, so both runs execute the same tier
// (left to itself, V8 tiers up at different moments from run to run, which
// moved the count by hundreds of instructions). Needs `npm run build` and
// one `npm run bench -- --only 3,11` (it builds the extensions).
const { join } = require('node:path');
const root = join(__dirname, '..', '..');
const [which, count] = process.argv.slice(2);
const n = Number(count);
const napiFloor = () => require(join(root, 'bench', 'napi-floor', 'build', 'Release', 'napi_floor.node'));
const simple = () => require(join(root, 'dist', 'index.js')).load(join(root, 'bench', 'build', 'f13-hpy', 'hpy_simple.hpy0.so'));
const hpy = (name, mode = 'universal') => require(join(root, 'dist', 'index.js')).load(join(root, 'bench', 'build', `${name}.hpy.so`), { mode });
function callLoop(f, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(1, 2);
  return s;
}
function oneargLoop(o, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += o.onearg(null) === undefined ? 1 : 0;
  return s;
}
const lenSymbol = Symbol.for('hpy.sq_length');
const itemSymbol = Symbol.for('hpy.sq_item');
function lenLoop(o, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += o[lenSymbol]();
  return s;
}
function itemLoop(o, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += o[itemSymbol](0) === undefined ? 1 : 0;
  return s;
}
function sumLoop(p, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += p.sum();
  return s;
}
// [loop, its argument, what each iteration adds]
const cases = {
  'add-hpy': () => [callLoop, hpy('bench_loops_universal').add, 3],
  'add-trace': () => [callLoop, hpy('bench_loops_trace', 'trace').add, 3],
  'add-napi': () => [callLoop, napiFloor().add, 3],
  'sum-hpy': () => [sumLoop, new (hpy('bench_point').Point)(3, 4), 7],
  'sum-wrap': () => [sumLoop, new (napiFloor().Point)(3, 4), 7],
  'onearg-method': () => [oneargLoop, new (simple().Foo)(), 1],
  'len-slot': () => [lenLoop, new (simple().Foo)(), 42],
  'item-slot': () => [itemLoop, new (simple().Foo)(), 1],
};
if (!cases[which]) throw new Error(`js-call: CASE is one of ${Object.keys(cases).join(', ')}`);
const [loop, arg, each] = cases[which]();
eval('%PrepareFunctionForOptimization(loop)');
loop(arg, 100);
eval('%OptimizeFunctionOnNextCall(loop)');
loop(arg, 100);
if (loop(arg, n) !== each * n) throw new Error(`js-call ${which}: wrong sum`);
