// Arguments of the commands that run another command (`top`, `profile`):
// options, then `--`, then the command. parseArgs reads the options; its
// messages get the command's name in front.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export interface CommandArgs<V> {
  values: V;
  /** What follows `--`; undefined when there is no `--`. */
  command: string[] | undefined;
}

export function parseCommandArgs<V>(name: string, args: string[], options: NonNullable<ParseArgsConfig['options']>): CommandArgs<V> {
  const dashdash = args.indexOf('--');
  const own = dashdash >= 0 ? args.slice(0, dashdash) : args;
  let values: V;
  try {
    ({ values } = parseArgs({ args: own, options, strict: true, allowPositionals: false }) as unknown as { values: V });
  } catch (err) {
    const message = (err as Error).message;
    // A command given without `--` is the likeliest mistake: say how to write it.
    const positional = /Unexpected argument '([^']*)'/.exec(message);
    if (positional) throw new UsageError(`hpy-node ${name}: put the command to run after --, as in: hpy-node ${name} -- node app.js (got '${positional[1]}' before any --)`);
    throw new UsageError(`hpy-node ${name}: ${message}`);
  }
  return { values, command: dashdash >= 0 ? args.slice(dashdash + 1) : undefined };
}

/** A number of seconds > 0, for --interval. */
export function secondsOption(name: string, option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`hpy-node ${name}: ${option} needs a number of seconds greater than 0, got ${JSON.stringify(text)}`);
  return n;
}
