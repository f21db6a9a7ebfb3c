// Instructions per p.sum() (figure 11) for cachegrind, which counts them
// whatever the machine's load:
//   valgrind --tool=cachegrind --cache-sim=no node --allow-natives-syntax \
//     bench/instructions/point-sum.js hpy|wrap N
// once with N = 0 and once with N = 200000; (I refs difference) / 200000.
// The loop is optimized before it runs, so both runs execute the same tier
// (left to itself, V8 tiers up at different moments from run to run, which
// moved the count by hundreds of instructions). Needs `npm run build` and
// one `npm run bench -- --only 11` (it builds both extensions).
const { join } = require('node:path');
const root = join(__dirname, '..', '..');
const [which, count] = process.argv.slice(2);
const n = Number(count);
const P =
  which === 'wrap'
    ? require(join(root, 'bench', 'napi-floor', 'build', 'Release', 'napi_floor.node')).Point
    : require(join(root, 'dist', 'index.js')).load(join(root, 'bench', 'build', 'bench_point.hpy.so'), { mode: 'universal' }).Point;
function loop(p, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += p.sum();
  return s;
}
const p = new P(3, 4);
eval('%PrepareFunctionForOptimization(loop)');
loop(p, 100);
eval('%OptimizeFunctionOnNextCall(loop)');
loop(p, 100);
if (loop(p, n) !== 7 * n) throw new Error('point-sum: wrong sum');
