// HPy_Call and friends. Keyword arguments reach a JavaScript function as one
// trailing options object, and an HPy module's method as kwargs(), which it
// passes on to HPyFunc_KEYWORDS methods as HPy does.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { kwargs as makeKwargs } from '../kwargs';
import { Obj, exceptions, setEntry, typeName } from './common';

/** Splits HPy_Call's arguments (the last `kwnames.length` are keyword values)
 * and merges HPy_CallTupleDict's dict (a plain object or a Map) into the
 * keywords; `keywords` is undefined when there are none. */
function splitKeywords(args: unknown[], kwnames: unknown, dict: unknown): { positional: unknown[]; keywords?: Obj } {
  const names = Array.isArray(kwnames) ? kwnames : [];
  const n = args.length - names.length;
  const keywords: Obj = {};
  names.forEach((name, i) => setEntry(keywords, String(name), args[n + i]));
  // Entries one by one, as setEntry defines them: Object.assign would set a
  // "__proto__" entry through the prototype setter.
  if (dict instanceof Map) for (const [k, v] of dict) setEntry(keywords, k as PropertyKey, v);
  else if (dict !== undefined && dict !== null) {
    const from = Object(dict) as Obj;
    for (const k of Reflect.ownKeys(from)) if (Object.prototype.propertyIsEnumerable.call(from, k)) setEntry(keywords, k, from[k]);
  }
  const positional = names.length > 0 ? args.slice(0, n) : args;
  return Object.keys(keywords).length > 0 ? { positional, keywords } : { positional };
}

/** Whether `err`, thrown by calling `fn` without `new`, is JavaScript
 * refusing the call because fn is a class or a built-in constructor (it
 * throws before running any of fn's code). The wordings are V8's; the one
 * without a name is for a class that had none when it was created. */
function refusedWithoutNew(fn: Function, err: unknown): boolean {
  if (!(err instanceof TypeError)) return false;
  if (err.message === "Class constructors cannot be invoked without 'new'") return /^class[\s{]/.test(Function.prototype.toString.call(fn));
  return [`Class constructor ${fn.name} cannot be invoked without 'new'`, `Constructor ${fn.name} requires 'new'`,
    `${fn.name} constructor cannot be invoked without 'new'`].includes(err.message);
}

/** fn(...args); a class is constructed instead, as calling a type makes an
 * instance in Python (the native HPy_Call path does the same). */
function callOrConstruct(fn: Function, args: unknown[]): unknown {
  try {
    return Reflect.apply(fn, undefined, args);
  } catch (err) {
    if (refusedWithoutNew(fn, err)) return Reflect.construct(fn, args);
    throw err;
  }
}

export const callHelpers = {
  call: (fn, args, kwnames, kwargs, toHpyMethod) => {
    if (typeof fn !== 'function') throw new exceptions.TypeError(`'${typeName(fn)}' object is not callable`);
    const { positional, keywords } = splitKeywords(args, kwnames, kwargs);
    if (keywords === undefined) return callOrConstruct(fn, positional);
    const last = toHpyMethod ? makeKwargs(keywords) : keywords;
    return callOrConstruct(fn, [...positional, last]);
  },
} satisfies Partial<RuntimeHelpers>;
