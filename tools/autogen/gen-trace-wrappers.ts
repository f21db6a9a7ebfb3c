// native/src/trace/autogen_trace_wrappers.cc: one wrapper per context
// function that counts, times and calls the universal implementation
// directly. The per-call work lives in trace_hot.h; this file only repeats it.
// Wrappers are templates over the clock kind: hpy_trace_install_wrappers
// swaps the set for the clock chosen at start-up into a copy of the universal
// context (function slots only: the handles stay the universal ones).
import { HpyApi, Generator, cParams, cArgs, cReturn } from './index-types';
import { banner } from './banner';

export function traceWrappers(api: HpyApi): Generator {
  return {
    path: 'native/src/trace/autogen_trace_wrappers.cc',
    generate() {
      const wrappers = api.functions.map((fn) => {
        const call = `hpy_u_${fn.shortName}(${cArgs(fn)})`;
        const body =
          fn.returnType === 'void'
            ? `    ${call};\n    hpy_trace_exit<K>(trace_call, ${fn.id});`
            : `    ${cReturn(fn)}trace_result = ${call};\n    hpy_trace_exit<K>(trace_call, ${fn.id});\n    return trace_result;`;
        return `template <ClockKind K>\nstatic ${cReturn(fn)}trace_${fn.shortName}(${cParams(fn)}) {\n    const TraceCall trace_call = hpy_trace_enter<K>(ctx, ${fn.id});\n${body}\n}`;
      });
      const install = api.functions.map((fn) => `    ctx->${fn.ctxName} = trace_${fn.shortName}<K>;`);
      return `${banner('gen-trace-wrappers.ts')}
#include "../universal/autogen_universal.h"
#include "trace.h"
#include "trace_hot.h"

${wrappers.join('\n\n')}

template <ClockKind K>
static void install(HPyContext *ctx) {
${install.join('\n')}
}

void hpy_trace_install_wrappers(HPyContext *ctx) {
    hpy_clock_init();
    if (g_clock_counter) install<ClockKind::Counter>(ctx);
    else install<ClockKind::Monotonic>(ctx);
}
`;
    },
  };
}
