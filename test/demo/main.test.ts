// `npm start`: its options, and its table: redrawn in place on a terminal,
// appended when the output is a pipe. Runs the built dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Screen } from '../../src/demo/screen';

const ROOT = resolve(__dirname, '..', '..');
const DEMO = join(ROOT, 'dist', 'demo', 'main.js');
const demo = (args: string[]) => spawnSync(process.execPath, [DEMO, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
const FRAME_START = /^hpy-node demo: [\d,]+ batches/gm;
// A table every 0.4 s for 2 s, and one more at the end: 6 nominally. The
// tests need 2 (one to append to or replace): the first timed table may
// come up to 1.6 s late, as it can on a loaded machine under ASan, where the
// demo's own load keeps its event loop busy.
const TIMING = ['--duration', '2', '--interval', '0.4'];

test('npm start -- --help prints the options', () => {
  const r = demo(['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^usage: npm start -- \[options\]/);
  for (const option of ['--duration', '--interval', '--port', '--host', '--help']) assert.match(r.stdout, new RegExp(`^ +(-\\w, )?${option}`, 'm'));
});

test('bad options are refused with the usage', () => {
  for (const [args, message] of [[['--bogus'], /Unknown option '--bogus'/], [['--duration', 'soon'], /--duration needs a positive number/], [['--port', '99999'], /--port needs a port number/]] as const) {
    const r = demo([...args]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /usage: npm start/);
  }
});

test('into a pipe, every table is appended as plain text', () => {
  const r = demo([...TIMING, '--port', '0']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok((r.stdout.match(FRAME_START) ?? []).length >= 2, r.stdout);
  // eslint-disable-next-line no-control-regex -- no terminal escape sequence
  assert.doesNotMatch(r.stdout, /\x1b/);
  assert.match(r.stdout, /^ctx_\w+ +[\d,]+ /m);
});

// `script` (util-linux) runs the demo on a pseudo-terminal.
test('on a terminal, each table replaces the last in place', { skip: !existsSync('/usr/bin/script') && 'no script(1)' }, () => {
  const cmd = [process.execPath, DEMO, ...TIMING, '--port', '0'].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qefc', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  // eslint-disable-next-line no-control-regex -- ESC [ n F, ESC [ J: cursor up, clear
  const frames = r.stdout.split(/\x1b\[(\d+)F\x1b\[J/);
  // frames: first, then (lines moved up, frame) pairs.
  assert.ok(frames.length >= 3, JSON.stringify(r.stdout.slice(0, 400)));
  for (let k = 1; k < frames.length; k += 2) {
    const previous = frames[k - 1].replace(/\r/g, '');
    assert.equal(Number(frames[k]), previous.split('\n').length - 1, 'moves up exactly over the previous frame');
    assert.match(frames[k + 1], /^hpy-node demo: /);
  }
});

test('Screen: a terminal gets the cursor moved back over the last frame, a pipe gets frames appended', () => {
  const written: string[] = [];
  const tty = new Screen({ isTTY: true, write: (t: string) => written.push(t) });
  tty.show('a\nb');
  tty.show('c\nd\ne\n');
  tty.show('f');
  assert.deepEqual(written, ['a\nb\n', '\x1b[2F\x1b[Jc\nd\ne\n', '\x1b[3F\x1b[Jf\n']);
  written.length = 0;
  const pipe = new Screen({ isTTY: false, write: (t: string) => written.push(t) });
  pipe.show('a\nb');
  pipe.show('c');
  assert.deepEqual(written, ['a\nb\n', '\nc\n']);
});
