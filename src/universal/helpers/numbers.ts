// Conversions of numbers.cc that need JavaScript's rules: float(x).
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { exceptions, typeName } from './common';

export const numberHelpers = {
  float: (a) => {
    if (typeof a === 'number') return a;
    if (typeof a === 'bigint' || typeof a === 'boolean') return Number(a);
    if (typeof a === 'string') {
      const v = Number(a);
      if (a.trim() === '' || Number.isNaN(v)) throw new exceptions.ValueError(`could not convert string to float: '${a}'`);
      return v;
    }
    throw new exceptions.TypeError(`float() argument must be a string or a number, not '${typeName(a)}'`);
  },
} satisfies Partial<RuntimeHelpers>;
