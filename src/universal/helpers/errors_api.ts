// Exceptions: classes made by HPyErr_NewException, matching, construction
// from a type and a value, errno, warnings, unraisable errors.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { inspect } from 'node:util';
import { ExceptionClass } from '../exceptions';
import { Obj, exceptions, typeName } from './common';

function exceptionMatches(err: unknown, type: unknown): boolean {
  if (Array.isArray(type)) return type.some((t) => exceptionMatches(err, t));
  // JavaScript can throw anything: BaseException and Exception match it all.
  if (type === Error) return true;
  return typeof type === 'function' && err instanceof (type as ExceptionClass);
}

export const errorHelpers = {
  newException: (name: string, base: unknown, dict: unknown, doc: unknown) => {
    const dot = name.lastIndexOf('.');
    if (dot < 0) throw new exceptions.SystemError(`ctx_Err_NewException: name must be module.ClassName, got '${name}'`);
    const bases = Array.isArray(base) ? base : [base ?? Error];
    const parent = bases[0];
    if (typeof parent !== 'function') throw new exceptions.TypeError('ctx_Err_NewException: base must be an exception class');
    const short = name.slice(dot + 1);
    const cls = { [short]: class extends (parent as ExceptionClass) {} }[short];
    Object.defineProperty(cls.prototype, 'name', { value: short, writable: true, configurable: true });
    Object.defineProperty(cls, '__module__', { value: name.slice(0, dot) });
    if (typeof doc === 'string') Object.defineProperty(cls, '__doc__', { value: doc });
    if (dict && typeof dict === 'object') Object.assign(cls.prototype, dict);
    return cls;
  },
  exceptionMatches,
  makeException: (type: unknown, value: unknown) => {
    if (typeof type !== 'function') throw new exceptions.SystemError('ctx_Err_SetObject: exception type must be a class');
    if (value instanceof (type as ExceptionClass)) return value;
    const err = Reflect.construct(type, value === undefined ? [] : [typeof value === 'string' ? value : inspect(value)]) as Error;
    if (value !== undefined && typeof value !== 'string') Object.defineProperty(err, 'value', { value, enumerable: false });
    return err;
  },
  makeErrnoException: (type: unknown, errno: number, message: string, filename1: unknown, filename2: unknown) => {
    const ctor = typeof type === 'function' ? (type as ExceptionClass) : exceptions.OSError;
    const files = [filename1, filename2].filter((f) => f !== undefined && f !== null).map((f) => `'${String(f)}'`);
    const err = new ctor(`[Errno ${errno}] ${message}${files.length ? ': ' + files.join(' -> ') : ''}`) as Error & Obj;
    err.errno = errno;
    err.strerror = message;
    if (filename1 !== undefined && filename1 !== null) err.filename = filename1;
    if (filename2 !== undefined && filename2 !== null) err.filename2 = filename2;
    return err;
  },
  warn: (category: unknown, message: string, _stackLevel: number) => {
    // Python: no category means RuntimeWarning; anything else must be a
    // Warning subclass.
    const cls = category === undefined || category === null ? exceptions.RuntimeWarning : category;
    if (typeof cls !== 'function' || (cls !== exceptions.Warning && !(cls.prototype instanceof exceptions.Warning)))
      throw new exceptions.TypeError(`ctx_Err_WarnEx: category must be a Warning subclass, not '${typeName(category)}'`);
    process.emitWarning(message, { type: cls.name });
  },
  writeUnraisable: (obj: unknown, err: unknown) => {
    process.stderr.write(`hpy-node: exception ignored in: ${inspect(obj)}\n${err instanceof Error ? err.stack : inspect(err)}\n`);
  },
} satisfies Partial<RuntimeHelpers>;
