"""Figure 13 on CPython + HPy 0.9.0: HPy's microbenchmarks, the object-model
C loops, and the geometry library's two phases.

Run by bench/figures/f13-hpy.ts with `npm run bench -- --hpy DIR`. The
binaries come built (HPy's own toolchain); this loads them with
hpy.universal.load in universal mode and prints one JSON line with the
versions. Then, for each line "a", "b" or "c" on stdin, it runs one round of
that part's variants (in rotating order, as the figure's rounds on hpy-node)
and prints one JSON line: ns per operation of each variant. So the figure
alternates hpy-node's rounds and CPython's, and slow drift on the machine
falls on both hosts alike. The loops are test_microbench.py's, written out
here; the geometry driver is the one bench/figures/f13-geometry.ts runs on
hpy-node and on the JavaScript twin, in Python.

usage: python3 types.py HPY_DIR CONFIG_JSON
CONFIG_JSON: {"simple", "objects", "geometry": paths, "micro", "loops",
              "newLoop", "build", "compute": sizes}
"""
import gc
import importlib.util
import json
import sys
import time

now = time.perf_counter_ns


def load(universal, path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    return universal.load(name, path, spec, mode=universal.MODE_UNIVERSAL)


def one_round(variants, r):
    """Round r: every variant once, starting with the r-th."""
    keys = list(variants)
    out = {}
    for j in range(len(keys)):
        k = keys[(r + j) % len(keys)]
        out[k] = variants[k]()
    return out


# ---- (a) test_microbench.py's loops, timed the same way ----

def micro_variants(simple, N):
    def timed(body):
        def run():
            t0 = now()
            body()
            return (now() - t0) / N
        return run

    def empty():
        for i in range(N):
            pass

    def noargs():
        for i in range(N):
            simple.noargs()

    def onearg():
        for i in range(N):
            simple.onearg(None)

    def varargs():
        for i in range(N):
            simple.varargs(None, None)

    def call_with_tuple():
        def f(a, b):
            return a + b
        for i in range(N):
            simple.call_with_tuple(f, (1, 2))

    def allocate_int():
        for i in range(N):
            simple.allocate_int()

    def allocate_tuple():
        for i in range(N):
            simple.allocate_tuple()

    def foo_setup_and_run():
        # TestType.test_allocate_obj: the list is made and collected before
        # the timer starts; the final collection is timed.
        Foo = simple.Foo
        objs = [None] * N
        gc.collect()
        t0 = now()
        for i in range(N):
            objs[i] = Foo()
        del objs
        gc.collect()
        return (now() - t0) / N

    obj = simple.Foo()

    def obj_noargs():
        for i in range(N):
            obj.noargs()

    def obj_onearg():
        for i in range(N):
            obj.onearg(None)

    def obj_len():
        for i in range(N):
            len(obj)

    def obj_getitem():
        for i in range(N):
            obj[0]

    return {
        'empty loop': timed(empty),
        'noargs()': timed(noargs),
        'onearg(None)': timed(onearg),
        'varargs(None, None)': timed(varargs),
        'call_with_tuple(f, (1, 2))': timed(call_with_tuple),
        'allocate_int()': timed(allocate_int),
        'allocate_tuple()': timed(allocate_tuple),
        'Foo()': foo_setup_and_run,
        'obj.noargs()': timed(obj_noargs),
        'obj.onearg(None)': timed(obj_onearg),
        'len(obj)': timed(obj_len),
        'obj[0]': timed(obj_getitem),
    }


# ---- (b) the object-model C loops (bench/extensions/objects.c) ----

def loop_variants(m, N, N_new):
    obj = m.Obj()
    obj.x = 1.5
    m.loop_field_store(1, obj, obj)
    t = (2.5, 3.5)

    def loop(name, n, expected, *operands):
        fn = getattr(m, name)

        def run():
            t0 = now()
            s = fn(n, *operands)
            ns = (now() - t0) / n
            if s != expected:
                raise RuntimeError('%s(%d) returned %r, expected %r' % (name, n, s, expected))
            return ns
        return run

    def new():
        # Until tp_destroy ran for every instance made: CPython frees each
        # at its HPy_Close already; the collection is timed as hpy-node's is.
        target = m.destroyed_total() + N_new
        t0 = now()
        s = m.loop_new(N_new)
        gc.collect()
        ns = (now() - t0) / N_new
        if s != N_new or m.destroyed_total() < target:
            raise RuntimeError('loop_new: %r made, %r destroyed' % (s, m.destroyed_total()))
        return ns

    return {
        'empty': loop('loop_empty', N, N),
        'HPy_New': new,
        'HPy_AsStruct_Object': loop('loop_asstruct', N, 1.5 * N, obj),
        'HPy_TypeCheck': loop('loop_typecheck', N, N, obj),
        'HPyField_Store': loop('loop_field_store', N, N, obj, t),
        'HPyField_Load': loop('loop_field_load', N, N, obj),
        'HPyGlobal_Load': loop('loop_global_load', N, N),
        'HPyTuple_FromArray': loop('loop_tuple_array', N, N, 1.5, t),
        'HPyTupleBuilder': loop('loop_tuple_builder', N, N, 1.5, t),
        'HPy_GetItem_i': loop('loop_getitem_i', N, 2.5 * N, t),
        'HPyFloat_AsDouble': loop('loop_float_as', N, 1.5 * N, 1.5),
        'HPyFloat_FromDouble': loop('loop_float_from', N, N),
    }


# ---- (c) the geometry library: the driver of f13-geometry.ts, in Python ----

BUILD_OPS_PER_ITERATION = 14
POLYGON_EVERY = 16
POLYGON_OPS = 3
COMPUTE_OPS_PER_ROUND = 256 * 4 + 16 * 3 + 64 * 2 + 2

DIRS = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]


