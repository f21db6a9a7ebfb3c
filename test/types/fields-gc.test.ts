// HPy 0.9.0's test_hpyfield behaviours on hpy-node, and the garbage
// collector's view of types: HPyField values are reachable from their owner
// only (cycles through fields are collected; a stored value lives as long as
// its owner), tp_destroy runs once per collected instance and at environment
// teardown, and a worker's environment has its own classes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { join, resolve } from 'node:path';
import { buildModule } from '../support/make-module';
import { load } from '../../src/index';

const ROOT = resolve(__dirname, '..', '..');

export const NODE_SRC = `
#define MAX_IDS 300000
typedef struct { HPyField other; HPyField extra; long id; } NodeObject;
HPyType_HELPERS(NodeObject)

static unsigned char destroyed[MAX_IDS];
static long destroyed_total_count;
static long next_id;

HPyDef_SLOT(Node_new, HPy_tp_new)
static HPy Node_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    NodeObject *n;
    HPy h = HPy_New(ctx, cls, &n);
    if (HPy_IsNull(h)) return HPy_NULL;
    n->id = next_id++ % MAX_IDS;
    return h;
}

HPyDef_SLOT(Node_destroy, HPy_tp_destroy)
static void Node_destroy_impl(void *obj)
{
    NodeObject *n = (NodeObject *)obj;
    destroyed[n->id]++;
    destroyed_total_count++;
}

HPyDef_SLOT(Node_traverse, HPy_tp_traverse)
static int Node_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    NodeObject *n = (NodeObject *)self;
    HPy_VISIT(&n->other);
    HPy_VISIT(&n->extra);
    return 0;
}

HPyDef_METH(Node_link, "link", HPyFunc_O)
static HPy Node_link_impl(HPyContext *ctx, HPy self, HPy other)
{
    HPyField_Store(ctx, self, &NodeObject_AsStruct(ctx, self)->other, other);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(Node_clear, "clear", HPyFunc_NOARGS)
static HPy Node_clear_impl(HPyContext *ctx, HPy self)
{
    HPyField_Store(ctx, self, &NodeObject_AsStruct(ctx, self)->other, HPy_NULL);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(Node_get, "get", HPyFunc_NOARGS)
static HPy Node_get_impl(HPyContext *ctx, HPy self)
{
    NodeObject *n = NodeObject_AsStruct(ctx, self);
    if (HPyField_IsNull(n->other)) return HPy_Dup(ctx, ctx->h_None);
    return HPyField_Load(ctx, self, n->other);
}

HPyDef_MEMBER(Node_extra, "extra", HPyMember_OBJECT, offsetof(NodeObject, extra))
HPyDef_MEMBER(Node_extra_ex, "extra_ex", HPyMember_OBJECT_EX, offsetof(NodeObject, extra))
HPyDef_MEMBER(Node_id, "id", HPyMember_LONG, offsetof(NodeObject, id), .readonly = 1)

static HPyDef *Node_defines[] = { &Node_new, &Node_destroy, &Node_traverse, &Node_link, &Node_clear, &Node_get,
    &Node_extra, &Node_extra_ex, &Node_id, NULL };
static HPyType_Spec Node_spec = {
    .name = "fields.Node", .basicsize = sizeof(NodeObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC, .defines = Node_defines,
};

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Node", &Node_spec, NULL) ? 0 : -1;
}

HPyDef_METH(destroyed_total, "destroyed_total", HPyFunc_NOARGS)
static HPy destroyed_total_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, destroyed_total_count); }

HPyDef_METH(destroyed_in, "destroyed_in", HPyFunc_VARARGS)
static HPy destroyed_in_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long lo = HPyLong_AsLong(ctx, args[0]), hi = HPyLong_AsLong(ctx, args[1]), n = 0;
    for (long i = lo; i <= hi && i < MAX_IDS; i++) n += destroyed[i];
    return HPyLong_FromLong(ctx, n);
}

HPyDef_METH(destroyed_max, "destroyed_max", HPyFunc_NOARGS)
static HPy destroyed_max_impl(HPyContext *ctx, HPy self)
{
    int mx = 0;
    for (long i = 0; i < MAX_IDS; i++) if (destroyed[i] > mx) mx = destroyed[i];
    return HPyLong_FromLong(ctx, mx);
}
`;

