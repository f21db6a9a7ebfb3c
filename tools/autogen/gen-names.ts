// Name tables: C (native/src/core/autogen_names.cc) and TypeScript
// (src/generated/ctx-names.ts). The dense function id is the index in both.
import { HpyApi, Generator } from './index-types';
import { banner } from './banner';

export function cNames(api: HpyApi): Generator {
  return {
    path: 'native/src/core/autogen_names.cc',
    generate() {
      return `${banner('gen-names.ts', 'native/api/ctx-functions.tsv and ctx-handles.tsv')}
#include "names.h"

const char *const hpy_ctx_function_names[HPY_CTX_FUNCTION_COUNT] = {
${api.functions.map((f) => `    "${f.ctxName}",`).join('\n')}
};
`;
    },
  };
}

export function tsNames(api: HpyApi): Generator {
  return {
    path: 'src/generated/ctx-names.ts',
    generate() {
      return `${banner('gen-names.ts', 'native/api/ctx-functions.tsv and ctx-handles.tsv', '/*', ' */')}
/** Every HPy context function, indexed by the id the native trace store uses. */
export const CTX_NAMES = [
${api.functions.map((f) => `  '${f.ctxName}',`).join('\n')}
] as const;

/** The name of an HPy context function, as trace mode reports it. */
export type CtxName = (typeof CTX_NAMES)[number];

/** Context handles by slot (the constant's index in HPyContext). */
export const HANDLE_SLOTS = {
${api.handles.map((h) => `  ${h.name}: ${h.slot},`).join('\n')}
} as const;

export type HandleName = keyof typeof HANDLE_SLOTS;

export const CTX_SLOT_COUNT = ${api.slotCount};
`;
    },
  };
}
