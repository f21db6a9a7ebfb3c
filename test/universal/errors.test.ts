// HPyErr_* and HPy_FatalError in the universal context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildModule, makeModule } from '../support/make-module';
import {
  FileNotFoundError, KeyError, LookupError, MemoryError, OSError, PermissionError, SystemError, ValueError,
  RuntimeWarning, UserWarning,
} from '../../src/index';

const ROOT = resolve(__dirname, '..', '..');

const m = makeModule(`
HPyDef_METH(set_string, "set_string", HPyFunc_O)
static HPy set_string_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyErr_SetString(ctx, ctx->h_ValueError, "bad value");
}
HPyDef_METH(set_object, "set_object", HPyFunc_VARARGS)
static HPy set_object_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPyErr_SetObject(ctx, args[0], nargs > 1 ? args[1] : HPy_NULL);
}
HPyDef_METH(errno_file, "errno_file", HPyFunc_VARARGS)
static HPy errno_file_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    errno = (int)HPyLong_AsLong(ctx, args[1]);
    return HPyErr_SetFromErrnoWithFilename(ctx, args[0], nargs > 2 ? "f\\xffile.txt" : "missing.txt");
}
HPyDef_METH(errno_none, "errno_none", HPyFunc_VARARGS)
static HPy errno_none_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    errno = (int)HPyLong_AsLong(ctx, args[1]);
    return HPyErr_SetFromErrno(ctx, args[0]);
}
HPyDef_METH(errno_objects, "errno_objects", HPyFunc_VARARGS)
static HPy errno_objects_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    errno = ENOENT;
    return HPyErr_SetFromErrnoWithFilenameObjects(ctx, ctx->h_OSError, args[0], nargs > 1 ? args[1] : HPy_NULL);
}
HPyDef_METH(open_missing, "open_missing", HPyFunc_NOARGS)
static HPy open_missing_impl(HPyContext *ctx, HPy self) {
    int fd = open("/nonexistent-hpy-node/x", O_RDONLY);
    if (fd < 0) return HPyErr_SetFromErrnoWithFilename(ctx, ctx->h_OSError, "/nonexistent-hpy-node/x");
    close(fd);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(occurred, "occurred", HPyFunc_NOARGS)
static HPy occurred_impl(HPyContext *ctx, HPy self) {
    int before = HPyErr_Occurred(ctx);
    HPyErr_SetString(ctx, ctx->h_KeyError, "k");
    int during = HPyErr_Occurred(ctx);
    HPyErr_Clear(ctx);
    int after = HPyErr_Occurred(ctx);
    return HPyLong_FromLong(ctx, before * 100 + during * 10 + after);
}
HPyDef_METH(matches, "matches", HPyFunc_VARARGS)
static HPy matches_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    if (nargs > 1) HPyErr_SetObject(ctx, args[1], HPy_NULL);
    int r = HPyErr_ExceptionMatches(ctx, args[0]);
    int still = HPyErr_Occurred(ctx);
    HPyErr_Clear(ctx);
    return HPyLong_FromLong(ctx, r * 10 + still);
}
HPyDef_METH(matches_bad_handle, "matches_bad_handle", HPyFunc_NOARGS)
static HPy matches_bad_handle_impl(HPyContext *ctx, HPy self) {
    HPyErr_SetString(ctx, ctx->h_KeyError, "k");
    HPy bogus = { 999999 };
    int r = HPyErr_ExceptionMatches(ctx, bogus);
    int keyerror = HPyErr_ExceptionMatches(ctx, ctx->h_KeyError);
    HPyErr_Clear(ctx);
    return HPyLong_FromLong(ctx, r * 10 + keyerror);
}
HPyDef_METH(no_memory, "no_memory", HPyFunc_NOARGS)
static HPy no_memory_impl(HPyContext *ctx, HPy self) {
    return HPyErr_NoMemory(ctx);
}
HPyDef_METH(new_exc, "new_exc", HPyFunc_VARARGS)
static HPy new_exc_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    const char *name = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    if (!name) return HPy_NULL;
    HPy base = nargs > 1 ? args[1] : HPy_NULL;
    HPy dict = nargs > 2 ? args[2] : HPy_NULL;
    if (nargs > 3) {
        const char *doc = HPyUnicode_AsUTF8AndSize(ctx, args[3], NULL);
        return HPyErr_NewExceptionWithDoc(ctx, name, doc, base, dict);
    }
    return HPyErr_NewException(ctx, name, base, dict);
}
HPyDef_METH(raise_with, "raise_with", HPyFunc_VARARGS)
static HPy raise_with_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    const char *msg = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    return HPyErr_SetString(ctx, args[0], msg);
}
HPyDef_METH(warn, "warn", HPyFunc_VARARGS)
static HPy warn_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    const char *msg = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    int r = HPyErr_WarnEx(ctx, HPy_Is(ctx, args[0], ctx->h_None) ? HPy_NULL : args[0], msg, 1);
    if (r < 0) return HPy_NULL;
    return HPyLong_FromLong(ctx, r);
}
HPyDef_METH(unraisable, "unraisable", HPyFunc_O)
static HPy unraisable_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPyErr_SetString(ctx, ctx->h_RuntimeError, "lost in a destructor");
    HPyErr_WriteUnraisable(ctx, arg);
    return HPyLong_FromLong(ctx, HPyErr_Occurred(ctx));
}
HPyDef_METH(unraisable_nothing, "unraisable_nothing", HPyFunc_NOARGS)
static HPy unraisable_nothing_impl(HPyContext *ctx, HPy self) {
    HPyErr_WriteUnraisable(ctx, HPy_NULL);
    return HPyLong_FromLong(ctx, HPyErr_Occurred(ctx));
}
`, { prelude: '#include <errno.h>\n#include <fcntl.h>\n#include <unistd.h>' });

