"""HPy's own universal and debug mode on CPython, running figure 10's C loops.

Run by bench/figures/f10-debug.ts when `npm run bench -- --hpy DIR` is given:
builds bench/extensions/loops.c against HPy's headers and runtime sources in
DIR (an HPy 0.9.0 checkout built in place, docs/contributing/hpy-0.9.0.md), once per mode
under its own module name (HPy keeps one global context per shared object),
loads them with hpy.universal.load, times each loop in each mode, interleaved
round by round as the figure does, and prints the samples as JSON on stdout.

usage: python3 loops.py HPY_DIR BUILD_DIR ITERATIONS RUNS
"""
import importlib.util
import json
import os
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOOPS = {
    'Add+Close': lambda m, n: m.loop_add(n, 1, 2),
    'Dup+Close': lambda m, n: m.loop_dup(n, 7),
    'LongFromInt64+Close': lambda m, n: m.loop_long(n),
}


def build(devel, build_dir, name):
    src = os.path.join(BENCH_DIR, 'extensions', 'loops.c')
    out = os.path.join(build_dir, name + '.hpy0.so')
    includes = ['-I' + str(d) for d in devel.get_extra_include_dirs()]
    # The flags hpy-node's own build of the loops uses (src/cli/build.ts).
    cmd = ['cc', '-std=gnu11', '-shared', '-fPIC', '-O2', '-DHPY', '-DHPY_ABI_UNIVERSAL', '-DBENCH_NAME=' + name,
           *includes, '-I' + os.path.join(BENCH_DIR, 'extensions'), src, *devel.get_extra_sources(), '-o', out]
    subprocess.run(cmd, check=True)
    return out


def load(universal, path, name, mode):
    spec = importlib.util.spec_from_file_location(name, path)
    return universal.load(name, path, spec, mode=mode)


def per_call(m, loop, n):
    t0 = time.perf_counter_ns()
    done = LOOPS[loop](m, n)
    ns = (time.perf_counter_ns() - t0) / (2 * n)
    if done != n:
        raise RuntimeError('%s ran %r iterations, expected %d' % (loop, done, n))
    return ns


def main():
    hpy_dir, build_dir, n, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    sys.path.insert(0, hpy_dir)
    from hpy.devel import HPyDevel
    import hpy.universal as universal
    os.makedirs(build_dir, exist_ok=True)
    devel = HPyDevel()
    modules = {
        'universal': load(universal, build(devel, build_dir, 'bench_loops_hpy_universal'), 'bench_loops_hpy_universal',
                          universal.MODE_UNIVERSAL),
        'debug': load(universal, build(devel, build_dir, 'bench_loops_hpy_debug'), 'bench_loops_hpy_debug',
                      universal.MODE_DEBUG),
    }
    out = {'python': sys.version.split()[0], 'hpy': universal.get_version()[0], 'loops': {}}
    for loop in LOOPS:
        samples = {k: [] for k in modules}
        keys = list(modules)
        for r in range(runs + 1):  # the first round warms up
            for j in range(len(keys)):
                k = keys[(r + j) % len(keys)]
                ns = per_call(modules[k], loop, n)
                if r > 0:
                    samples[k].append(ns)
        out['loops'][loop] = samples
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
