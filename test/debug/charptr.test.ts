// HPy 0.9.0's test_charptr.py on hpy-node's debug mode: the raw data of
// HPyUnicode_AsUTF8AndSize and HPyBytes_AsString is a read-only copy that
// becomes unreadable when its handle closes, so a write or a late read
// faults at once (in a child process here: the fault ends it) instead of
// reading memory that names something else, and says so on stderr. The
// protected total is bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildModule, makeModule } from '../support/make-module';
import * as debug from '../../src/debug/index';

const ROOT = resolve(__dirname, '..', '..');

const SRC = `
#include <string.h>
static const char *kept;
static HPy_ssize_t kept_size;
HPyDef_METH(keep, "keep", HPyFunc_VARARGS)
static HPy keep_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long bytes = HPyLong_AsLong(ctx, args[1]);
    kept = bytes ? HPyBytes_AsString(ctx, args[0]) : HPyUnicode_AsUTF8AndSize(ctx, args[0], &kept_size);
    if (bytes) kept_size = HPyBytes_Size(ctx, args[0]);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(read_kept, "read_kept", HPyFunc_NOARGS)
static HPy read_kept_impl(HPyContext *ctx, HPy self)
{
    return HPyUnicode_FromString(ctx, kept);
}
HPyDef_METH(read_after_close, "read_after_close", HPyFunc_O)
static HPy read_after_close_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy dup = HPy_Dup(ctx, arg);
    HPy_ssize_t n;
    const char *data = HPyUnicode_AsUTF8AndSize(ctx, dup, &n);
    HPy_Close(ctx, dup);
    return HPyUnicode_FromString(ctx, data);
}
HPyDef_METH(write, "write", HPyFunc_O)
static HPy write_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    char *data = (char *)HPyUnicode_AsUTF8AndSize(ctx, arg, &n);
    data[0] = 'x';
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(copy, "copy", HPyFunc_O)
static HPy copy_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    const char *data = HPyUnicode_AsUTF8AndSize(ctx, arg, &n);
    return HPyUnicode_FromString(ctx, data);
}
HPyDef_METH(leak_raw, "leak_raw", HPyFunc_O)
static HPy leak_raw_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy dup = HPy_Dup(ctx, arg);
    HPy_ssize_t n;
    HPyUnicode_AsUTF8AndSize(ctx, dup, &n);
    HPy_Close(ctx, dup);
    return HPy_Dup(ctx, ctx->h_None);
}
`;

function child(calls: string): ReturnType<typeof spawnSync> {
  const path = buildModule(SRC, { name: 'charptr_debug' });
  const script = `const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const mod = load(${JSON.stringify(path)}, { mode: 'debug' });
${calls}
console.log('still running');`;
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
}

function assertFaulted(r: ReturnType<typeof spawnSync>, says: RegExp): void {
  assert.equal(r.stdout, '', `the process went on: ${r.stdout}`);
  assert.ok(r.signal === 'SIGSEGV' || r.signal === 'SIGBUS' || (r.status ?? 0) !== 0, `exit ${r.status} ${r.signal}`);
  assert.match(String(r.stderr), says);
}

const READ_AFTER_CLOSE = /hpy-node debug mode: the extension read raw data \(HPyUnicode_AsUTF8AndSize, HPyBytes_AsString, HPyType_GetName\) after closing the handle it came from/;

test('a pointer kept after its argument handle closed faults when read (test_charptr_use_after_implicit_arg_handle_close)', () => {
  assertFaulted(child(`mod.keep('hello', 0); mod.read_kept();`), READ_AFTER_CLOSE);
  assertFaulted(child(`mod.keep(Buffer.from('hello'), 1); mod.read_kept();`), READ_AFTER_CLOSE);
});

test('a pointer read after HPy_Close faults (test_charptr_use_after_handle_close)', () => {
  assertFaulted(child(`mod.read_after_close('hello');`), READ_AFTER_CLOSE);
});

test('writing through the const char * faults (test_charptr_write_ptr)', () => {
  assertFaulted(child(`mod.write('hello');`), /hpy-node debug mode: the extension wrote to the raw data of a handle .*: it is read-only \(const char \*\)/);
});

test('reading while the handle is open works (test_charptr_correct_usage)', () => {
  const mod = makeModule(SRC, { mode: 'debug' });
  assert.equal(mod.copy('I wont be leaked!'), 'I wont be leaked!');
  assert.equal(mod.copy('ünïcødé'), 'ünïcødé');
});

test('closed handles keep their raw data protected up to the limit, then free it (test_charptr_limit_stress_test)', () => {
  const mod = makeModule(SRC, { mode: 'debug' });
  const oldRaw = debug.get_protected_raw_data_max_size();
  const oldQueue = debug.get_closed_handles_queue_max_size();
  try {
    debug.set_closed_handles_queue_max_size(0);  // empties the queue: nothing protected any more
    debug.set_closed_handles_queue_max_size(100);
    debug.set_protected_raw_data_max_size(40);
    mod.leak_raw('a'.repeat(31));  // 32 bytes with its NUL: protected
    mod.leak_raw('b'.repeat(13));  // 14 more would pass the limit: freed at close
    const sizes = debug.get_closed_handles().map((h) => h.raw_data_size).filter((n) => n !== -1);
    assert.deepEqual(sizes, [32]);
    debug.set_protected_raw_data_max_size(1000);
    mod.leak_raw('c'.repeat(13));
    assert.deepEqual(debug.get_closed_handles().map((h) => h.raw_data_size).filter((n) => n !== -1), [32, 14]);
  } finally {
    debug.set_protected_raw_data_max_size(oldRaw);
    debug.set_closed_handles_queue_max_size(oldQueue);
  }
});
