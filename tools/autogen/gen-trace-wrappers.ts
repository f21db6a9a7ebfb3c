// native/src/trace/autogen_trace_wrappers.cc: one wrapper per context
// function that counts, times and calls the implementation below it. The
// per-call work lives in trace_hot.h; this file only repeats it.
// Wrappers are templates over the clock kind and over what they wrap:
// Inner=false calls the universal implementation directly (plain trace mode,
// the hot path); Inner=true calls through the context trace mode composes
// with (debug+trace: trace wraps debug wraps universal). A compile-time
// constant, so plain trace mode pays nothing for the composition.
// hpy_trace_install_wrappers swaps the set for the clock chosen at start-up
// into a copy of the universal context (function slots only: the handles
// stay the universal ones).
import { HpyApi, Generator, cParams, cArgs, cReturn } from './index-types';
import { banner } from './banner';

export function traceWrappers(api: HpyApi): Generator {
  return {
    path: 'native/src/trace/autogen_trace_wrappers.cc',
    generate() {
      const wrappers = api.functions.map((fn) => {
        const direct = `hpy_u_${fn.shortName}(${cArgs(fn)})`;
        const inner = `trace_inner->${fn.ctxName}(${['trace_inner', ...fn.params.map((p) => p.name)].join(', ')})`;
        const body =
          fn.returnType === 'void'
            ? `    if (Inner) ${inner};\n    else ${direct};\n    hpy_trace_exit<K>(trace_call, ${fn.id});`
            : `    ${cReturn(fn)}trace_result = Inner ? ${inner} : ${direct};\n    hpy_trace_exit<K>(trace_call, ${fn.id});\n    return trace_result;`;
        return `template <ClockKind K, bool Inner>\nstatic ${cReturn(fn)}trace_${fn.shortName}(${cParams(fn)}) {\n    HPyContext *const trace_inner = Inner ? hpy_trace_inner(ctx) : nullptr;\n    const TraceCall trace_call = hpy_trace_enter<K>(ctx, ${fn.id});\n${body}\n}`;
      });
      const install = api.functions.map((fn) => `    ctx->${fn.ctxName} = trace_${fn.shortName}<K, Inner>;`);
      return `${banner('gen-trace-wrappers.ts', 'native/api/ctx-functions.tsv')}
#include "../universal/autogen_universal.h"
#include "trace.h"
#include "trace_hot.h"

${wrappers.join('\n\n')}

template <ClockKind K, bool Inner>
static void install(HPyContext *ctx) {
${install.join('\n')}
}

void hpy_trace_install_wrappers(HPyContext *ctx, bool through_inner) {
    hpy_clock_init();
    if (g_clock_counter) {
        if (through_inner) install<ClockKind::Counter, true>(ctx);
        else install<ClockKind::Counter, false>(ctx);
    } else {
        if (through_inner) install<ClockKind::Monotonic, true>(ctx);
        else install<ClockKind::Monotonic, false>(ctx);
    }
}
`;
    },
  };
}