test('HPyErr_SetString throws the mapped class with the message', () => {
  assert.throws(() => m.set_string(0), (e: Error) => e instanceof ValueError && e.message === 'bad value');
});

test('HPyErr_SetObject with a string value uses it as the message', () => {
  assert.throws(() => m.set_object(KeyError, 'k1'), (e: Error) => e instanceof KeyError && e.message === 'k1');
});

test('HPyErr_SetObject with a non-string value keeps it on .value', () => {
  assert.throws(() => m.set_object(ValueError, 42), (e: Error & { value?: unknown }) => e instanceof ValueError && e.value === 42 && e.message === '42');
});

test('HPyErr_SetObject with an instance of the type throws that instance', () => {
  const err = new KeyError('mine');
  assert.throws(() => m.set_object(KeyError, err), (e: unknown) => e === err);
});

test('HPyErr_SetObject with a NULL value makes an exception without message', () => {
  assert.throws(() => m.set_object(LookupError), (e: Error) => e instanceof LookupError && e.message === '');
});

test('HPyErr_SetObject with a type that is not a class is a SystemError', () => {
  assert.throws(() => m.set_object(42, 'x'), { name: 'SystemError', message: /must be a class/ });
});

test('HPyErr_SetFromErrnoWithFilename with OSError and ENOENT throws FileNotFoundError', () => {
  assert.throws(() => m.errno_file(OSError, 2), (e: Error & Record<string, unknown>) =>
    e instanceof FileNotFoundError && e.message === "[Errno 2] No such file or directory: 'missing.txt'" &&
    e.errno === 2 && e.strerror === 'No such file or directory' && e.filename === 'missing.txt');
});

test('HPyErr_SetFromErrnoWithFilename picks PermissionError for EACCES', () => {
  assert.throws(() => m.errno_file(OSError, 13), (e: Error) => e instanceof PermissionError && /\[Errno 13\] Permission denied/.test(e.message));
});

test('HPyErr_SetFromErrnoWithFilename keeps OSError for an errno without a subclass', () => {
  assert.throws(() => m.errno_file(OSError, 5), (e: Error) => e.constructor === OSError && e.message === "[Errno 5] Input/output error: 'missing.txt'");
});

test('HPyErr_SetFromErrno keeps a type other than OSError as given', () => {
  assert.throws(() => m.errno_none(ValueError, 2), (e: Error & { errno?: number }) =>
    e.constructor === ValueError && e.message === '[Errno 2] No such file or directory' && e.errno === 2);
});

test('HPyErr_SetFromErrno with errno 0 says "Error", as Python does', () => {
  assert.throws(() => m.errno_none(OSError, 0), { message: '[Errno 0] Error' });
});

test('HPyErr_SetFromErrnoWithFilename decodes the file name with surrogateescape', () => {
  assert.throws(() => m.errno_file(OSError, 2, 'odd'), (e: Error & { filename?: string }) => e.filename === 'f\udcffile.txt');
});

test('HPyErr_SetFromErrno after a real failing open() reports ENOENT', () => {
  assert.throws(() => m.open_missing(), (e: Error & { errno?: number }) => e instanceof FileNotFoundError && e.errno === 2 && /nonexistent-hpy-node/.test(e.message));
});

test('HPyErr_SetFromErrnoWithFilenameObjects names both files', () => {
  assert.throws(() => m.errno_objects('a.txt', 'b.txt'), (e: Error & Record<string, unknown>) =>
    e instanceof FileNotFoundError && e.message === "[Errno 2] No such file or directory: 'a.txt' -> 'b.txt'" &&
    e.filename === 'a.txt' && e.filename2 === 'b.txt');
});

test('HPyErr_SetFromErrnoWithFilenameObject (one file, NULL second) names one file', () => {
  assert.throws(() => m.errno_objects('a.txt'), (e: Error & Record<string, unknown>) =>
    e.message === "[Errno 2] No such file or directory: 'a.txt'" && !('filename2' in e));
});

test('HPyErr_Occurred is 0, then 1 after SetString, then 0 after Clear', () => {
  assert.equal(m.occurred(), 10); // before 0, during 1, after 0
});

