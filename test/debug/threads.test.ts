// Debug handles belong to the environment (thread) that made them: a handle
// kept in a C global by a call on the main thread and used by a worker's call
// is reported as such, and each environment counts its own open handles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { buildModule } from '../support/make-module';
import { load } from '../../src/index';

const SRC = `
static HPy kept;
HPyDef_METH(keep, "keep", HPyFunc_O)
static HPy keep_impl(HPyContext *ctx, HPy self, HPy arg)
{
    kept = HPy_Dup(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(use_kept, "use_kept", HPyFunc_NOARGS)
static HPy use_kept_impl(HPyContext *ctx, HPy self)
{
    return HPy_Repr(ctx, kept);
}
`;

test('a handle made on the main thread and used by a worker names the other environment', async () => {
  const path = buildModule(SRC, { name: 'debug_threads' });
  const mod = load(path, { mode: 'debug' }) as unknown as { keep(x: unknown): void; use_kept(): string };
  mod.keep('main');
  assert.match(mod.use_kept(), /main/, 'the kept handle works on the thread that made it');
  const body = `require('tsx/cjs');
const { parentPort, workerData } = require('node:worker_threads');
const { load } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'index.ts'))});
const mod = load(workerData, { mode: 'debug' });
try { mod.use_kept(); parentPort.postMessage('no error'); } catch (e) { parentPort.postMessage(e.name + ': ' + e.message); }`;
  const message = await new Promise<string>((resolve, reject) => {
    const w = new Worker(body, { eval: true, workerData: path });
    w.once('message', resolve);
    w.once('error', reject);
  });
  assert.match(message, /^SystemError: hpy-node debug mode \(module 'debug_threads'\): ctx_Repr was given handle 0x[0-9a-f]+, which was made in another environment \(thread\)/);
});
