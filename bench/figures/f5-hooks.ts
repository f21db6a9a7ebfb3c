// Figure 5: a traced call with on_enter set to an empty JavaScript function
// (set_trace_functions from hpy-node/trace). Per context call in C loops
// (every context call runs the hook), in frames of a few hundred calls (the
// common case, and the target) and in one frame of a million (where each hook
// call opens its own handle scope to bound memory), and per JavaScript call of
// add().
import { set_trace_functions } from '../../src/trace/index';
import { BenchContext, Figure, FigureResult, fmt, interleave, nowNs, target } from '../lib';

const SHORT_FRAME = 256;

export const figure5: Figure = {
  id: 5,
  title: 'Hooks: traced call with a no-op on_enter',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const n = ctx.config.loopIterations;
    const calls = ctx.config.jsCalls;
    const noop = (): void => {};
    const cLoop = (): number => {
      const t0 = nowNs();
      ctx.trace.loop_add(n, 1, 2);
      return (nowNs() - t0) / (2 * n);
    };
    // 256 iterations = 512 hook calls per frame, within the frame's own scope.
    const shortFrames = Math.max(1, Math.floor(n / SHORT_FRAME));
    // Hooked and not, each variant has its own loop (bench/js-loops.ts).
    const cLoopShortFrames = (variant: string) => {
      const loop = ctx.loops.compile(variant, ['m', 'frames', 'size'], 'for (let i = 0; i < frames; i++) m.loop_add(size, 1, 2);');
      return (): number => {
        const t0 = nowNs();
        loop(ctx.trace, shortFrames, SHORT_FRAME);
        return (nowNs() - t0) / (2 * SHORT_FRAME * shortFrames);
      };
    };
    const withHook = <T>(fn: () => T): T => {
      set_trace_functions(noop, null);
      try {
        return fn();
      } finally {
        set_trace_functions(null, null);
      }
    };
    // The Node-API floor of a hook, in frames of the same size.
    const napiCall = (name: string, variant: 0 | 1) => {
      const loop = ctx.loops.compile(name, ['hook', 'fn', 'frames', 'size', 'v'], 'let total = 0; for (let i = 0; i < frames; i++) total += hook(fn, size, v); return total;');
      return (): number => (loop(ctx.napiFloor.callHook, noop, shortFrames, 2 * SHORT_FRAME, variant) as number) / shortFrames;
    };
    const shortHooked = cLoopShortFrames('context calls, hooked');
    const short = cLoopShortFrames('context calls');
    const napiAlone = napiCall('napi_call_function', 0);
    const napiScoped = napiCall('napi_call_function in a scope', 1);
    const addHooked = ctx.loops.callLoop('add(), hooked', ctx.trace.add);
    const add = ctx.loops.callLoop('add()', ctx.trace.add);
    const r = interleave(ctx.config.runs, {
      ctxCallHooked: () => withHook(shortHooked),
      ctxCall: short,
      ctxCallHookedLongFrame: () => withHook(cLoop),
      napiCallFunction: napiAlone,
      napiCallFunctionScoped: napiScoped,
      addHooked: () => withHook(() => addHooked(calls)),
      add: () => add(calls),
    });
    const hooked = r.ctxCallHooked.median;
    return {
      id: 5,
      title: this.title,
      rows: [
        { label: 'traced context call, no-op on_enter', value: fmt(hooked), unit: 'ns/call', note: `+${fmt(hooked - r.ctxCall.median)} ns over no hook; ${SHORT_FRAME} iterations a frame` },
        { label: 'traced context call, no hook', value: fmt(r.ctxCall.median), unit: 'ns/call' },
        { label: 'same, no-op on_enter, one long frame', value: fmt(r.ctxCallHookedLongFrame.median), unit: 'ns/call', note: `${n} iterations: a handle scope per hook call` },
        { label: 'napi_call_function alone', value: fmt(r.napiCallFunction.median), unit: 'ns/call', note: 'the Node-API floor of a hook call' },
        { label: 'napi_call_function in a handle scope', value: fmt(r.napiCallFunctionScoped.median), unit: 'ns/call', note: 'what long frames pay per hook call' },
        { label: 'traced add() from JS, no-op on_enter', value: fmt(r.addHooked.median), unit: 'ns/call', note: `+${fmt(r.addHooked.median - r.add.median)} ns over no hook` },
      ],
      targets: [target('traced call with a no-op on_enter <= 100 ns', hooked, 'max', 100)],
      notes: [],
      raw: { iterations: n, shortFrame: SHORT_FRAME, shortFrames, jsCalls: calls, ...r },
    };
  },
};
