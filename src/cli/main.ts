#!/usr/bin/env node
// The hpy-node command: `build` compiles an extension; `run` starts a script
// with tracing and the metrics endpoint.
import { buildExtension } from './build';
import { UsageError } from './command-args';

const BUILD_USAGE = `usage: hpy-node build EXT.c [MORE.c...] [-o OUT.hpy0.so] [--cc CC] [-- EXTRA_CFLAGS...]

Compiles an HPy extension: the C sources and hpy-node's helper library
(HPyArg_Parse, HPy_BuildValue, ...) into one shared object that load() opens.
Needs a C compiler.

options:
  -o, --output FILE   the shared object to write (default: EXT.hpy0.so beside EXT.c)
  --cc CC             the C compiler (default: $CC, else cc)
  -- FLAGS...         extra compiler and linker flags (-O3, -DNAME, -lm, ...)
  -h, --help          this help`;

const RUN_USAGE = `usage: hpy-node run [--port N] SCRIPT [ARGS...]

Runs a Node.js script with every HPy module it loads in trace mode (HPY=trace
unless HPY is set) and the metrics exporters the OTEL_* variables configure;
by default Prometheus /metrics on 127.0.0.1:9464.

options:
  --port N      the Prometheus port (0: any free port; sets OTEL_EXPORTER_PROMETHEUS_PORT)
  -h, --help    this help`;

const USAGE = `usage: hpy-node <command> [options]

commands:
  build EXT.c [MORE.c...] [-o OUT.hpy0.so] [--cc CC] [-- EXTRA_CFLAGS...]
      compiles the sources and hpy-node's helper library (HPyArg_Parse,
      HPy_BuildValue, ...) into one extension; OUT defaults to EXT.hpy0.so
  run [--port N] SCRIPT [ARGS...]
      runs a script traced, with /metrics
  top [options] -- COMMAND [ARGS...]   |   top --url http://HOST:PORT/metrics
      a live view of the traced extensions: per entry or per context function
  profile [--out FILE] [--svg FILE] -- COMMAND [ARGS...]
      runs a command traced and writes its profile as pprof (and a flame graph)

options:
  -h, --help      this help (\`hpy-node build --help\`, \`hpy-node run --help\`, ...: a command's)
  -v, --version   hpy-node's version`;

const HELP_FLAGS = ['-h', '--help'];

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function build(args: string[]): void {
  const dashdash = args.indexOf('--');
  const flags = dashdash >= 0 ? args.slice(dashdash + 1) : [];
  const rest = dashdash >= 0 ? args.slice(0, dashdash) : args;
  let output: string | undefined;
  let cc: string | undefined;
  const sources: string[] = [];
  if (rest.some((a) => HELP_FLAGS.includes(a))) {
    console.log(BUILD_USAGE);
    return;
  }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-o' || a === '--output') output = rest[++i] ?? fail('hpy-node build: -o needs a file name');
    else if (a === '--cc') cc = rest[++i] ?? fail('hpy-node build: --cc needs a compiler');
    else if (a.startsWith('-')) fail(`hpy-node build: unknown option ${a}\n${BUILD_USAGE}`);
    else sources.push(a);
  }
  if (sources.length === 0) fail(`hpy-node build: give at least one C file\n${BUILD_USAGE}`);
  try {
    const out = buildExtension(sources, { output, cc, flags });
    console.log(`built ${out}`);
  } catch (err) {
    fail((err as Error).message);
  }
}

// top and profile run until their command ends; a usage error exits 2.
function runAsync(load: () => Promise<number>): void {
  load().then(
    (code) => process.exit(code),
    (err: Error) => {
      if (err instanceof UsageError) fail(err.message);
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}

function main(argv: string[]): void {
  const [command, ...args] = argv;
  switch (command) {
    case 'build':
      return build(args);
    case 'run':
      return (require('./run') as { run(args: string[], usage: string): void }).run(args, RUN_USAGE);
    case 'top':
      return runAsync(() => (require('../top/main') as typeof import('../top/main')).top(args));
    case 'profile':
      return runAsync(() => (require('./profile') as typeof import('./profile')).profile(args));
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return;
    case '-v':
    case '--version':
      console.log(version());
      return;
    case undefined:
      return fail(USAGE);
    default:
      fail(`hpy-node: unknown command '${command}'\n${USAGE}`);
  }
}

main(process.argv.slice(2));
