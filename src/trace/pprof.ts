// The profile as pprof (profile.proto, gzipped): what `go tool pprof`,
// speedscope and Grafana Pyroscope read. Stacks are module -> entry ->
// context function, so a flame graph shows which C function of which module
// made which HPy calls. pprof-format does the protobuf encoding; it is an
// optional peer (src/optional-peer.ts), loaded on the first profile.
// Kept in the emitted .d.ts (preserve): its types name Node's, and a
// consumer's tsc may not load Node's types by itself (TypeScript 7's default).
/// <reference types="node" preserve="true" />
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import type { Function as PprofFunction, Location, Sample } from 'pprof-format';
import { check, accepts } from '../args';
import { requirePeer } from '../optional-peer';
import { get_profile, type ProfileRow } from './profile';
import type { TraceQuery } from './select';

/** What a pprof profile says beyond its samples. */
export interface PprofOptions {
  /** When the profiled span began, ms since the epoch (`Date.now()`); default: now. */
  startMs?: number;
  /** How long it lasted, ns; default 0 (unknown). */
  durationNs?: number;
}

/** The two values of every sample, in the order of `sampleType`: pprof
 * tools show the last one by default, so time comes last. */
export const PPROF_SAMPLE_TYPES = [
  { type: 'calls', unit: 'count' },
  { type: 'time', unit: 'nanoseconds' },
] as const;

// One Function and one Location per distinct frame name: a context function
// called by many entries is one frame in many stacks, as pprof expects.
// pprof-format, or a MissingPeerError naming the npm install line. Not
// exported: its type would make hpy-node's declarations name pprof-format,
// which an application without it could not resolve.
function pprofFormat() {
  return requirePeer('hpy-node/trace to_pprof', 'pprof-format');
}

class Frames {
  private readonly pf = pprofFormat();
  readonly strings = new this.pf.StringTable();
  readonly functions: PprofFunction[] = [];
  readonly locations: Location[] = [];
  private readonly ids = new Map<string, number>();

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size + 1; // 0 is "no id" in profile.proto
      this.ids.set(name, id);
      this.functions.push(new this.pf.Function({ id, name: this.strings.dedup(name), systemName: this.strings.dedup(name) }));
      this.locations.push(new this.pf.Location({ id, line: [{ functionId: id }] }));
    }
    return id;
  }
}

/** The rows of get_profile() (or a difference of two) as a gzipped pprof
 * profile. Stacks, root first: `module` -> `entry` -> `ctx_X` with the
 * context function's calls and time; and `module` -> `entry` with the
 * entry's calls and its self time (`total_ns - api_ns`, never below 0). A
 * nested entry's time is in its caller's context call (an `HPy_Call`, an
 * `HPy_Add` that ran a slot) as well as under its own entry: the time of a
 * module's frame can exceed the wall time. Samples whose values are all 0
 * are left out. */
export function to_pprof(rows: readonly ProfileRow[], options: PprofOptions = {}): Buffer {
  check('to_pprof', 'rows', rows, { what: 'an array of get_profile() rows', test: Array.isArray });
  const pf = pprofFormat();
  const frames = new Frames();
  const sample: Sample[] = [];
  const add = (stack: string[], calls: number, ns: number) => {
    if (calls === 0 && ns === 0) return;
    // profile.proto lists a sample's locations leaf first.
    const locationId = stack.map((name) => frames.id(name)).reverse();
    sample.push(new pf.Sample({ locationId, value: [Math.round(calls), Math.round(ns)] }));
  };
  for (const row of rows) {
    add([row.module, row.entry], row.calls, Math.max(0, row.total_ns - row.api_ns));
    for (const [fn, stats] of Object.entries(row.functions)) {
      if (stats) add([row.module, row.entry, fn], stats.calls, stats.ns);
    }
  }
  const profile = new pf.Profile({
    sampleType: PPROF_SAMPLE_TYPES.map((t) => new pf.ValueType({ type: frames.strings.dedup(t.type), unit: frames.strings.dedup(t.unit) })),
    sample,
    location: frames.locations,
    function: frames.functions,
    stringTable: frames.strings,
    timeNanos: BigInt(Math.round(options.startMs ?? Date.now())) * 1_000_000n,
    durationNanos: Math.round(options.durationNs ?? 0),
  });
  return gzipSync(profile.encode());
}

/** Writes the profile of the traced modules (or one: `{ module }`, as for
 * get_profile) to `file` as a gzipped pprof profile (`to_pprof`). */
export function write_pprof(file: string, query?: TraceQuery): void {
  check('write_pprof', 'file', file, accepts.nonEmptyString);
  writeFileSync(file, to_pprof(get_profile(query)));
}
