// Debug handles number their entry in 24 bits: past 2^24 handles open (or
// remembered as closed) on one thread, no HPy call can fail with an error
// (HPy_Dup may not), so the process ends; it says why first (status.h,
// docs/reliability.md, "What can still end the process"). In a child process: it aborts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildModule } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');

const SRC = `
HPyDef_METH(leak, "leak", HPyFunc_O)
static HPy leak_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long n = HPyLong_AsLong(ctx, arg);
    for (long i = 0; i < n; i++) HPy_Dup(ctx, ctx->h_None);
    return HPy_Dup(ctx, ctx->h_None);
}
`;

test('the 2^24th debug handle on a thread ends the process with a message that says why', { timeout: 180_000 }, () => {
  const path = buildModule(SRC, { name: 'handle_limit_debug' });
  const script = `const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const mod = load(${JSON.stringify(path)}, { mode: 'debug' });
mod.leak(${2 ** 24 + 16});
console.log('still running');`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 170_000 });
  assert.equal(r.stdout, '', `the process went on: ${r.stdout}`);
  assert.equal(r.signal, 'SIGABRT', `exit ${r.status} ${r.signal}: ${r.stderr}`);
  assert.match(
    r.stderr,
    /hpy-node: debug mode's handle limit reached: 16777216 handles are open or remembered as closed on this thread\. The extension leaks handles .*LeakDetector \(hpy-node\/debug\).*Aborting\./,
  );
});