def geometry_world(g):
    Vec, Segment, Box, Polygon = g.Vec, g.Segment, g.Box, g.Polygon
    ring = [Vec(dx * (1 if k % 2 else 3), dy * (1 if k % 2 else 3)) for k, (dx, dy) in enumerate(DIRS)]
    vecs = [Vec(k % 13 - 6, k % 7 - 3) for k in range(256)]
    segs = [Segment(vecs[k], vecs[(k * 7) % 256]) for k in range(256)]
    boxes = [Box(Vec(-(k % 5) - 1, -2), Vec(k % 3 + 1, k % 4 + 1)) for k in range(64)]
    polys = [Polygon(ring) + vecs[k * 16] for k in range(16)]
    return ring, vecs, segs, boxes, polys


def geometry_build(g, ring, n):
    Vec, Segment, Box, Polygon = g.Vec, g.Segment, g.Box, g.Polygon
    acc = 0.0
    for i in range(n):
        f = i % 97
        a = Vec(f, 1.0)
        b = Vec(x=2.0, y=f)
        c = a + b
        d = -c
        e = c * 0.5
        s = Segment(a, e)
        t = s + d
        u = -t
        bx = Box(d, a) | Box(lo=e, hi=b)
        eq = a == b
        acc += u.length() + bx.area() + (1 if eq else 0)
        if (i & 15) == 0:
            acc += (Polygon(ring) + a).area()
    return acc


def geometry_compute(g, world, n):
    ring, vecs, segs, boxes, polys = world
    total_length = g.total_length
    acc = 0.0
    for r in range(n):
        for j in range(256):
            v = vecs[j]
            w = vecs[255 - j]
            acc += v.dot(w) + v.norm() + segs[j].length()
            if v == w:
                acc += 1
        for k in range(16):
            p = polys[k]
            acc += p.area() + p.perimeter()
            if p.contains(vecs[k]):
                acc += 1
        for k in range(64):
            b = boxes[k]
            acc += b.area()
            if b.contains(vecs[k]):
                acc += 1
        acc += total_length(segs)
        acc += segs[r & 255].lerp(t=0.25).x
    return acc


def build_ops(n):
    return BUILD_OPS_PER_ITERATION * n + POLYGON_OPS * ((n + POLYGON_EVERY - 1) // POLYGON_EVERY)


def geometry_variants(g, n_build, n_compute, out):
    world = geometry_world(g)

    def build():
        gc.collect()
        t0 = now()
        out['buildChecksum'] = geometry_build(g, world[0], n_build)
        gc.collect()
        return (now() - t0) / build_ops(n_build)

    def compute():
        t0 = now()
        out['computeChecksum'] = geometry_compute(g, world, n_compute)
        return (now() - t0) / (COMPUTE_OPS_PER_ROUND * n_compute)

    return {'build': build, 'compute': compute}


def main():
    hpy_dir, config = sys.argv[1], json.loads(sys.argv[2])
    sys.path.insert(0, hpy_dir)
    import hpy.universal as universal
    simple = load(universal, config['simple'], 'hpy_simple')
    objects = load(universal, config['objects'], 'bench_objects')
    geometry = load(universal, config['geometry'], 'bench_geometry')
    checksums = {}
    parts = {
        'a': micro_variants(simple, config['micro']),
        'b': loop_variants(objects, config['loops'], config['newLoop']),
        'c': geometry_variants(geometry, config['build'], config['compute'], checksums),
    }
    rounds = dict.fromkeys(parts, 0)
    print(json.dumps({'python': sys.version.split()[0], 'hpy': universal.get_version()[0]}), flush=True)
    for line in sys.stdin:
        part = line.strip()
        if part not in parts:
            break
        out = one_round(parts[part], rounds[part])
        rounds[part] += 1
        if part == 'c':
            out.update(checksums)
        print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
