// An application with NodeSDK (or hpy-node's own Prometheus endpoint) and
// hpy-node holds one copy of each OpenTelemetry package, on either SDK line:
// hpy-node's SDK and exporters are optional peers, met by the ones the
// application installs, and the metrics guide's install line
// (docs/metrics.md) is all hpy-node/otel needs. Everything goes in with one
// `npm install` into an empty project, run by the Node that line is for (npm
// prefers versions whose engines fit the Node it runs on).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { INSTALL_TIMEOUT_MS, atLeast, node22 } from '../support/sdk-line-3';

const ROOT = join(__dirname, '..', '..');
const WORK = mkdtempSync(join(tmpdir(), 'hpy-node-one-copy-'));
let tarball = '';

before(() => {
  // No prebuilt addon needed: nothing here loads it.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', WORK], { cwd: ROOT, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS });
  tarball = join(WORK, packed.trim().split('\n').at(-1)!);
});
after(() => rmSync(WORK, { recursive: true, force: true }));

/** An empty project with `packages` installed by one `npm install`, run
 * by the npm on PATH under the node at `nodeBinary`. */
function application(name: string, packages: string[], nodeBinary: string): string {
  const dir = join(WORK, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...packages], {
    cwd: dir,
    stdio: 'pipe',
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, PATH: `${dirname(nodeBinary)}${delimiter}${process.env.PATH ?? ''}` },
  });
  return dir;
}

/** Every installed copy of each @opentelemetry package under `modules`,
 * nested ones included: name -> versions, one per copy. */
function otelCopies(modules: string, found = new Map<string, string[]>()): Map<string, string[]> {
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules)) {
    const names = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const dir = join(modules, name);
      if (!existsSync(join(dir, 'package.json'))) continue;
      if (name.startsWith('@opentelemetry/')) {
        const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
        found.set(name, [...(found.get(name) ?? []), version]);
      }
      otelCopies(join(dir, 'node_modules'), found);
    }
  }
  return found;
}

// The install lines of the metrics guide (docs/metrics.md). The 2.x line
// pins the API to 1.9, which its sdk-node needs: npm weighs hpy-node's
// optional peers at their latest (3.x, which needs API 1.10) and, on Node >=
// 22.15, stops with ERESOLVE when the API is left to it. The 3.x line needs
// Node >= 22.15; the unversioned Prometheus line gets 2.x on Node 20 and 3.x
// on Node 22 and later. `documented`: the line as the guide gives it; the
// 3.x one is installed with its ranges spelled out, so that a 4.x line does
// not change the test.
const RECIPES = [
  {
    name: 'NodeSDK 2.x',
    line: 2,
    documented: 'npm install hpy-node @opentelemetry/api@1.9 @opentelemetry/sdk-node@0.223 @opentelemetry/exporter-prometheus@0.223',
    packages: ['@opentelemetry/api@1.9', '@opentelemetry/sdk-node@0.223', '@opentelemetry/exporter-prometheus@0.223'],
    node: () => process.execPath,
  },
  {
    name: 'NodeSDK 3.x',
    line: 3,
    documented: 'npm install hpy-node @opentelemetry/api @opentelemetry/sdk-node @opentelemetry/exporter-prometheus',
    packages: ['@opentelemetry/api', '@opentelemetry/sdk-node@>=0.300.0 <0.400.0', '@opentelemetry/exporter-prometheus@>=0.300.0 <0.400.0'],
    node: node22,
  },
  {
    name: 'the Prometheus endpoint',
    line: atLeast(process.version, 22, 15) ? 3 : 2,
    documented: 'npm install hpy-node @opentelemetry/api @opentelemetry/exporter-prometheus',
    packages: ['@opentelemetry/api', '@opentelemetry/exporter-prometheus'],
    node: () => process.execPath,
  },
];

test('the metrics guide gives these install lines', () => {
  const page = readFileSync(join(ROOT, 'docs', 'metrics.md'), 'utf8');
  for (const { name, documented: line } of RECIPES) assert.ok(page.includes(line), `${name}: ${line}`);
});

for (const { name, line, packages, node } of RECIPES) {
  test(`an application with ${name} and hpy-node has one copy of each OpenTelemetry package`, { timeout: 2 * INSTALL_TIMEOUT_MS }, () => {
    const dir = application(name.replace(/\W+/g, '-'), [...packages, tarball], node());

    const copies = otelCopies(join(dir, 'node_modules'));
    assert.equal(copies.get('@opentelemetry/sdk-metrics')?.[0].split('.')[0], String(line), 'the SDK line installed');
    assert.deepEqual([...copies].filter(([, versions]) => versions.length > 1), [], 'packages installed more than once');
    // npm sees every peer met (an unmet or invalid one fails `npm ls`).
    const names = [...copies.keys()];
    const ls = spawnSync('npm', ['ls', '--all', '--json', ...names], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const tree = JSON.parse(ls.stdout) as { problems?: string[] };
    assert.deepEqual(tree.problems ?? [], []);
    assert.equal(ls.status, 0, ls.stderr);

    // What the line brought is all hpy-node/otel needs.
    const loaded = execFileSync(node(), ['-e', "const o = require('hpy-node/otel'); console.log(typeof o.HpyInstrumentation, typeof o.startPrometheusExporter)"], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(loaded.trim(), 'function function');
  });
}