interface NodeObj { link(o: unknown): void; clear(): void; get(): unknown; extra: unknown; extra_ex: unknown }
type NodeModule = { Node: new () => NodeObj & { id: number }; destroyed_total(): number; destroyed_max(): number; destroyed_in(lo: number, hi: number): number };

test('HPyField_Store/Load keep a value; storing HPy_NULL clears it; OBJECT members are fields', () => {
  const m = load(buildModule(NODE_SRC)) as unknown as NodeModule;
  const a = new m.Node();
  const payload = { big: 'value' };
  assert.equal(a.get(), undefined);
  a.link(payload);
  assert.equal(a.get(), payload);
  a.link(a);
  assert.equal(a.get(), a, 'overwrite');
  a.clear();
  assert.equal(a.get(), undefined);
  assert.equal(a.extra, undefined, 'HPyMember_OBJECT: a NULL field reads as None');
  assert.throws(() => a.extra_ex, { name: 'AttributeError', message: /has no attribute 'extra_ex'/ });
  a.extra = payload;
  assert.equal(a.extra_ex, payload);
  assert.equal(Object.keys(a).length, 0, 'the fields array is not an enumerable property');
});

test('10^5 instances in field cycles are collected; tp_destroy runs once each; a stored value lives as long as its owner', () => {
  const so = buildModule(NODE_SRC);
  const script = `
const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const m = load(${JSON.stringify(so)});
const N = 100000;
let finalized = 0;
const registry = new FinalizationRegistry(() => finalized++);
const keeper = new m.Node();
let kept;
(function () {
  for (let i = 0; i < N / 2; i++) {
    const a = new m.Node(), b = new m.Node();
    a.link(b); b.link(a);          // a two-object cycle through fields
    a.extra = a;                   // and a self-cycle through an OBJECT member
    registry.register(a, 0); registry.register(b, 0);
  }
  const value = { payload: 1 };
  kept = new WeakRef(value);
  keeper.link(value);
})();
(async () => {
  for (let i = 0; i < 50 && (m.destroyed_total() < N || finalized < N); i++) {
    global.gc();
    await new Promise((r) => setImmediate(r));
  }
  console.log(JSON.stringify({ destroyed: m.destroyed_total(), max: m.destroyed_max(), finalized,
    keptAlive: kept.deref() !== undefined && keeper.get() === kept.deref() }));
})();`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout.trim());
  assert.equal(out.finalized, 100000, 'every instance was collected');
  assert.equal(out.destroyed, 100000, 'tp_destroy ran for each (the keeper is alive)');
  assert.equal(out.max, 1, 'and never twice');
  assert.equal(out.keptAlive, true, 'a value stored in a live owner stays');
});

test('a worker gets its own class; its live instances are destroyed when the worker ends', async () => {
  const so = buildModule(NODE_SRC);
  const m = load(so) as unknown as NodeModule;
  const body = `require('tsx/cjs');
const { parentPort } = require('node:worker_threads');
const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const m = load(${JSON.stringify(so)});
globalThis.keep = [];
for (let i = 0; i < 10; i++) { const n = new m.Node(); n.link(n); globalThis.keep.push(n); }
parentPort.postMessage({ linked: globalThis.keep[3].get() === globalThis.keep[3], name: m.Node.name,
  first: globalThis.keep[0].id, last: globalThis.keep[9].id, destroyed: m.destroyed_in(globalThis.keep[0].id, globalThis.keep[9].id) });`;
  type Report = { linked: boolean; name: string; first: number; last: number; destroyed: number };
  const report = await new Promise<Report>((res, rej) => {
    const w = new Worker(body, { eval: true });
    let msg: Report | undefined;
    w.once('message', (x) => (msg = x));
    w.once('error', rej);
    w.once('exit', () => (msg ? res(msg) : rej(new Error('no report'))));
  });
  assert.deepEqual([report.linked, report.name, report.last - report.first, report.destroyed], [true, 'Node', 9, 0]);
  assert.equal(m.destroyed_in(report.first, report.last), 10, 'the worker\'s 10 live instances were destroyed at its teardown');
  assert.equal(m.destroyed_max(), 1);
  assert.ok(new m.Node() instanceof m.Node, 'the main thread\'s class is untouched');
});
