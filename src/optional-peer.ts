// The OpenTelemetry SDK, its exporters, prom-client and the pprof encoder
// (pprof-format) are optional peer dependencies (package.json
// peerDependenciesMeta): loading, trace, debug and `hpy-node build` need none
// of them, and an application with its own SDK
// must share its one copy with hpy-node, as OpenTelemetry's own plugins
// (host-metrics, the instrumentations) do. Whatever uses one loads it through
// here, when it is first needed, so that a missing one is a single error
// naming every missing package and the `npm install` line that brings them,
// in versions of the release line the application already has.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Each optional peer and what it is as a module (types only: nothing here
 * loads one before it is asked for). */
interface PeerModules {
  '@opentelemetry/api': typeof import('@opentelemetry/api');
  '@opentelemetry/core': typeof import('@opentelemetry/core');
  '@opentelemetry/resources': typeof import('@opentelemetry/resources');
  '@opentelemetry/sdk-metrics': typeof import('@opentelemetry/sdk-metrics');
  '@opentelemetry/exporter-prometheus': typeof import('@opentelemetry/exporter-prometheus');
  '@opentelemetry/exporter-metrics-otlp-http': typeof import('@opentelemetry/exporter-metrics-otlp-http');
  '@opentelemetry/exporter-metrics-otlp-proto': typeof import('@opentelemetry/exporter-metrics-otlp-proto');
  'prom-client': typeof import('prom-client');
  'pprof-format': typeof import('pprof-format');
}
export type OptionalPeer = keyof PeerModules;

/** What every OpenTelemetry entry point (hpy-node/otel, hpy-node/register,
 * hpy-node/prom-client, which shares the producer) needs: the API and the
 * metrics SDK. The exporters come on top, for the functions that start one. */
export const SDK_PEERS = ['@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/resources', '@opentelemetry/sdk-metrics'] as const satisfies readonly OptionalPeer[];
/** What serving /metrics needs. */
export const PROMETHEUS_PEERS = [...SDK_PEERS, '@opentelemetry/exporter-prometheus'] as const satisfies readonly OptionalPeer[];

// OpenTelemetry JS releases its stable packages (core, resources,
// sdk-metrics: 2.x, 3.x) together with its experimental ones (the exporters:
// 0.2xx with 2.x, 0.3xx with 3.x), and one application must keep to one
// line. npm's latest is the 3.x line; an application on 2.x is told the
// versions of its line, the ones hpy-node is tested with (the 2.x stable
// packages need an API below 1.10).
const STABLE: readonly OptionalPeer[] = ['@opentelemetry/core', '@opentelemetry/resources', '@opentelemetry/sdk-metrics'];
const LINE_2: Readonly<Partial<Record<OptionalPeer, string>>> = {
  '@opentelemetry/api': '~1.9.0',
  '@opentelemetry/core': '^2.12.0',
  '@opentelemetry/resources': '^2.12.0',
  '@opentelemetry/sdk-metrics': '^2.12.0',
  '@opentelemetry/exporter-prometheus': '^0.223.0',
  '@opentelemetry/exporter-metrics-otlp-http': '^0.223.0',
  '@opentelemetry/exporter-metrics-otlp-proto': '^0.223.0',
};

// What each peer brings as its own dependencies. The install line names only
// the packages nothing else in it brings: npm then puts in one copy of each,
// at the versions the top one pins (naming sdk-metrics beside a 0.223
// exporter that pins sdk-metrics 2.12.0 gave 2.12.1 and a nested 2.12.0).
// test/package/optional-peer.test.ts checks this against the packages' own
// package.json.
const CORE = '@opentelemetry/core';
const RESOURCES = '@opentelemetry/resources';
const SDK_METRICS = '@opentelemetry/sdk-metrics';
export const BRINGS: Readonly<Partial<Record<OptionalPeer, readonly OptionalPeer[]>>> = {
  [SDK_METRICS]: [CORE, RESOURCES],
  '@opentelemetry/exporter-prometheus': [CORE, RESOURCES, SDK_METRICS],
  '@opentelemetry/exporter-metrics-otlp-http': [CORE, RESOURCES, SDK_METRICS],
  '@opentelemetry/exporter-metrics-otlp-proto': ['@opentelemetry/exporter-metrics-otlp-http'],
};

/** Whether installing `top` installs `name` too. */
function brings(top: OptionalPeer, name: OptionalPeer): boolean {
  return (BRINGS[top] ?? []).some((dep) => dep === name || brings(dep, name));
}

export class MissingPeerError extends Error {
  /** The packages that are not installed, as `npm install` takes them. */
  readonly install: string[];
  constructor(feature: string, missing: readonly string[], install: string[], line: string | undefined) {
    const which = missing.length === 1 ? `${missing[0]}, an optional peer dependency that is not installed` : `${missing.join(', ')}: optional peer dependencies that are not installed`;
    const onLine = line ? ` (the versions of the OpenTelemetry JS ${line} line that the application has)` : '';
    super(`${feature} needs ${which}. Install ${missing.length === 1 ? 'it' : 'them'} beside hpy-node${onLine}:\n  npm install ${install.join(' ')}`);
    this.name = 'MissingPeerError';
    this.install = install;
  }
}

/** The version of `name` as hpy-node would load it (read from its
 * package.json, which not every package exports). */
function installed(name: string): string | undefined {
  let dir: string;
  try {
    dir = dirname(require.resolve(name));
  } catch {
    return undefined;
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version;
  }
  return undefined;
}

function isMissing(name: string): boolean {
  try {
    require.resolve(name);
    return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return true;
    throw err;
  }
}

/** The release line of the stable OpenTelemetry packages installed, if any. */
function installedLine(): string | undefined {
  for (const name of STABLE) {
    const version = installed(name);
    if (version) return `${version.split('.')[0]}.x`;
  }
  return undefined;
}

function installSpec(name: OptionalPeer, line: string | undefined): string {
  const range = line === '2.x' ? LINE_2[name] : undefined;
  return range ? `${name}@${range}` : name;
}

/** Throws a MissingPeerError naming every one of `names` that is not
 * installed; `feature` says who needs them ("hpy-node/register"). */
export function requirePeers(feature: string, names: readonly OptionalPeer[]): void {
  const missing = names.filter(isMissing);
  if (missing.length === 0) return;
  const line = installedLine();
  const top = missing.filter((name) => !missing.some((other) => brings(other, name)));
  throw new MissingPeerError(feature, missing, top.map((name) => installSpec(name, line)), line);
}

/** The optional peer `name`, loaded (from the application, as Node resolves
 * hpy-node's imports), or a MissingPeerError saying what to install. */
export function requirePeer<N extends OptionalPeer>(feature: string, name: N): PeerModules[N] {
  requirePeers(feature, [name]);
  return require(name) as PeerModules[N];
}
