// The addon is built per Node major (its instance path uses V8's own API,
// whose binary interface changes between majors): under another major it
// must refuse to load with an error that says what to run, not crash at
// the first instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addonFile } from '../../src/native';

const ROOT = resolve(__dirname, '..', '..');
const running = Number(process.versions.node.split('.')[0]);
// Another supported line than the running one; its binary comes from the
// npm registry (as CI's other Node lines and tools/prebuild.sh's headers do).
const other = running === 22 ? 24 : 22;

function otherNode(): string {
  const dir = join(ROOT, '.tmp', `node-${other}`);
  const bin = join(dir, 'node_modules', `node-linux-${process.arch}`, 'bin', 'node');
  if (!existsSync(bin)) {
    const r = spawnSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', `node-linux-${process.arch}@${other}`], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(r.status, 0, `installing Node ${other} from the npm registry failed: ${r.stderr}`);
  }
  return bin;
}

test(`the addon built for Node ${running} refuses Node ${other} with what to run`, () => {
  const r = spawnSync(otherNode(), ['-e', `require(${JSON.stringify(addonFile)})`], { encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(r.status, 0, 'loading the addon under another Node major should fail');
  assert.equal(r.signal, null, `it crashed (${r.signal}) instead of refusing`);
  assert.match(r.stderr, new RegExp(`built for Node\\.js ${running} and this is Node\\.js ${other}`));
  assert.match(r.stderr, /npm rebuild hpy-node/);
});

test('the addon loads under the Node it was built for', () => {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addonFile)})`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
});
