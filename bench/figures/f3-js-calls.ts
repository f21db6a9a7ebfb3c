// Figure 3: ns per JavaScript call of add(1, 2): the HPy extension in
// universal and in trace mode, a plain JavaScript function, and the
// hand-written node-addon-api add() (the Node-API floor).
import { BenchContext, Figure, FigureResult, fmt, interleave, target } from '../lib';

export interface JsCallFigures {
  universalNs: number;
  traceNs: number;
  plainJsNs: number;
  napiFloorNs: number;
}

export const figure3: Figure & { last?: JsCallFigures } = {
  id: 3,
  title: 'Per JS call of add(1, 2)',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const n = ctx.config.jsCalls;
    const plain = (a: number, b: number): number => a + b;
    const loops = {
      universal: ctx.loops.callLoop('universal', ctx.universal.add),
      trace: ctx.loops.callLoop('trace', ctx.trace.add),
      plainJs: ctx.loops.callLoop('plain JS', plain),
      napiFloor: ctx.loops.callLoop('Node-API floor', ctx.napiFloor.add),
    };
    const r = interleave(ctx.config.runs, {
      universal: () => loops.universal(n),
      trace: () => loops.trace(n),
      plainJs: () => loops.plainJs(n),
      napiFloor: () => loops.napiFloor(n),
    });
    const last: JsCallFigures = { universalNs: r.universal.median, traceNs: r.trace.median, plainJsNs: r.plainJs.median, napiFloorNs: r.napiFloor.median };
    this.last = last;
    const ratio = last.universalNs / last.napiFloorNs;
    return {
      id: 3,
      title: this.title,
      rows: [
        { label: 'universal', value: fmt(last.universalNs), unit: 'ns/call', note: `${fmt(ratio, 2)}x the Node-API floor` },
        { label: 'trace', value: fmt(last.traceNs), unit: 'ns/call', note: `+${fmt(last.traceNs - last.universalNs)} ns over universal` },
        { label: 'plain JS function', value: fmt(last.plainJsNs, 2), unit: 'ns/call', note: 'V8 inlines it' },
        { label: 'node-addon-api add() (floor)', value: fmt(last.napiFloorNs), unit: 'ns/call' },
      ],
      targets: [target('universal add() <= 1.3x the Node-API floor', ratio, 'max', 1.3)],
      notes: [],
      raw: { calls: n, ...r },
    };
  },
};
