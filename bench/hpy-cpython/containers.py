"""Figure 15 on CPython + HPy 0.9.0: the string and container C loops
(bench/extensions/containers.c) and the JSON-like codec
(bench/extensions/containers_json.c), beside json.loads/json.dumps.

Run by bench/figures/f15-containers.ts with `npm run bench -- --hpy DIR`,
as types.py is for figure 13: it loads the binaries HPy's toolchain built,
prints one JSON line with the versions, then for each line "a" or "b" on
stdin runs one round of that part (rotating order) and prints one JSON line:
ns per iteration (a) or per document (b) of each variant. The loops and
their operands are the ones bench/figures/f15-loops.ts runs on hpy-node.

usage: python3 containers.py HPY_DIR CONFIG_JSON
CONFIG_JSON: {"loops", "json": paths, "n": iterations, "reps": documents,
              "text": the JSON document, "expect": {label: [loop, per, operand]}}
"""
import importlib.util
import json
import sys
import time

now = time.perf_counter_ns


def load(universal, path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    return universal.load(name, path, spec, mode=universal.MODE_UNIVERSAL)


def one_round(variants, r):
    keys = list(variants)
    out = {}
    for j in range(len(keys)):
        k = keys[(r + j) % len(keys)]
        out[k] = variants[k]()
    return out


class Obj:
    pass


def operands():
    str1k = ('abcdefghijklmnopqrstuvwxyz' * 40)[:1024]
    return {
        'str1k': str1k,
        'str1kNonAscii': '\u00e9' + str1k[1:],
        'key': 'key',
        'dict4': {'a': 1, 'b': 2, 'c': 3, 'd': 4},
        'float': 1.5,
        'list': [1.5, 2.5, 3.5],
        # A plain JavaScript object takes any attribute; a Python one of a
        # class of its own does too.
        'obj': Obj(),
        'add': lambda a, b: a + b,
    }


def loop_variants(m, n, expect):
    ops = operands()

    def variant(label, loop, per, operand):
        f = getattr(m, loop)
        args = (n,) if operand is None else (n, ops[operand])

        def run():
            t0 = now()
            s = f(*args)
            ns = (now() - t0) / n
            if s != per * n:
                raise RuntimeError('%s(%d) returned %r, expected %r' % (loop, n, s, per * n))
            return ns
        return run

    return {label: variant(label, *spec) for label, spec in expect.items()}


def json_variants(codec, text, reps):
    if codec.encode(codec.decode(text)) != text:
        raise RuntimeError('encode(decode(text)) differs from the text')
    value = json.loads(text)
    decoded = codec.decode(text)
    n_records = len(value['records'])

    def timed(f, arg, check):
        def run():
            t0 = now()
            for _ in range(reps):
                r = f(arg)
            ns = (now() - t0) / reps
            if not check(r):
                raise RuntimeError('%r gave a wrong result' % f)
            return ns
        return run

    def is_doc(r):
        return len(r['records']) == n_records

    # json.dumps with the separators JSON.stringify uses and UTF-8 kept.
    def dumps(v):
        return json.dumps(v, separators=(',', ':'), ensure_ascii=False)

    return {
        'decode': timed(codec.decode, text, is_doc),
        'encode': timed(codec.encode, decoded, lambda r: r == text),
        'json.loads': timed(json.loads, text, is_doc),
        'json.dumps': timed(dumps, value, lambda r: r == text),
    }


def main():
    hpy_dir, config = sys.argv[1], json.loads(sys.argv[2])
    sys.path.insert(0, hpy_dir)
    import hpy.universal as universal
    loops = load(universal, config['loops'], 'bench_containers')
    codec = load(universal, config['json'], 'bench_json')
    parts = {
        'a': loop_variants(loops, config['n'], config['expect']),
        'b': json_variants(codec, config['text'], config['reps']),
    }
    rounds = dict.fromkeys(parts, 0)
    print(json.dumps({'python': sys.version.split()[0], 'hpy': universal.get_version()[0]}), flush=True)
    for line in sys.stdin:
        part = line.strip()
        if part not in parts:
            break
        out = one_round(parts[part], rounds[part])
        rounds[part] += 1
        print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
