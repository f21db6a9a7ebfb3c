// Figure 13's CPython side: the Python child (bench/hpy-cpython/types.py)
// that loads the binaries f13-hpy.ts built and runs one round of a part
// whenever the figure asks, so CPython's rounds alternate with hpy-node's.
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BENCH_DIR } from '../lib';
import type { HpyBinaries } from './f13-hpy';

export interface HpyRunSizes {
  micro: number;
  loops: number;
  newLoop: number;
  build: number;
  compute: number;
  runs: number;
}

export type Part = 'a' | 'b' | 'c';

/** The Python child (bench/hpy-cpython/types.py) with the binaries loaded:
 * round(part) runs one round of a part's variants on CPython and resolves
 * to ns per operation of each (and, for 'c', the geometry's checksums). */
export class CpythonPeer {
  readonly versions: Promise<{ python: string; hpy: string }>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: Array<{ resolve(v: Record<string, number>): void; reject(e: Error): void }> = [];
  private stderr = '';
  private exited?: Error;

  // Figure 15 runs its own script (containers.py) with its own binaries.
  constructor(hpyDir: string, bins: HpyBinaries | object, sizes: HpyRunSizes | object, scriptName = 'types.py') {
    const script = join(BENCH_DIR, 'hpy-cpython', scriptName);
    const python = process.env.HPY_PYTHON ?? 'python3';
    this.child = spawn(python, [script, hpyDir, JSON.stringify({ ...bins, ...sizes })]);
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.answers.shift()?.resolve(JSON.parse(line) as Record<string, number>));
    const fail = (why: string) => {
      this.exited = new Error(`bench --hpy ${hpyDir}: ${python} ${script} ${why}: ${this.stderr.trim().split('\n').slice(-5).join(' | ')}`);
      for (const a of this.answers.splice(0)) a.reject(this.exited);
    };
    this.child.on('error', (e) => fail(`failed (${e.message})`));
    this.child.on('exit', (code) => fail(`exited (${code})`));
    this.versions = this.next() as unknown as Promise<{ python: string; hpy: string }>;
  }

  private next(): Promise<Record<string, number>> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.answers.push({ resolve, reject }));
  }

  round(part: Part | string): Promise<Record<string, number>> {
    const answer = this.next();
    this.child.stdin.write(`${part}\n`);
    return answer;
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** Rounds of one part on CPython: the first (the warm-up) left out, the
 * samples per variant. */
export function samplesOf(rounds: Array<Record<string, number>>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const round of rounds.slice(1)) for (const [k, v] of Object.entries(round)) (out[k] ??= []).push(v);
  return out;
}
