// native/src/core/autogen_handles.h: the context's constant handles by name
// (hpy_h::TypeError, ...), so code below the universal context can name an
// exception class or a type without a context at hand.
import { HpyApi, Generator } from './index-types';
import { banner } from './banner';

export function handleConstants(api: HpyApi): Generator {
  return {
    path: 'native/src/core/autogen_handles.h',
    generate() {
      return `${banner('gen-handle-constants.ts', 'native/api/ctx-handles.tsv')}
#pragma once
#include "handles.h"

namespace hpy_h {
${api.handles.map((h) => `constexpr HPy ${h.name.slice(2)} = hpy_constant_handle(${h.slot});`).join('\n')}
}  // namespace hpy_h
`;
    },
  };
}
