// native/src/universal/autogen_universal.{h,cc}: the universal context.
// The header declares every implementation hpy_u_X. The source defines the
// bodies the table says are generated (`js:<helper>` forwards the handles to
// a JavaScript helper; `unsupported` raises NotImplementedError), and the
// statically initialised context itself. A function marked `native` is only
// declared here: its hand-written definition in native/src/universal must
// match the declaration (-Wmissing-declarations makes a drifted signature a
// compile error) and must exist (a missing one fails the build's link check,
// tools/check-addon-link.mjs).
import { HpyApi, Generator, CtxFunction, cParams, cReturn, slotsInOrder } from './index-types';
import { banner } from './banner';
import { failureReturn } from './failure-values';

export function universalDecls(api: HpyApi): Generator {
  return {
    path: 'native/src/universal/autogen_universal.h',
    generate() {
      const decls = api.functions.map((fn) => `${cReturn(fn)}hpy_u_${fn.shortName}(${cParams(fn)});  /* ${fn.provider.kind} */`);
      return `${banner('gen-universal-table.ts', 'native/api/ctx-functions.tsv')}
#pragma once
#include "hpy.h"

${decls.join('\n')}

/* The universal context: every function slot holds its hpy_u_X, every handle
 * slot its constant. Trace contexts start as a copy of it. */
extern HPyContext hpy_universal_ctx;
`;
    },
  };
}

// A Check function cannot fail (0 or 1); other int functions return -1 with
// the error set, as HPy's do.
function jsBody(fn: CtxFunction, helper: string): string {
  const handles = `{${fn.params.map((p) => p.name).join(', ')}}`;
  const id = `HELPER_${helper}`;
  if (fn.returnType === 'HPy') return `    HPY_STATE_OR(HPy_NULL);\n    return hpy_helper_handle(ts, ${id}, ${handles});`;
  if (fn.returnType === 'void') return `    HPY_STATE_OR();\n    hpy_helper_value(ts, ${id}, ${handles});`;
  if (fn.shortName.endsWith('_Check')) return `    HPY_STATE_OR(0);\n    return hpy_helper_bool(ts, ${id}, ${handles}) == 1;`;
  return `    HPY_STATE_OR(-1);\n    return hpy_helper_bool(ts, ${id}, ${handles});`;
}

function unsupportedBody(fn: CtxFunction): string {
  const unused = fn.params.map((p) => `(void)${p.name}; `).join('');
  return `    ${unused}HPY_STATE_OR(${failureReturn(fn.returnType).replace(/^return ?|;$/g, '')});\n    hpy_raise_unsupported(ts, ${fn.id});\n    ${failureReturn(fn.returnType)}`;
}

export function universalTable(api: HpyApi): Generator {
  return {
    path: 'native/src/universal/autogen_universal.cc',
    generate() {
      const bodies = api.functions.flatMap((fn) => {
        const p = fn.provider;
        if (p.kind === 'native') return [];
        const body = p.kind === 'js' ? jsBody(fn, p.helper) : unsupportedBody(fn);
        return [`${cReturn(fn)}hpy_u_${fn.shortName}(${cParams(fn)}) {\n${body}\n}`];
      });
      const slots = slotsInOrder(api).map((s) =>
        s.kind === 'handle'
          ? `    /* ${s.handle.slot} ${s.handle.name} */ hpy_constant_handle(${s.handle.slot}),`
          : `    /* ${s.fn.slot} ${s.fn.ctxName} */ hpy_u_${s.fn.shortName},`,
      );
      return `${banner('gen-universal-table.ts', 'native/api/ctx-functions.tsv')}
#include "autogen_universal.h"
#include "support.h"

/* ---- bodies generated from the provided_by column ---- */

${bodies.join('\n\n')}

/* ---- the context ---- */

HPyContext hpy_universal_ctx = {
    /* name */ HPY_NODE_CTX_NAME,
    /* _private */ nullptr,
    /* abi_version */ HPY_ABI_VERSION,
${slots.join('\n')}
};
`;
    },
  };
}
