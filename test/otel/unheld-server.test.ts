// neverHoldTheProcess: an accepted connection holds the process only while
// a response on it is owed. Each case is an application in a child process
// that keeps itself alive (a timer) only until the test's connection or
// request arrives; after that, only the server could hold it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const KILL_AFTER_MS = 15000;

/** Runs a server under neverHoldTheProcess whose `onRequest` body (with
 * `req`, `res`) answers; `until` is the event ('connection' or 'request')
 * after which nothing but the server holds the process. `client(port)` runs
 * once it listens. */
async function serve<T>(until: 'connection' | 'request', onRequest: string, client: (port: number) => Promise<T>): Promise<{ code: number | null; result: T; stderr: string }> {
  const script = `
    const { createServer } = require('node:http');
    const { neverHoldTheProcess } = require('./src/otel/unheld-server.ts');
    const hold = setTimeout(() => {}, ${KILL_AFTER_MS});
    const server = neverHoldTheProcess(createServer((req, res) => { ${onRequest} }));
    server.on('${until}', () => clearTimeout(hold));
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT });
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  const result = await client(port);
  const code = await exited;
  clearTimeout(killer);
  return { code, result, stderr };
}

test('an accepted connection that sends nothing does not keep the process', async () => {
  let socket: ReturnType<typeof connect> | undefined;
  const r = await serve('connection', 'res.end()', async (port) => {
    socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket!.once('connect', resolve));
  });
  socket!.destroy();
  // null: held by the open connection until killed.
  assert.equal(r.code, 0, r.stderr);
});

test('a request being answered holds the process until its answer is sent; the kept-alive connection then does not', async () => {
  const agent = new Agent({ keepAlive: true });
  // The answer comes on a timer that does not hold the process itself: only
  // the owed response can.
  const r = await serve('request', "setTimeout(() => res.end('late answer'), 300).unref()", (port) =>
    new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = request(`http://127.0.0.1:${port}/`, { agent }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', reject);
      req.end();
    }),
  );
  agent.destroy();
  assert.deepEqual(r.result, { status: 200, body: 'late answer' });
  assert.equal(r.code, 0, r.stderr);
});
