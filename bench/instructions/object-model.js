// One loop of bench/instructions/object_model.c for callgrind: run it with
// n and with 0 iterations and divide the difference of the two totals by n.
//   node dist/cli/main.js build bench/instructions/object_model.c -o /tmp/om/object_model.hpy0.so
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node bench/instructions/object-model.js /tmp/om/object_model.hpy0.so l_store 200000
// Loops: l_empty l_new l_asstruct l_typecheck l_store l_load l_global (C),
// ctor (new Node()), sum (o.sum()), modcall (the module function setup(Node)).
const { load } = require('../../dist/index.js');
const [file, what, count] = process.argv.slice(2);
const m = load(file);
m.setup(m.Node);
const n = Number(count ?? 1e5);
let keep;
if (what === 'ctor') for (let i = 0; i < n; i++) keep = new m.Node();
else if (what === 'sum') {
  const o = new m.Node();
  for (let i = 0; i < n; i++) keep = o.sum();
} else if (what === 'modcall') {
  for (let i = 0; i < n; i++) keep = m.setup(m.Node);
} else m[what](n);
void keep;
