// The trace-mode example of HPy's documentation, in TypeScript.
// Run with: HPY=trace npx tsx examples/seed.ts
import { load } from 'hpy-node';
import { get_call_counts } from 'hpy-node/trace';

interface Snippets {
  add(a: number, b: number): number;
}

const snippets = load('build/snippets.hpy.so') as unknown as Snippets;
const add_count_0 = get_call_counts()['ctx_Add'];
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- HPy's example, as it is
snippets.add(1, 2) === 3;
const add_count_1 = get_call_counts()['ctx_Add'];
console.log('get_call_counts()["ctx_Add"] == %d', add_count_1 - add_count_0);
