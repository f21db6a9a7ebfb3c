// The tests' module cache (test/support/make-module.ts) is keyed on all that
// goes into a build (buildKey): a change of flags, compiler, headers or
// helper library misses it, so a build that fails now cannot pass from a
// module built before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKey } from '../../src/cli/build';
import { runtimeFingerprint } from '../../src/cli/runtime-objects';
import { buildModule, makeModule } from '../support/make-module';

const ENV = 'HPY_NODE_EXTRA_CFLAGS';

function withExtraFlags<T>(extra: string, fn: () => T): T {
  const before = process.env[ENV];
  process.env[ENV] = `${before ?? ''} ${extra}`;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env[ENV];
    else process.env[ENV] = before;
  }
}

test('buildKey changes with the inputs, the flags, the extra flags, the compiler and the headers, and only with them', () => {
  const base = buildKey(['int x;']);
  assert.equal(buildKey(['int x;']), base);
  const others = [
    buildKey(['int y;']),
    buildKey(['int x;'], { flags: ['-O0'] }),
    buildKey(['int x;'], { flags: ['-DA=1'] }),
    buildKey(['int x;'], { cc: 'gcc-that-is-not-cc' }),
    buildKey(['int x;'], {}, 'another fingerprint of the headers and helpers'),
    withExtraFlags('-DB=1', () => buildKey(['int x;'])),
  ];
  assert.equal(new Set([base, ...others]).size, others.length + 1, 'every change gives a key of its own');
  assert.equal(buildKey(['int x;'], {}, runtimeFingerprint()), base);
});

// Compiles unless BREAK_THIS_BUILD is defined.
const SRC = `
#ifdef BREAK_THIS_BUILD
#error broken on purpose by a flag
#endif
HPyDef_METH(seven, "seven", HPyFunc_NOARGS)
static HPy seven_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, 7); }
`;

test('a change of flags misses the cache: a build the flags break fails instead of loading the module built before', () => {
  const so = buildModule(SRC);
  assert.equal(buildModule(SRC), so, 'same source, same flags: served from the cache');
  assert.equal(makeModule<{ seven(): number }>(SRC).seven(), 7);
  withExtraFlags('-DBREAK_THIS_BUILD', () => {
    assert.throws(() => buildModule(SRC), /broken on purpose by a flag/);
  });
  withExtraFlags('-DSOME_HARMLESS_FLAG=1', () => {
    assert.notEqual(buildModule(SRC), so, 'another flag, another module');
  });
});