test('HPyErr_ExceptionMatches matches the class and its bases, and keeps the error', () => {
  assert.equal(m.matches(KeyError, KeyError), 11);
  assert.equal(m.matches(LookupError, KeyError), 11);
  assert.equal(m.matches(Error, KeyError), 11); // h_Exception / h_BaseException
  assert.equal(m.matches(ValueError, KeyError), 1);
});

test('HPyErr_ExceptionMatches accepts a tuple of classes', () => {
  assert.equal(m.matches(Object.freeze([ValueError, KeyError]), KeyError), 11);
  assert.equal(m.matches(Object.freeze([ValueError, TypeError]), KeyError), 1);
});

test('HPyErr_ExceptionMatches with no pending error is 0', () => {
  assert.equal(m.matches(KeyError), 0);
});

test('HPyErr_ExceptionMatches with an invalid handle is 0 and keeps the pending error', () => {
  assert.equal(m.matches_bad_handle(), 1);
});

test('HPyErr_NoMemory throws MemoryError', () => {
  assert.throws(() => m.no_memory(), (e: Error) => e instanceof MemoryError);
});

test('HPyErr_NewException makes a named Error subclass that HPy code can raise', () => {
  const Cls = m.new_exc('mymod.MyError');
  assert.equal(Cls.name, 'MyError');
  assert.equal(Cls.__module__, 'mymod');
  assert.throws(() => m.raise_with(Cls, 'oops'), (e: Error) => e instanceof Cls && e instanceof Error && e.name === 'MyError' && e.message === 'oops');
});

test('HPyErr_NewException with a base derives from it', () => {
  const Cls = m.new_exc('mymod.BadValue', ValueError);
  assert.ok(new Cls('x') instanceof ValueError);
});

test('HPyErr_NewException with a dict puts its entries on the prototype', () => {
  const Cls = m.new_exc('mymod.WithCode', null, { code: 7 });
  assert.equal(new Cls('x').code, 7);
});

test('HPyErr_NewExceptionWithDoc sets __doc__', () => {
  const Cls = m.new_exc('mymod.Documented', null, null, 'Raised when documented.');
  assert.equal(Cls.__doc__, 'Raised when documented.');
});

test('HPyErr_NewException with a name lacking a module is a SystemError', () => {
  assert.throws(() => m.new_exc('NoDot'), (e: Error) => e instanceof SystemError && /module\.ClassName/.test(e.message));
});

test('HPyErr_NewException with a base that is not a class is a TypeError', () => {
  assert.throws(() => m.new_exc('m.X', 42), TypeError);
});

function captureWarning(fn: () => unknown): Promise<Error> {
  return new Promise((resolvePromise) => {
    process.once('warning', resolvePromise);
    fn();
  });
}

test('HPyErr_WarnEx emits a process warning with the category name', async () => {
  const w = await captureWarning(() => assert.equal(m.warn(UserWarning, 'careful'), 0));
  assert.equal(w.name, 'UserWarning');
  assert.equal(w.message, 'careful');
});

test('HPyErr_WarnEx with a NULL category emits a RuntimeWarning', async () => {
  const w = await captureWarning(() => m.warn(undefined, 'default category'));
  assert.equal(w.name, RuntimeWarning.name);
});

test('HPyErr_WarnEx with a category that is not a Warning is a TypeError and returns -1', () => {
  assert.throws(() => m.warn(ValueError, 'x'), { name: 'TypeError', message: /must be a Warning subclass/ });
});

function captureStderr(fn: () => unknown): string {
  const write = process.stderr.write;
  let out = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stderr.write = write;
  }
  return out;
}

test('HPyErr_WriteUnraisable prints the pending error with the object and clears it', () => {
  let occurred: unknown;
  const out = captureStderr(() => (occurred = m.unraisable({ id: 'obj-7' })));
  assert.equal(occurred, 0);
  assert.match(out, /exception ignored in: \{ id: 'obj-7' \}/);
  assert.match(out, /RuntimeError: lost in a destructor/);
});

test('HPyErr_WriteUnraisable without a pending error prints nothing', () => {
  let occurred: unknown;
  const out = captureStderr(() => (occurred = m.unraisable_nothing()));
  assert.equal(occurred, 0);
  assert.equal(out, '');
});

test('HPy_FatalError prints the message and aborts the process', () => {
  const so = buildModule(`
HPyDef_METH(die, "die", HPyFunc_NOARGS)
static HPy die_impl(HPyContext *ctx, HPy self) {
    HPy_FatalError(ctx, "the extension gave up");
    return HPy_Dup(ctx, ctx->h_None);
}`);
  const script = `const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))}); load(${JSON.stringify(so)}).die(); console.log('survived');`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(r.signal, 'SIGABRT');
  assert.doesNotMatch(r.stdout, /survived/);
  assert.match(r.stderr, /Fatal Python error: the extension gave up/);
  assert.match(r.stderr, /ctx_FatalError/);
});
