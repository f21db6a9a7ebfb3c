// src/optional-peer.ts, the one way hpy-node loads an optional peer: run
// from a folder whose node_modules holds only the packages a case gives it
// (links into this repository's), so "missing" is real module resolution.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

type Helper = typeof import('../../src/optional-peer');

const ROOT = resolve(__dirname, '..', '..');

/** The helper, loaded from a folder whose node_modules has `installed` alone. */
let lastDir = '';
const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function helperWith(installed: string[]): Helper {
  const dir = (lastDir = mkdtempSync(join(tmpdir(), 'hpy-node-peer-')));
  made.push(dir);
  mkdirSync(join(dir, 'lib'));
  copyFileSync(join(ROOT, 'src', 'optional-peer.ts'), join(dir, 'lib', 'optional-peer.ts'));
  for (const name of installed) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), link);
  }
  return require(join(dir, 'lib', 'optional-peer.ts')) as Helper;
}

test('with nothing installed, one error names every missing package and the npm install line for them', () => {
  const { requirePeers, PROMETHEUS_PEERS, MissingPeerError } = helperWith([]);
  let err: unknown;
  try {
    requirePeers('hpy-node/register', PROMETHEUS_PEERS);
  } catch (thrown) {
    err = thrown;
  }
  assert.ok(err instanceof MissingPeerError, `threw ${String(err)}`);
  assert.equal(
    err.message,
    'hpy-node/register needs @opentelemetry/api, @opentelemetry/core, @opentelemetry/resources, @opentelemetry/sdk-metrics, @opentelemetry/exporter-prometheus: ' +
      'optional peer dependencies that are not installed. Install them beside hpy-node:\n' +
      // The exporter brings core, resources and sdk-metrics, at the versions it pins.
      '  npm install @opentelemetry/api @opentelemetry/exporter-prometheus',
  );
  assert.equal(err.name, 'MissingPeerError');
  assert.deepEqual(err.install, ['@opentelemetry/api', '@opentelemetry/exporter-prometheus']);
});

const SDK_2 = ['@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/resources', '@opentelemetry/sdk-metrics'];

test('an application on the 2.x line is told the versions of its line, and only what it lacks', () => {
  const { requirePeers, PROMETHEUS_PEERS } = helperWith(SDK_2);
  assert.throws(() => requirePeers("hpy-node's Prometheus endpoint", PROMETHEUS_PEERS), {
    message:
      "hpy-node's Prometheus endpoint needs @opentelemetry/exporter-prometheus, an optional peer dependency that is not installed. " +
      'Install it beside hpy-node (the versions of the OpenTelemetry JS 2.x line that the application has):\n' +
      '  npm install @opentelemetry/exporter-prometheus@^0.223.0',
  });
  // Without the API too: the 2.x packages need one below 1.10.
  const withoutApi = helperWith(SDK_2.slice(1));
  assert.throws(() => withoutApi.requirePeers('hpy-node/otel', withoutApi.SDK_PEERS), {
    message: /\n {2}npm install @opentelemetry\/api@~1\.9\.0$/,
  });
});

test('the OTLP protobuf push names the exporter that brings the JSON one', () => {
  const { requirePeers } = helperWith([]);
  assert.throws(() => requirePeers('OTLP', ['@opentelemetry/exporter-metrics-otlp-proto', '@opentelemetry/exporter-metrics-otlp-http']), {
    message: /needs @opentelemetry\/exporter-metrics-otlp-proto, @opentelemetry\/exporter-metrics-otlp-http: .*\n {2}npm install @opentelemetry\/exporter-metrics-otlp-proto$/,
  });
});

test("what the install line leaves out is what the named packages bring, by their own package.json", () => {
  const { BRINGS } = helperWith([]);
  for (const [top, deps] of Object.entries(BRINGS)) {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', top, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of deps ?? []) assert.ok(manifest.dependencies?.[dep], `${top} depends on ${dep}`);
  }
});

test('one missing package is named alone', () => {
  const { requirePeer } = helperWith([]);
  assert.throws(() => requirePeer('registerHpyCollector() without a registry', 'prom-client'), {
    message: 'registerHpyCollector() without a registry needs prom-client, an optional peer dependency that is not installed. Install it beside hpy-node:\n  npm install prom-client',
  });
});

test("an installed peer is the application's own copy", () => {
  const { requirePeer, requirePeers, SDK_PEERS } = helperWith(['@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/resources', '@opentelemetry/sdk-metrics']);
  assert.doesNotThrow(() => requirePeers('hpy-node/otel', SDK_PEERS));
  assert.equal(requirePeer('hpy-node/otel', '@opentelemetry/sdk-metrics').MeterProvider, (require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics')).MeterProvider);
});

test('a peer that is installed but fails to load gives its own error, not "not installed"', () => {
  const { requirePeer, helperDir } = { ...helperWith([]), helperDir: lastDir };
  const broken = join(helperDir, 'node_modules', '@opentelemetry', 'core');
  mkdirSync(broken, { recursive: true });
  writeFileSync(join(broken, 'package.json'), JSON.stringify({ name: '@opentelemetry/core', version: '2.12.0', main: 'index.js' }));
  writeFileSync(join(broken, 'index.js'), "require('./missing-file-of-a-broken-install');");
  assert.throws(() => requirePeer('hpy-node/otel', '@opentelemetry/core'), (err: Error) => {
    assert.equal(err.name, 'Error');
    assert.match(err.message, /Cannot find module '\.\/missing-file-of-a-broken-install'/);
    return true;
  });
});
