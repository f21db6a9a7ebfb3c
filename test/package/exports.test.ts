// The package as users reach it: by its name ('hpy-node', 'hpy-node/trace',
// ...) through package.json `exports`, in CommonJS and ESM, with its types,
// and the seed example end to end. Runs the built dist/ (npm install
// builds it; `npm run build` after changing src/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

function node(args: string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'HPY' && k !== 'HPY_LOG'));
  const r = spawnSync(process.execPath, args, { cwd: options.cwd ?? ROOT, env: { ...env, ...options.env }, encoding: 'utf8', timeout: options.timeout ?? 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A script in the package folder, so that 'hpy-node' resolves to this package
// by name (a package can import itself through its own exports).
function packageScript(name: string, source: string): string {
  const dir = join(ROOT, '.tmp', 'package-test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

const EXPECTED = {
  'hpy-node': ['load', 'ValueError', 'KeyError', 'ZeroDivisionError', 'Capsule', 'ContextVar', 'Token', 'Code'],
  'hpy-node/trace': ['get_call_counts', 'getCallCounts', 'get_durations', 'set_trace_functions', 'get_frequency', 'get_profile', 'getProfile', 'CTX_NAMES'],
  'hpy-node/otel': ['registerHpyMetrics', 'HpyInstrumentation', 'startPrometheusExporter', 'startConfiguredExporters'],
  'hpy-node/prom-client': ['registerHpyCollector'],
  'hpy-node/debug': ['new_generation', 'newGeneration', 'get_open_handles', 'getOpenHandles', 'get_closed_handles', 'set_on_invalid_handle', 'setOnInvalidBuilderHandle', 'LeakDetector', 'HPyLeakError'],
};

test('every entry point loads by name in CommonJS and ESM, as one instance', () => {
  const script = packageScript(
    'entries.mjs',
    `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const expected = ${JSON.stringify(EXPECTED)};
const out = {};
for (const [name, keys] of Object.entries(expected)) {
  const cjs = require(name);
  const esm = await import(name);
  out[name] = keys.map((k) => [k, typeof cjs[k], typeof esm[k], cjs[k] === esm[k]]);
}
console.log(JSON.stringify(out));`,
  );
  const r = node([script]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, Array<[string, string, string, boolean]>>;
  for (const [name, keys] of Object.entries(EXPECTED)) {
    for (const [k, cjsType, esmType, same] of out[name]) {
      assert.ok(keys.includes(k));
      assert.notEqual(cjsType, 'undefined', `${name} exports ${k} (CommonJS)`);
      assert.equal(esmType, cjsType, `${name} exports ${k} (ESM)`);
      assert.ok(same, `${name}.${k} is the same object in CommonJS and ESM`);
    }
  }
});

test('the seed example prints exactly get_call_counts()["ctx_Add"] == 1', () => {
  const work = mkdtempSync(join(tmpdir(), 'hpy-node-seed-'));
  const build = node([join(ROOT, 'dist', 'cli', 'main.js'), 'build', join(ROOT, 'examples', 'snippets.c'), '-o', join(work, 'build', 'snippets.hpy.so')]);
  assert.equal(build.code, 0, build.stderr);
  // seed.mjs loads build/snippets.hpy.so from the working directory.
  const r = node([join(ROOT, 'examples', 'seed.mjs')], { cwd: work, env: { HPY: 'trace' } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'get_call_counts()["ctx_Add"] == 1\n');
  // Without HPY the module is universal: nothing is counted.
  assert.equal(node([join(ROOT, 'examples', 'seed.mjs')], { cwd: work }).stdout, 'get_call_counts()["ctx_Add"] == 0\n');
});

for (const flag of ['--require', '--import']) {
  test(`node ${flag} hpy-node/register serves /metrics`, () => {
    // The child scrapes itself once the exporter says where it listens.
    const app = packageScript(
      `app${flag.replace(/-/g, '_')}.cjs`,
      `const { once } = require('node:events');
const url = new Promise((resolve) => {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk, ...rest) => {
    const m = /Prometheus metrics at (\\S+)/.exec(String(chunk));
    if (m) resolve(m[1]);
    return write(chunk, ...rest);
  };
});
url.then(async (u) => {
  const res = await fetch(u);
  console.log(res.status, (await res.text()).includes('hpy_otel_collection_errors_total'));
  process.exit(0);
});
setTimeout(() => process.exit(3), 15000);`,
    );
    const r = node([flag, 'hpy-node/register', app], { env: { OTEL_EXPORTER_PROMETHEUS_PORT: '0', HPY: 'trace' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '200 true\n');
  });
}

test('the type declarations resolve by package name under nodenext', () => {
  const dir = join(ROOT, '.tmp', 'package-test', 'types');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'consumer.mts'),
    `import { load, ValueError } from 'hpy-node';
import { get_call_counts, set_trace_functions, type CtxName } from 'hpy-node/trace';
import { startPrometheusExporter } from 'hpy-node/otel';
const m = load('x.hpy.so', { mode: 'trace' });
const n: number = get_call_counts({ module: m }).ctx_Add;
// @ts-expect-error: without a type, methods are unknown
m.add(1, 2);
const typed = load<{ add(a: number, b: number): number }>(new URL('./x.hpy.so', import.meta.url));
const three: number = typed.add(1, 2);
const doc: string | undefined = typed.doc;
// @ts-expect-error: add takes numbers
typed.add('1', 2);
const name: CtxName = 'ctx_Add';
set_trace_functions((fn: CtxName) => void fn, null);
// @ts-expect-error: not a function name
const bad: CtxName = 'ctx_Nope';
export { n, name, bad, three, doc, ValueError, startPrometheusExporter };
`,
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] }, files: ['consumer.mts'] }),
  );
  // tsc takes seconds alone, much longer beside the other tests.
  const r = node([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { timeout: 180_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
});
