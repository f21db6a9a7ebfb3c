#!/usr/bin/env node
// The hpy-node command: `build` compiles an extension; `run` starts a script
// with tracing and the metrics endpoint.
import { buildExtension } from './build';

const USAGE = `usage:
  hpy-node build EXT.c [MORE.c...] [-o OUT.hpy0.so] [--cc CC] [-- EXTRA_CFLAGS...]
      compiles the sources and hpy-node's helper library (HPyArg_Parse,
      HPy_BuildValue, ...) into one extension; OUT defaults to EXT.hpy0.so
  hpy-node run [--port N] SCRIPT [ARGS...]`;

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
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-o' || a === '--output') output = rest[++i] ?? fail('hpy-node build: -o needs a file name');
    else if (a === '--cc') cc = rest[++i] ?? fail('hpy-node build: --cc needs a compiler');
    else if (a.startsWith('-')) fail(`hpy-node build: unknown option ${a}\n${USAGE}`);
    else sources.push(a);
  }
  if (sources.length === 0) fail(`hpy-node build: give at least one C file\n${USAGE}`);
  try {
    const out = buildExtension(sources, { output, cc, flags });
    console.log(`built ${out}`);
  } catch (err) {
    fail((err as Error).message);
  }
}

function main(argv: string[]): void {
  const [command, ...args] = argv;
  switch (command) {
    case 'build':
      return build(args);
    case 'run':
      return (require('./run') as { run(args: string[]): void }).run(args);
    case '-h':
    case '--help':
    case undefined:
      console.log(USAGE);
      return;
    default:
      fail(`hpy-node: unknown command '${command}'\n${USAGE}`);
  }
}

main(process.argv.slice(2));
