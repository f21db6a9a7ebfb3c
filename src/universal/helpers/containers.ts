// Lists (arrays), tuples (frozen arrays) and dicts (plain objects or Maps).
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { Tuple, isPlainObject } from '../values';
import { exceptions, typeName } from './common';

export const containerHelpers = {
  isList: (o: unknown) => Array.isArray(o) && !Object.isFrozen(o),
  isTuple: (o: unknown) => o instanceof Tuple,
  isDict: (o: unknown) => isPlainObject(o) || o instanceof Map,
  // SystemError on a non-dict, as CPython's PyDict_Keys/PyDict_Copy raise.
  // A Map's own entries, read with Map's methods: a subclass that overrides
  // keys() or iteration does not change them (as PyDict_Keys ignores an
  // overridden keys()).
  dictKeys: (d: unknown) => {
    if (d instanceof Map) return [...Map.prototype.keys.call(d)];
    if (isPlainObject(d)) return Object.keys(d);
    throw new exceptions.SystemError(`ctx_Dict_Keys: expected a dict (plain object or Map), got '${typeName(d)}'`);
  },
  dictCopy: (d: unknown) => {
    if (d instanceof Map) return new Map(Map.prototype.entries.call(d));
    if (isPlainObject(d)) return { ...d };
    throw new exceptions.SystemError(`ctx_Dict_Copy: expected a dict (plain object or Map), got '${typeName(d)}'`);
  },
} satisfies Partial<RuntimeHelpers>;
