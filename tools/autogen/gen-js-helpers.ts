// The contract between the native universal context and the JavaScript
// helpers it calls, from native/api/js-helpers.tsv, for both languages:
//   native/src/core/autogen_helpers.{h,cc}  HelperId, names, arities
//   src/generated/helper-contract.ts        the RuntimeHelpers type that the
//                                           helpers object must satisfy
// The native side checks each call's argument count against the arity; the
// type checker holds the TypeScript side to the same parameter list.
import { HpyApi, Generator } from './index-types';
import { banner } from './banner';

const SOURCE = 'native/api/js-helpers.tsv';

export function cHelperIds(api: HpyApi): Generator {
  return {
    path: 'native/src/core/autogen_helpers.h',
    generate() {
      return `${banner('gen-js-helpers.ts', SOURCE, '/*', ' */')}
#pragma once
#include <cstdint>

/* The JavaScript helpers of the universal context, by id. */
enum HelperId {
${api.helpers.map((h) => `    HELPER_${h.name} = ${h.id},`).join('\n')}
    HELPER_COUNT = ${api.helpers.length}
};

/* Most arguments any helper takes. */
constexpr uint32_t kHelperMaxArity = ${Math.max(...api.helpers.map((h) => h.params.length))};

/* "add", ... and how many arguments each takes, by HelperId. */
extern const char *const hpy_helper_names[HELPER_COUNT];
extern const uint8_t hpy_helper_arity[HELPER_COUNT];
`;
    },
  };
}

export function cHelperTables(api: HpyApi): Generator {
  return {
    path: 'native/src/core/autogen_helpers.cc',
    generate() {
      return `${banner('gen-js-helpers.ts', SOURCE, '/*', ' */')}
#include "autogen_helpers.h"

const char *const hpy_helper_names[HELPER_COUNT] = {
${api.helpers.map((h) => `    "${h.name}",`).join('\n')}
};

const uint8_t hpy_helper_arity[HELPER_COUNT] = {
${api.helpers.map((h) => `    ${h.params.length},  /* ${h.name} */`).join('\n')}
};
`;
    },
  };
}

export function tsHelperContract(api: HpyApi): Generator {
  return {
    path: 'src/generated/helper-contract.ts',
    generate() {
      // Property (not method) syntax: strictFunctionTypes then checks the
      // parameters contravariantly, so an implementation that accepts less
      // than the native side passes is a type error.
      const members = api.helpers.map(
        (h) => `  /** ${h.area}.cc */\n  ${h.name}: (${h.params.map((p) => `${p.name}: ${p.type}`).join(', ')}) => ${h.returns};`,
      );
      // The reference stays in the emitted .d.ts (preserve): the contract
      // names Buffer, and a consumer's tsc may not load Node's types itself.
      return `${banner('gen-js-helpers.ts', SOURCE, '/*', ' */')}
/// <reference types="node" preserve="true" />
/** The helpers the native universal context calls, with the arguments it
 * passes (native/api/js-helpers.tsv). */
export interface RuntimeHelpers {
${members.join('\n')}
}

/** Helper names by the id the native side uses. */
export const HELPER_NAMES = [
${api.helpers.map((h) => `  '${h.name}',`).join('\n')}
] as const satisfies ReadonlyArray<keyof RuntimeHelpers>;
`;
    },
  };
}
