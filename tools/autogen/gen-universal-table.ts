// native/src/universal/autogen_universal.{h,cc}: declarations of every
// universal implementation (hpy_u_X), the function that fills a context with
// them, and a weak fallback per function that raises "not supported". A real
// implementation anywhere in native/src/universal overrides the fallback at
// link time, so the list of supported functions is simply what is written.
import { HpyApi, Generator, cParams, cReturn, slotsInOrder } from './index-types';
import { banner } from './banner';
import { failureReturn } from './failure-values';

export function universalDecls(api: HpyApi): Generator {
  return {
    path: 'native/src/universal/autogen_universal.h',
    generate() {
      const decls = api.functions.map((fn) => `${cReturn(fn)}hpy_u_${fn.shortName}(${cParams(fn)});`);
      return `${banner('gen-universal-table.ts')}
#pragma once
#include "hpy.h"

${decls.join('\n')}

/* Fills every slot of ctx: functions with hpy_u_*, handles with constants. */
void hpy_universal_fill(HPyContext *ctx);
`;
    },
  };
}

export function universalTable(api: HpyApi): Generator {
  return {
    path: 'native/src/universal/autogen_universal.cc',
    generate() {
      const fill = slotsInOrder(api).map((s) =>
        s.kind === 'handle'
          ? `    ctx->${s.handle.name} = hpy_constant_handle(${s.handle.slot});`
          : `    ctx->${s.fn.ctxName} = hpy_u_${s.fn.shortName};`,
      );
      const stubs = api.functions.map(
        (fn) =>
          `__attribute__((weak)) ${cReturn(fn)}hpy_u_${fn.shortName}(${cParams(fn)}) {\n` +
          `    ${fn.params.map((p) => `(void)${p.name}; `).join('')}hpy_raise_unsupported(ctx, ${fn.id});\n    ${failureReturn(fn.returnType)}\n}`,
      );
      return `${banner('gen-universal-table.ts')}
#include "autogen_universal.h"
#include "../core/unsupported.h"
#include "../core/handles.h"

void hpy_universal_fill(HPyContext *ctx) {
${fill.join('\n')}
}

${stubs.join('\n\n')}
`;
    },
  };
}
