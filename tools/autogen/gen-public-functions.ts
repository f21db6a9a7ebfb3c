// native/include/hpy/autogen_public.h: the functions extension authors call,
// each a one-line inline that goes through the context (so a trace context
// sees every call).
import { HpyApi, Generator, cParams, cArgs, cReturn } from './index-types';
import { banner } from './banner';

export function publicFunctions(api: HpyApi): Generator {
  return {
    path: 'native/include/hpy/autogen_public.h',
    generate() {
      const fns = api.functions.map((fn) => {
        const ret = fn.returnType === 'void' ? '' : 'return ';
        return `HPyAPI_FUNC ${cReturn(fn)}${fn.publicName}(${cParams(fn)}) {\n    ${ret}ctx->${fn.ctxName}(${cArgs(fn)});\n}`;
      });
      return `${banner('gen-public-functions.ts')}
#ifndef HPY_AUTOGEN_PUBLIC_H
#define HPY_AUTOGEN_PUBLIC_H

${fns.join('\n\n')}

#endif
`;
    },
  };
}
