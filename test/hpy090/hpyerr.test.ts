// HPy 0.9.0's test_hpyerr.py, on hpy-node: every exception and warning
// handle raises the class docs/values.md maps it to; Unicode errors made by
// calling their class and raised with HPyErr_SetObject; HPyErr_NewException
// in HPy's eight combinations; HPyErr_ExceptionMatches on errors JavaScript
// code throws; HPy_FatalError is noreturn for the C compiler. HPyErr_Format
// is the helper library's (its tests have it); test/universal/errors.test.ts
// covers NoMemory, Occurred/Clear, SetString/SetObject, the errno functions,
// WarnEx, WriteUnraisable and FatalError's abort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as hpy from '../../src/index';
import { buildExtension } from '../../src/cli/build';
import { TMP_DIR, makeModule } from '../support/make-module';

// h_<name> -> what JavaScript code catches: JavaScript's own class where
// JavaScript has the exception, hpy-node's otherwise.
const EXCEPTIONS: Record<string, new (...a: never[]) => Error> = {
  BaseException: Error, Exception: Error, TypeError, SyntaxError, NameError: ReferenceError,
  ReferenceError: hpy.PyReferenceError,
};
const NAMES = [
  'BaseException', 'Exception', 'StopAsyncIteration', 'StopIteration', 'GeneratorExit', 'ArithmeticError', 'LookupError',
  'AssertionError', 'AttributeError', 'BufferError', 'EOFError', 'FloatingPointError', 'OSError', 'ImportError',
  'ModuleNotFoundError', 'IndexError', 'KeyError', 'KeyboardInterrupt', 'MemoryError', 'NameError', 'OverflowError',
  'RuntimeError', 'RecursionError', 'NotImplementedError', 'SyntaxError', 'IndentationError', 'TabError',
  'ReferenceError', 'SystemError', 'SystemExit', 'TypeError', 'UnboundLocalError', 'ValueError', 'ZeroDivisionError',
  'BlockingIOError', 'BrokenPipeError', 'ChildProcessError', 'ConnectionError', 'ConnectionAbortedError',
  'ConnectionRefusedError', 'ConnectionResetError', 'FileExistsError', 'FileNotFoundError', 'InterruptedError',
  'IsADirectoryError', 'NotADirectoryError', 'PermissionError', 'ProcessLookupError', 'TimeoutError',
  'UnicodeError', 'UnicodeEncodeError', 'UnicodeDecodeError', 'UnicodeTranslateError',
];
const WARNINGS = [
  'Warning', 'UserWarning', 'DeprecationWarning', 'PendingDeprecationWarning', 'SyntaxWarning', 'RuntimeWarning',
  'FutureWarning', 'ImportWarning', 'UnicodeWarning', 'BytesWarning', 'ResourceWarning',
];
const classOf = (name: string) => EXCEPTIONS[name] ?? (hpy as unknown as Record<string, new () => Error>)[name];

const ALL = [...NAMES, ...WARNINGS];

const m = makeModule(`
/* raise_by_index(i): HPyErr_SetString with the i-th handle of the list below */
HPyDef_METH(raise_by_index, "raise_by_index", HPyFunc_O)
static HPy raise_by_index_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy handles[] = { ${ALL.map((n) => `ctx->h_${n}`).join(', ')} };
    long i = HPyLong_AsLong(ctx, arg);
    if (i < 0 || i >= (long)(sizeof handles / sizeof handles[0]))
        return HPyErr_SetString(ctx, ctx->h_IndexError, "no such handle");
    return HPyErr_SetString(ctx, handles[i], "error message");
}
/* raise_made(cls, args): HPyErr_SetObject(cls, cls(*args)) */
HPyDef_METH(raise_made, "raise_made", HPyFunc_VARARGS)
static HPy raise_made_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy value = HPy_CallTupleDict(ctx, args[0], args[1], HPy_NULL);
    if (HPy_IsNull(value))
        return HPy_NULL;
    HPyErr_SetObject(ctx, args[0], value);
    HPy_Close(ctx, value);
    return HPy_NULL;
}
/* new_exception(base, dict, doc): None stands for HPy_NULL and NULL; raises
   the new class with "hello" and returns nothing */
HPyDef_METH(new_exception, "new_exception", HPyFunc_VARARGS)
static HPy new_exception_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy base = HPy_Is(ctx, args[0], ctx->h_None) ? HPy_NULL : args[0];
    HPy dict = HPy_Is(ctx, args[1], ctx->h_None) ? HPy_NULL : args[1];
    HPy cls;
    if (HPy_Is(ctx, args[2], ctx->h_None)) {
        cls = HPyErr_NewException(ctx, "mytest.FooError", base, dict);
    } else {
        const char *doc = HPyUnicode_AsUTF8AndSize(ctx, args[2], NULL);
        if (doc == NULL)
            return HPy_NULL;
        cls = HPyErr_NewExceptionWithDoc(ctx, "mytest.FooError", doc, base, dict);
    }
    if (HPy_IsNull(cls))
        return HPy_NULL;
    HPyErr_SetString(ctx, cls, "hello");
    HPy_Close(ctx, cls);
    return HPy_NULL;
}
/* calls_and_matches(f, args, type): true if f(*args) raised a match of type
   (cleared), false if it returned; any other error goes on */
HPyDef_METH(calls_and_matches, "calls_and_matches", HPyFunc_VARARGS)
static HPy calls_and_matches_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy r = HPy_CallTupleDict(ctx, args[0], args[1], HPy_NULL);
    if (!HPy_IsNull(r)) {
        HPy_Close(ctx, r);
        return HPy_Dup(ctx, ctx->h_False);
    }
    if (!HPyErr_ExceptionMatches(ctx, args[2]))
        return HPy_NULL;
    HPyErr_Clear(ctx);
    return HPy_Dup(ctx, ctx->h_True);
}`);

