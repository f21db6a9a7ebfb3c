import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modeFromEnv, parseHpyEnv } from '../../src/mode';

test('a bare mode applies to every module', () => {
  assert.equal(modeFromEnv('snippets', 'trace'), 'trace');
  assert.equal(modeFromEnv('other', 'universal'), 'universal');
  assert.equal(modeFromEnv('x', 'debug'), 'debug');
});

test('unset or empty HPY means universal', () => {
  assert.equal(modeFromEnv('snippets', undefined), 'universal');
  assert.equal(modeFromEnv('snippets', ''), 'universal');
  assert.equal(modeFromEnv('snippets', '  '), 'universal');
});

test('per-module entries accept both ":" and "="', () => {
  const env = 'modA:trace,modB=trace,modC:universal';
  assert.equal(modeFromEnv('modA', env), 'trace');
  assert.equal(modeFromEnv('modB', env), 'trace');
  assert.equal(modeFromEnv('modC', env), 'universal');
});

test('names match whole module names, not prefixes', () => {
  assert.equal(modeFromEnv('snippets', 'snip:trace'), 'universal');
  assert.equal(modeFromEnv('snip', 'snip:trace'), 'trace');
});

test('a module the value does not name loads in universal mode', () => {
  assert.equal(modeFromEnv('unnamed', 'modA:trace'), 'universal');
});

test('spaces around entries are tolerated', () => {
  assert.deepEqual([...parseHpyEnv(' a : trace , b=debug ').modules], [['a', 'trace'], ['b', 'debug']]);
});

test('an unknown mode names the bad entry', () => {
  assert.throws(() => parseHpyEnv('modA:trace,modB:tracing'), /entry "modB:tracing" has mode "tracing"/);
  assert.throws(() => parseHpyEnv('fast'), /invalid HPY="fast".*mode "fast"/);
});

test('a malformed entry is named with what to write instead', () => {
  assert.throws(() => parseHpyEnv('modA:trace,,'), /entry "" is not NAME:MODE/);
  assert.throws(() => parseHpyEnv('modA:'), /entry "modA:" is not NAME:MODE/);
  assert.throws(() => parseHpyEnv(':trace'), /entry ":trace" is not NAME:MODE/);
});
