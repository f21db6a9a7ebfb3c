// `hpy-node profile [--out FILE] [--svg FILE] -- COMMAND...`: runs a command
// traced and writes the profile of every Node process of it that loaded
// hpy-node as a pprof file (and, if asked, a flame graph of it).
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseCommandArgs, UsageError } from './command-args';
import { startTracedChild } from './traced-child';
import { flameGraphSvg, foldedStacks } from './flamegraph';
import { to_pprof } from '../trace/pprof';
import { MissingPeerError, requirePeers } from '../optional-peer';
import type { ProfileRow } from '../trace/profile';

export const PROFILE_USAGE = `usage: hpy-node profile [--out FILE] [--svg FILE] -- COMMAND [ARGS...]

Runs the command with HPY=trace (unless HPY is set) and, when it exits,
writes the profile of the traced HPy modules of every Node process it ran
(that loaded hpy-node from this install) as a gzipped pprof file: stacks
module -> entry -> context function, sample types calls/count and
time/nanoseconds. Read it with go tool pprof, speedscope or Grafana Pyroscope.
Exits with the command's exit code.

options:
  -o, --out FILE   the pprof file (default: hpy-node-profile.pb.gz)
  --svg FILE       also a flame graph (time) of it, as SVG
  -h, --help       this help`;

interface ProfileValues {
  out?: string;
  svg?: string;
  help?: boolean;
}

// Say it before the command runs, not after: it may run for an hour.
function checkWritable(file: string, option: string): string {
  const path = resolve(file);
  const problem = (() => {
    if (existsSync(path)) {
      if (statSync(path).isDirectory()) return 'it is a folder';
      try {
        accessSync(path, constants.W_OK);
        return undefined;
      } catch {
        return 'it is not writable';
      }
    }
    if (!existsSync(dirname(path))) return `the folder ${dirname(path)} does not exist`;
    try {
      accessSync(dirname(path), constants.W_OK);
      return undefined;
    } catch {
      return `the folder ${dirname(path)} is not writable`;
    }
  })();
  if (problem) throw new UsageError(`hpy-node profile: cannot write ${option} ${path}: ${problem}; give another file`);
  return path;
}

export async function profile(args: string[]): Promise<number> {
  const { values, command } = parseCommandArgs<ProfileValues>('profile', args, {
    out: { type: 'string', short: 'o' },
    svg: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(PROFILE_USAGE);
    return 0;
  }
  if (command === undefined || command.length === 0) {
    throw new UsageError(`hpy-node profile: give the command to profile after --, as in: hpy-node profile -- node app.js`);
  }
  const out = checkWritable(values.out ?? 'hpy-node-profile.pb.gz', '--out');
  const svg = values.svg === undefined ? undefined : checkWritable(values.svg, '--svg');
  // Before the command runs, not after: the encoder is an optional peer.
  try {
    requirePeers('hpy-node profile', ['pprof-format']);
  } catch (err) {
    if (!(err instanceof MissingPeerError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const child = startTracedChild(command, { stdio: 'inherit', intervalMs: 1000 });
  // Ctrl-C reaches the command through the terminal; the profile is written
  // when it has exited.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.child.kill('SIGTERM'));
  const result = await child.exited;
  process.off('SIGINT', ignore);
  const endMs = Date.now();
  try {
    if (result.error) {
      process.stderr.write(`hpy-node profile: cannot start ${command[0]}: ${(result.error as NodeJS.ErrnoException).code ?? result.error.message}\n`);
      return 127;
    }
    const code = result.code ?? 128 + (result.signal ? (require('node:os').constants.signals[result.signal] as number) : 0);
    const processes = child.processes();
    if (processes === 0) {
      process.stderr.write(
        `hpy-node profile: no traced HPy module reported, so nothing was written to ${out}: the command must load an extension with hpy-node from this install (${resolve(__dirname, '..', '..')})\n`,
      );
      return code === 0 ? 1 : code;
    }
    const rows = child.snapshot().entries as ProfileRow[];
    const pprof = to_pprof(rows, { startMs: child.startMs, durationNs: (endMs - child.startMs) * 1e6 });
    writeFileSync(out, pprof);
    const calls = rows.reduce((s, r) => s + Object.values(r.functions).reduce((t, f) => t + (f?.calls ?? 0), 0), 0);
    process.stderr.write(`hpy-node profile: wrote ${out}: ${rows.length} entries, ${calls} context calls, from ${processes} process${processes === 1 ? '' : 'es'}; read it with: go tool pprof -top ${out}\n`);
    if (svg) {
      writeFileSync(svg, flameGraphSvg(foldedStacks(pprof, 'time'), { title: `hpy-node profile: ${command.join(' ')}`, unit: 'ns' }));
      process.stderr.write(`hpy-node profile: wrote the flame graph ${svg}\n`);
    }
    return code;
  } finally {
    child.cleanup();
  }
}
