// Figure 9: ns per JavaScript call of a method that parses (1, 2) with
// HPyArg_Parse("ll") and returns the sum, next to the seed's add() (HPy_Add
// on the two handles), in one module and one run (issue 10's target: at
// most 1.3x). A third method makes parse_add's context calls by hand, and
// two C loops time the parse alone with and without HPyArg_Parse, to split
// the difference between the parser and the context calls it implies.
import { BenchContext, Figure, FigureResult, fmt, interleave, loadArgparse, nowNs, target } from '../lib';

// ns per iteration of a C loop of `n` parses of (1, 2), checked.
function cLoop(f: (n: number, a: number, b: number) => number): (n: number) => number {
  return (n: number) => {
    const t0 = nowNs();
    const sum = f(n, 1, 2);
    const ns = (nowNs() - t0) / n;
    if (sum !== 3 * n) throw new Error(`bench: ${n} parses of (1, 2) summed to ${sum}, expected ${3 * n}`);
    return ns;
  };
}

export const figure9: Figure = {
  id: 9,
  title: 'Per JS call: HPyArg_Parse("ll") + sum vs add(1, 2)',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const n = ctx.config.jsCalls;
    const iterations = ctx.config.loopIterations;
    const m = loadArgparse();
    const loops = {
      add: ctx.loops.callLoop('add', m.add),
      parseAdd: ctx.loops.callLoop('parse_add', m.parse_add),
      byHand: ctx.loops.callLoop('by_hand_add', m.by_hand_add),
      cParse: cLoop(m.loop_parse),
      cByHand: cLoop(m.loop_by_hand),
    };
    // The C loops are timed after, on their own, so that the JavaScript
    // loops of the ratio run side by side with nothing else in between.
    const js = interleave(ctx.config.runs, {
      add: () => loops.add(n),
      parseAdd: () => loops.parseAdd(n),
      byHand: () => loops.byHand(n),
    });
    const c = interleave(ctx.config.runs, { cParse: () => loops.cParse(iterations), cByHand: () => loops.cByHand(iterations) });
    const r = { ...js, ...c };
    const add = r.add.median;
    const parse = r.parseAdd.median;
    const byHand = r.byHand.median;
    const ratio = parse / add;
    return {
      id: 9,
      title: this.title,
      rows: [
        { label: 'add(1, 2): HPy_Add', value: fmt(add), unit: 'ns/call', note: '1 context call' },
        { label: 'parse_add: HPyArg_Parse "ll" + sum', value: fmt(parse), unit: 'ns/call', note: `${fmt(ratio, 2)}x add, +${fmt(parse - add)} ns; 3 context calls` },
        { label: 'the same 3 context calls by hand', value: fmt(byHand), unit: 'ns/call', note: `${fmt(byHand / add, 2)}x add` },
        { label: 'C loop: HPyArg_Parse "ll"', value: fmt(r.cParse.median), unit: 'ns/parse', note: `the parser's own cost: ${fmt(r.cParse.median - r.cByHand.median)} ns` },
        { label: 'C loop: 2 HPyLong_AsInt64_t', value: fmt(r.cByHand.median), unit: 'ns/parse' },
      ],
      targets: [target('HPyArg_Parse("ll") method <= 1.3x add()', ratio, 'max', 1.3)],
      notes: [],
      raw: { calls: n, loopIterations: iterations, ...r },
    };
  },
};
