// HPy_Call and friends: keyword arguments become one trailing options object.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { Obj, exceptions, typeName } from './common';

/** HPy_Call's keyword convention: the last `kwnames.length` arguments are
 * keyword values; JavaScript receives them as one trailing options object. */
function withKeywords(args: unknown[], kwnames: unknown): unknown[] {
  if (!Array.isArray(kwnames) || kwnames.length === 0) return args;
  const n = args.length - kwnames.length;
  const kw: Obj = {};
  kwnames.forEach((name, i) => (kw[String(name)] = args[n + i]));
  return [...args.slice(0, n), kw];
}

export const callHelpers = {
  call: (fn, args, kwnames, kwargs) => {
    if (typeof fn !== 'function') throw new exceptions.TypeError(`'${typeName(fn)}' object is not callable`);
    let all = withKeywords(args, kwnames);
    // A Map dict has no own keys: its entries become the options object.
    const kw = kwargs instanceof Map ? Object.fromEntries(kwargs) : kwargs;
    if (kw !== undefined && kw !== null && Object.keys(kw as object).length > 0) all = [...all, kw];
    return Reflect.apply(fn, undefined, all);
  },
} satisfies Partial<RuntimeHelpers>;
