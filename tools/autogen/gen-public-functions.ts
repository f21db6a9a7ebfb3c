// native/include/hpy/autogen_public.h: the functions extension authors call,
// each a one-line inline that goes through the context (so a trace context
// sees every call). The functions that break the pattern are in the tables
// below, not in ifs.
import { HpyApi, Generator, CtxFunction, cParams, cArgs, cReturn } from './index-types';
import { banner } from './banner';

/** Never return: the compiler must know, or a function ending in one of
 * them warns about a missing return (-Wreturn-type). */
const NO_RETURN = new Set(['ctx_FatalError']);

/** CPython interop (HPy's hybrid ABI): in the universal ABI there are no
 * PyObjects, so a call of one is a compile error that says so. */
const CPYTHON_ONLY = new Set(['ctx_AsPyObject', 'ctx_FromPyObject']);

function publicFunction(fn: CtxFunction): string {
  const call = `ctx->${fn.ctxName}(${cArgs(fn)});`;
  if (NO_RETURN.has(fn.ctxName))
    return `_HPy_NO_RETURN HPyAPI_FUNC ${cReturn(fn)}${fn.publicName}(${cParams(fn)}) {\n    ${call}\n    abort(); /* the context call does not return either */\n}`;
  const attributes = CPYTHON_ONLY.has(fn.ctxName) ? '_HPy_CPYTHON_ONLY ' : '';
  const ret = fn.returnType === 'void' ? '' : 'return ';
  return `${attributes}HPyAPI_FUNC ${cReturn(fn)}${fn.publicName}(${cParams(fn)}) {\n    ${ret}${call}\n}`;
}

export function publicFunctions(api: HpyApi): Generator {
  return {
    path: 'native/include/hpy/autogen_public.h',
    generate() {
      for (const name of [...NO_RETURN, ...CPYTHON_ONLY])
        if (!api.functions.some((f) => f.ctxName === name)) throw new Error(`gen-public-functions: ${name} is not a context function`);
      return `${banner('gen-public-functions.ts', 'native/api/ctx-functions.tsv')}
#ifndef HPY_AUTOGEN_PUBLIC_H
#define HPY_AUTOGEN_PUBLIC_H

${api.functions.map(publicFunction).join('\n\n')}

#endif
`;
    },
  };
}
