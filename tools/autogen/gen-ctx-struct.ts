// native/include/hpy/autogen_ctx.h: struct _HPyContext_s, in HPy 0.9's slot order.
import { HpyApi, Generator, cParams, cReturn, slotsInOrder } from './index-types';
import { banner } from './banner';

export function ctxStruct(api: HpyApi): Generator {
  return {
    path: 'native/include/hpy/autogen_ctx.h',
    generate() {
      const slots = slotsInOrder(api).map((s) =>
        s.kind === 'handle'
          ? `    HPy ${s.handle.name};`
          : `    ${cReturn(s.fn)}(*${s.fn.ctxName})(${cParams(s.fn)});`,
      );
      return `${banner('gen-ctx-struct.ts', 'native/api/ctx-functions.tsv and ctx-handles.tsv')}
#ifndef HPY_AUTOGEN_CTX_H
#define HPY_AUTOGEN_CTX_H

/* Layout of HPy 0.9's universal-ABI context: ${api.slotCount} slots after the header. */
struct _HPyContext_s {
    const char *name;
    void *_private;
    int abi_version;
${slots.join('\n')}
};

#define HPY_CTX_FUNCTION_COUNT ${api.functions.length}
#define HPY_CTX_HANDLE_COUNT ${api.handles.length}
#define HPY_CTX_SLOT_COUNT ${api.slotCount}

#endif
`;
    },
  };
}