test('every exception and warning handle raises its class, with the message', () => {
  ALL.forEach((name, i) => {
    const cls = classOf(name);
    assert.equal(typeof cls, 'function', name);
    assert.throws(() => m.raise_by_index(i), (e: Error) => e instanceof cls && e.message === 'error message', name);
  });
});

test("the classes keep Python's hierarchy: OSError's, LookupError's, ArithmeticError's, the Unicode errors' and warnings' families", () => {
  const bases: Record<string, string> = {
    FileNotFoundError: 'OSError', TimeoutError: 'OSError', BrokenPipeError: 'ConnectionError', ConnectionError: 'OSError',
    KeyError: 'LookupError', IndexError: 'LookupError', ZeroDivisionError: 'ArithmeticError', OverflowError: 'ArithmeticError',
    FloatingPointError: 'ArithmeticError', ModuleNotFoundError: 'ImportError', RecursionError: 'RuntimeError',
    NotImplementedError: 'RuntimeError', TabError: 'IndentationError', IndentationError: 'SyntaxError',
    UnboundLocalError: 'NameError', UnicodeEncodeError: 'UnicodeError', UnicodeError: 'ValueError',
    ResourceWarning: 'Warning', UserWarning: 'Warning',
  };
  for (const [sub, base] of Object.entries(bases)) assert.ok(classOf(sub).prototype instanceof classOf(base), `${sub} < ${base}`);
  for (const name of ALL) assert.ok(classOf(name) === Error || classOf(name).prototype instanceof Error, `${name} < Error`);
});

test('the Unicode errors, made by calling their class (as Python calls it) and raised with HPyErr_SetObject', () => {
  const cases: Array<[new (...a: never[]) => Error, unknown[]]> = [
    [hpy.UnicodeError, []],
    [hpy.UnicodeEncodeError, ['utf-8', 'object', 0, 2, 'reason']],
    [hpy.UnicodeDecodeError, ['utf-8', Buffer.from('object'), 0, 2, 'reason']],
    [hpy.UnicodeTranslateError, ['object', 0, 2, 'reason']],
  ];
  for (const [cls, args] of cases) {
    assert.throws(() => m.raise_made(cls, Object.freeze(args)), (e: Error) => e.constructor === cls, cls.name);
  }
});

test("HPyErr_NewException(WithDoc) in HPy's eight combinations of base, dict and doc", () => {
  for (const base of [undefined, hpy.RuntimeError]) {
    for (const dict of [undefined, { test: 'pass' }]) {
      for (const doc of [undefined, 'mytest']) {
        const what = JSON.stringify({ base: base?.name, dict, doc });
        let caught: unknown;
        try {
          m.new_exception(base, dict, doc);
        } catch (e) {
          caught = e;
        }
        assert.ok(caught instanceof (base ?? Error), what);
        const cls = (caught as Error).constructor as unknown as Record<string, unknown> & { name: string; prototype: Record<string, unknown> };
        assert.equal(cls.name, 'FooError', what);
        assert.equal(cls.__module__, 'mytest', what);
        assert.equal(cls.__doc__, doc, what);
        assert.equal((caught as Error).message, 'hello', what);
        if (dict) assert.equal(cls.prototype.test, 'pass', what);
      }
    }
  }
});

test('HPyErr_ExceptionMatches on errors thrown by JavaScript code: leaf, base, tuple, and no match goes on', () => {
  class DummyException extends Error {}
  const raise = (e: new () => Error) => { throw new e(); };
  const classes = NAMES.filter((n) => !['BaseException', 'Exception'].includes(n)).map(classOf);
  assert.equal(m.calls_and_matches(() => undefined, Object.freeze([]), DummyException), false);
  assert.equal(m.calls_and_matches(raise, Object.freeze([DummyException]), DummyException), true);
  assert.throws(() => m.calls_and_matches(raise, Object.freeze([DummyException]), hpy.StopIteration), DummyException);
  for (const cls of [...classes, DummyException]) {
    assert.equal(m.calls_and_matches(raise, Object.freeze([cls]), Error), true, `${cls.name} matches BaseException (Error)`);
  }
  const all = Object.freeze(classes);
  for (const cls of classes) assert.equal(m.calls_and_matches(raise, Object.freeze([cls]), all), true, cls.name);
  assert.throws(() => m.calls_and_matches(raise, Object.freeze([DummyException]), all), DummyException);
});

test('HPy_FatalError is noreturn: a function ending in it needs no return (-Werror=return-type)', () => {
  const dir = join(TMP_DIR, 'hpy090-hpyerr');
  mkdirSync(dir, { recursive: true });
  const c = join(dir, 'fatal_noreturn.c');
  writeFileSync(c, `#include "hpy.h"
HPyDef_METH(f, "f", HPyFunc_NOARGS)
static HPy f_impl(HPyContext *ctx, HPy self)
{
    HPy_FatalError(ctx, "boom!");
}
static HPyDef *defines[] = { &f, NULL };
static HPyModuleDef moduledef = { .defines = defines };
HPy_MODINIT(fatal_noreturn, moduledef)
`);
  buildExtension(c, { output: join(dir, 'fatal_noreturn.hpy0.so'), flags: ['-Werror=return-type'] });
});
