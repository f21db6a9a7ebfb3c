// The application `hpy-node top` and `hpy-node profile` are shown on in the
// README: vector arithmetic through examples/vector.c, in a loop.
//   npx hpy-node build examples/vector.c -o build/vector.hpy.so -- -lm
//   npx hpy-node top -- node examples/vector-app.mjs
//   npx hpy-node profile --out vector.pb.gz -- node examples/vector-app.mjs build/vector.hpy.so 20000
// Arguments: the built extension (default build/vector.hpy.so) and how many
// rounds to run (default: until stopped, a round every millisecond or so).
import { load, typeSlot } from 'hpy-node';

const [so = 'build/vector.hpy.so', roundsArg] = process.argv.slice(2);
const rounds = roundsArg === undefined ? Infinity : Number(roundsArg);
if (!(rounds >= 0)) throw new Error(`vector-app: the number of rounds must be a number >= 0, got ${roundsArg}`);

const vector = load(so);
const add = typeSlot('nb_add');
const multiply = typeSlot('nb_multiply');

// One round: 10 vectors made, 10 additions from JavaScript, one sum() in C
// doing 10 more through HPy_Add, one scaling and one length.
function round(i) {
  const vs = Array.from({ length: 10 }, (_, k) => new vector.Vec(k, i % 7));
  let total = new vector.Vec(0, 0);
  for (const v of vs) total = total[add](v);
  const again = vector.sum(vs, new vector.Vec(0, 0));
  if (again.x !== total.x || again.y !== total.y) throw new Error('vector-app: sum() and + disagree');
  return total[multiply](0.5).length();
}

let done = 0;
function batch() {
  const end = Math.min(rounds, done + 100);
  for (; done < end; done++) round(done);
  if (done < rounds) setTimeout(batch, 1);
  else console.log(`vector-app: ${done} rounds`);
}
batch();
