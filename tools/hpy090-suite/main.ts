// `npm run hpy090-suite -- --hpy DIR`: HPy 0.9.0's own test suite, as its
// templates expand it, built with `hpy-node build` and loaded by hpy-node.
//
// HPy's tests are Python; what can be carried over unchanged is their C: each
// test writes one or more extension modules from a template. HPy's pytest
// harness has a dump mode (--dump-dir) that expands every template to the C
// file the test would compile and skips the Python part. This tool runs that
// dump against an HPy 0.9.0 checkout (built with `setup.py build_ext
// --inplace`: its conftest imports hpy.universal), then builds each module
// twice with HPy's own flags (-Werror -Wfatal-errors): as source with
// `hpy-node build`, and as the binary HPy's own toolchain makes (its headers
// and helpers). Each is loaded in universal, trace, debug and debug+trace
// mode; the report says
// per HPy test file what builds and loads, and why the rest does not. It is a
// measurement, not a test: CI has no HPy checkout. docs/contributing/hpy-0.9.0.md says more.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildAll, hpyNodeToolchain } from './build-modules';
import { hpyToolchain, Toolchain } from './hpy-toolchain';
import { loadAll } from './load-modules';
import { report } from './report';

interface Options {
  hpy?: string;
  dump?: string;
  out: string;
  only?: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { out: resolve('.tmp/hpy090-suite') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--hpy') o.hpy = resolve(value());
    else if (a === '--dump') o.dump = resolve(value());
    else if (a === '--out') o.out = resolve(value());
    else if (a === '--only') o.only = value();
    else throw new Error(`unknown option ${a}; usage: hpy090-suite (--hpy HPY_CHECKOUT | --dump DUMP_DIR) [--out DIR] [--only SUBSTR]`);
  }
  if (!o.hpy && !o.dump) throw new Error('give --hpy HPY_CHECKOUT (an HPy 0.9.0 tree built in place) or --dump DIR (an earlier dump)');
  return o;
}

// Runs HPy's pytest in dump mode; the C of every test lands in `dir`.
function dumpSources(hpy: string, dir: string): void {
  if (!existsSync(join(hpy, 'test', 'conftest.py'))) throw new Error(`${hpy} is not an HPy checkout (no test/conftest.py)`);
  rmSync(dir, { recursive: true, force: true });
  const env = { ...process.env, PYTHONPATH: [hpy, process.env.PYTHONPATH].filter(Boolean).join(':') };
  const r = spawnSync('python3', ['-m', 'pytest', 'test', '-q', '-p', 'no:cacheprovider', '--dump-dir', dir], {
    cwd: hpy,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!existsSync(dir) || readdirSync(dir).length === 0) {
    throw new Error(`HPy's pytest wrote no sources (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-2000)}`);
  }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(o.out, { recursive: true });
  const dump = o.dump ?? join(o.out, 'sources');
  if (o.hpy && !o.dump) {
    console.error(`expanding HPy's test templates from ${o.hpy} ...`);
    dumpSources(o.hpy, dump);
  }
  // As source (hpy-node's headers) and, with an HPy checkout, as binaries
  // built by HPy's own toolchain.
  const toolchains: Array<[string, Toolchain]> = [['source', hpyNodeToolchain(join(o.out, 'source'))]];
  if (o.hpy) toolchains.push(['binary', hpyToolchain(o.hpy, join(o.out, 'binary', '.hpy-runtime'))]);
  for (const [kind, toolchain] of toolchains) {
    console.error(`building each module with ${toolchain.name} ...`);
    const built = await buildAll(dump, join(o.out, kind), toolchain, o.only);
    console.error('loading each module in universal, trace, debug and debug+trace mode ...');
    const results = loadAll(built);
    writeFileSync(join(o.out, `results-${kind}.json`), JSON.stringify(results, null, 2));
    process.stdout.write(`\n## Built by ${toolchain.name}\n\n${report(results)}`);
  }
}

main().catch((err: Error) => {
  console.error(`hpy090-suite: ${err.message}`);
  process.exit(1);
});
