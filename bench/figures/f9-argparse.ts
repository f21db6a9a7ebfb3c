// Figure 9: ns per JavaScript call of a method that parses (1, 2) with
// HPyArg_Parse("ll") and returns the sum, next to the seed's add() (HPy_Add
// on the two handles), in one module and one run (issue 10's target: at
// most 1.3x). A third method makes parse_add's context calls by hand, to
// split the difference between the parser and the calls it implies.
import { BenchContext, Figure, FigureResult, fmt, interleave, jsCallLoop, loadArgparse, target } from '../lib';

export const figure9: Figure = {
  id: 9,
  title: 'Per JS call: HPyArg_Parse("ll") + sum vs add(1, 2)',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const n = ctx.config.jsCalls;
    const m = loadArgparse();
    const loops = { add: jsCallLoop(m.add), parseAdd: jsCallLoop(m.parse_add), byHand: jsCallLoop(m.by_hand_add) };
    const r = interleave(ctx.config.runs, {
      add: () => loops.add(n),
      parseAdd: () => loops.parseAdd(n),
      byHand: () => loops.byHand(n),
    });
    const add = r.add.median;
    const parse = r.parseAdd.median;
    const byHand = r.byHand.median;
    const ratio = parse / add;
    return {
      id: 9,
      title: this.title,
      rows: [
        { label: 'add(1, 2): HPy_Add', value: fmt(add), unit: 'ns/call', note: '1 context call' },
        { label: 'parse_add: HPyArg_Parse "ll" + sum', value: fmt(parse), unit: 'ns/call', note: `${fmt(ratio, 2)}x add, +${fmt(parse - add)} ns` },
        { label: 'the same 3 context calls by hand', value: fmt(byHand), unit: 'ns/call', note: `${fmt(byHand / add, 2)}x add; the parser adds ${fmt(parse - byHand)} ns` },
      ],
      targets: [target('HPyArg_Parse("ll") method <= 1.3x add()', ratio, 'max', 1.3)],
      notes: ['parse_add makes 3 context calls (2 HPyLong_AsInt64_t, 1 HPyLong_FromLong) where add makes 1 (HPy_Add)'],
      raw: { calls: n, ...r },
    };
  },
};
