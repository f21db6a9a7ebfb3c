// Instructions per iteration of figure 15's C loops (bench/extensions/
// containers.c), for callgrind, which counts them whatever the machine's
// load:
//   valgrind --tool=callgrind --callgrind-out-file=OUT node \
//     bench/instructions/containers.js N [NAME]
//   callgrind_annotate --inclusive=yes OUT | grep loop_
// Each loop runs once with n = N; a loop's inclusive count over N is what
// one iteration costs, everything under it included (the figure's loops
// with the figure's operands). Needs `npm run build` and one
// `npm run bench -- --only 15` (it builds the extension).
const { join } = require('node:path');
const root = join(__dirname, '..', '..');
const m = require(join(root, 'dist', 'index.js')).load(join(root, 'bench', 'build', 'bench_containers.hpy.so'), { mode: 'universal' });
const n = Number(process.argv[2] ?? 20000);
const str1k = 'abcdefghijklmnopqrstuvwxyz'.repeat(40).slice(0, 1024);
const ops = {
  loop_unicode_as: str1k,
  loop_dict_h: 'key',
  loop_dict_get_s: { a: 1, b: 2, c: 3, d: 4 },
  loop_dict_keys: { a: 1, b: 2, c: 3, d: 4 },
  loop_tuple_builder: 1.5,
  loop_tuple_array: 1.5,
  loop_list_getset_i: [1.5, 2.5, 3.5],
  loop_setattr_s: {},
  loop_call: (a, b) => a + (typeof b === 'object' ? b.b : b),
};
ops.loop_call_kw = ops.loop_call;
ops.loop_call_tuple = ops.loop_call;
// An optional second argument runs only the loops whose names contain it.
const only = process.argv[3] ?? '';
for (const name of Object.keys(m).filter((k) => k.startsWith('loop_') && k.includes(only))) {
  const r = name in ops ? m[name](n, ops[name]) : m[name](n);
  if (!(r > 0)) throw new Error(`${name}: ${r}`);
}
