// HPy_Call and friends. Keyword arguments reach a JavaScript function as one
// trailing options object, and an HPy module's method as kwargs(), which it
// passes on to HPyFunc_KEYWORDS methods as HPy does.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { kwargs as makeKwargs } from '../kwargs';
import { Obj, exceptions, typeName } from './common';

/** Splits HPy_Call's arguments (the last `kwnames.length` are keyword values)
 * and merges HPy_CallTupleDict's dict (a plain object or a Map) into the
 * keywords; `keywords` is undefined when there are none. */
function splitKeywords(args: unknown[], kwnames: unknown, dict: unknown): { positional: unknown[]; keywords?: Obj } {
  const names = Array.isArray(kwnames) ? kwnames : [];
  const n = args.length - names.length;
  const keywords: Obj = {};
  names.forEach((name, i) => (keywords[String(name)] = args[n + i]));
  const fromDict = dict instanceof Map ? Object.fromEntries(dict) : dict;
  if (fromDict !== undefined && fromDict !== null) Object.assign(keywords, fromDict);
  const positional = names.length > 0 ? args.slice(0, n) : args;
  return Object.keys(keywords).length > 0 ? { positional, keywords } : { positional };
}

export const callHelpers = {
  call: (fn, args, kwnames, kwargs, toHpyMethod) => {
    if (typeof fn !== 'function') throw new exceptions.TypeError(`'${typeName(fn)}' object is not callable`);
    const { positional, keywords } = splitKeywords(args, kwnames, kwargs);
    if (keywords === undefined) return Reflect.apply(fn, undefined, positional);
    const last = toHpyMethod ? makeKwargs(keywords) : keywords;
    return Reflect.apply(fn, undefined, [...positional, last]);
  },
} satisfies Partial<RuntimeHelpers>;
