// `hpy-node top -- node app.js` in a real terminal (tmux): the frame is drawn
// in place with the entries and their numbers, e/f/Tab/s switch the view, q
// quits and stops the command, and the terminal gets its screen back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, VECTOR_APP, vectorExtension } from '../support/vector-example';
import { cell, topFrames } from '../support/top-output';

const SOCKET = `hpy-top-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'top');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function until(what: string, ok: (text: string) => boolean, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  let text = '';
  while (Date.now() < end) {
    text = screen();
    if (ok(text)) return text;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
}

test('drawn in place, keys switch the view and the sort, q quits and stops the command', { skip: spawnSync('tmux', ['-V']).error ? 'tmux is not installed (CI installs it: .ci/run)' : false }, async (t) => {
  const so = vectorExtension();
  const work = mkdtempSync(join(tmpdir(), 'hpy-top-tmux-'));
  const log = join(work, 'app.log');
  const pidFile = join(work, 'app.pid');
  // The app writes its pid, so the test can see that q stopped it.
  const app = join(work, 'app.cjs');
  writeFileSync(app, `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nconsole.log('to the log');\nimport(${JSON.stringify(VECTOR_APP)});\n`);
  const command = [process.execPath, join(ROOT, 'dist', 'cli', 'main.js'), 'top', '--interval', '0.5', '--log', log, '--', process.execPath, app, so]
    .map(quote)
    .join(' ');
  // remain-on-exit keeps the pane after top exits, to read what it left.
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'top', '-x', '160', '-y', '40', `cd ${quote(work)} && ${command}; echo "top exited: $?"; sleep 30`);
  t.after(() => spawnSync('tmux', ['-L', SOCKET, 'kill-server']));

  const first = await until('a frame with calls per second', (s) => /^vector\.Vec\.nb_add\s+\d+\s+\d+/m.test(s));
  const frame = topFrames(first)[0];
  assert.match(frame.header, /entries, by time\/s/);
  assert.match(first, /keys: e entries {2}f functions {2}Tab switch/);
  assert.match(first, new RegExp(`output in ${log.replace(/[.]/g, '\\.')}`));
  assert.match(cell(frame, 'vector.Vec.nb_add', 'CONTEXT CALLS PER CALL'), /ctx_AsStruct_Object 2, ctx_Close 1, ctx_New 1, ctx_Type 1/);
  assert.ok(Number(cell(frame, 'vector.Vec.nb_add', 'CALLS/S')) > 0);
  assert.equal(topFrames(first).length, 1, 'one frame on the screen: drawn in place, not appended');
  // Redrawn: the total grows in place.
  const calls = Number(cell(frame, 'vector.Vec.nb_add', 'CALLS'));
  const later = await until('a later frame', (s) => {
    const f = topFrames(s)[0];
    return f?.rows.has('vector.Vec.nb_add') && Number(cell(f, 'vector.Vec.nb_add', 'CALLS')) > calls;
  });
  assert.equal(topFrames(later).length, 1);

  tmux('send-keys', '-t', 'top', 'f');
  const functions = await until('the function view', (s) => /context functions, by time\/s/.test(s));
  assert.match(functions, /^FUNCTION\s+MODULE\s+CALLS\s+CALLS\/S\s+MEAN\s+BUSY\s+TIME$/m);
  assert.match(functions, /^ctx_New\s+vector\s+\d+\s+\d+/m);
  tmux('send-keys', '-t', 'top', 's');
  await until('sorted by calls', (s) => /context functions, by calls\/s/.test(s));
  tmux('send-keys', '-t', 'top', 'Tab');
  await until('Tab: back to entries', (s) => /entries, by calls\/s/.test(s) && /^ENTRY\s+CALLS/m.test(s));
  tmux('send-keys', '-t', 'top', 'f');
  await until('f again', (s) => /context functions/.test(s));
  tmux('send-keys', '-t', 'top', 'e');
  await until('e: entries', (s) => /entries, by calls\/s/.test(s));

  const pid = Number(readFileSync(pidFile, 'utf8'));
  tmux('send-keys', '-t', 'top', 'q');
  const after = await until('top to exit', (s) => /top exited: \d+/.test(s));
  assert.match(after, /top exited: 0/);
  // The alternate screen is gone: what was there before top is back, no table.
  assert.doesNotMatch(after, /^ENTRY\s+CALLS/m);
  assert.throws(() => process.kill(pid, 0), /ESRCH/, 'q stopped the command');
  assert.ok(existsSync(log) && readFileSync(log, 'utf8').includes('to the log'), 'the command\'s output went to the log');
});
