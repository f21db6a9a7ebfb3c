// Names of values and classes for messages written in C.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { typeName } from './common';

export const describeHelpers = {
  typeName: (t: unknown) => (typeof t === 'function' ? t.name : typeName(t)),
} satisfies Partial<RuntimeHelpers>;
