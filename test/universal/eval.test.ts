// HPy_Compile_s and HPy_EvalCode: HPy's test_eval.py on JavaScript source,
// the three source kinds, globals and locals as namespaces, and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { makeModule } from '../support/make-module';
import { diff } from '../support/call-diff';
import { Code, SystemError, ValueError } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';

const SRC = `
/* compile(source, filename, kind): kind is passed through unchecked, as in HPy's test */
HPyDef_METH(compile, "compile", HPyFunc_VARARGS)
static HPy compile_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "expected exactly 3 args");
        return HPy_NULL;
    }
    const char *source = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    const char *filename = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    long kind = HPyLong_AsLong(ctx, args[2]);
    if (!source || !filename || HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPy_Compile_s(ctx, source, filename, (HPy_SourceKind)kind);
}
HPyDef_METH(eval_code, "eval_code", HPyFunc_VARARGS)
static HPy eval_code_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "expected exactly 3 args");
        return HPy_NULL;
    }
    return HPy_EvalCode(ctx, args[0], args[1], args[2]);
}
/* eval_null_locals(code, globals): HPy_EvalCode with HPy_NULL locals */
HPyDef_METH(eval_null_locals, "eval_null_locals", HPyFunc_VARARGS)
static HPy eval_null_locals_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_EvalCode(ctx, args[0], nargs > 1 ? args[1] : HPy_NULL, HPy_NULL);
}
/* Compiles and runs an expression in a new dict; [isDict(result), matches(error, NameError), matches(error, TypeError)] */
HPyDef_METH(probe, "probe", HPyFunc_O)
static HPy probe_impl(HPyContext *ctx, HPy self, HPy arg) {
    const char *source = HPyUnicode_AsUTF8AndSize(ctx, arg, NULL);
    if (!source) return HPy_NULL;
    HPy code = HPy_Compile_s(ctx, source, "probe.js", HPy_SourceKind_Expr);
    if (HPy_IsNull(code)) return HPy_NULL;
    HPy globals = HPyDict_New(ctx);
    HPy r = HPy_EvalCode(ctx, code, globals, HPy_NULL);
    HPy_Close(ctx, code);
    HPy_Close(ctx, globals);
    HPy items[3];
    items[0] = HPyBool_FromBool(ctx, !HPy_IsNull(r) && HPyDict_Check(ctx, r));
    items[1] = HPyBool_FromBool(ctx, HPy_IsNull(r) && HPyErr_ExceptionMatches(ctx, ctx->h_NameError));
    items[2] = HPyBool_FromBool(ctx, HPy_IsNull(r) && HPyErr_ExceptionMatches(ctx, ctx->h_TypeError));
    HPyErr_Clear(ctx);
    if (!HPy_IsNull(r)) HPy_Close(ctx, r);
    HPy out = HPyTuple_FromArray(ctx, items, 3);
    for (int i = 0; i < 3; i++) HPy_Close(ctx, items[i]);
    return out;
}
HPyDef_METH(compile_null, "compile_null", HPyFunc_O)
static HPy compile_null_impl(HPyContext *ctx, HPy self, HPy which) {
    long w = HPyLong_AsLong(ctx, which);
    return HPy_Compile_s(ctx, w == 0 ? NULL : "1", w == 0 ? "f.js" : NULL, HPy_SourceKind_Expr);
}`;

const EXPR = 0, FILE = 1, SINGLE = 2;

test('test_compile: an expression, a file and a single input compile to Code objects that run', () => {
  const mod = makeModule(SRC);
  const c0 = mod.compile('1 + 2', 'hello0.js', EXPR);
  assert.ok(c0 instanceof Code);
  assert.equal(c0.filename, 'hello0.js');
  assert.equal(c0.kind, 'expr');
  assert.equal(c0.source, '1 + 2');
  assert.equal(c0.run(), 3);

  const c1 = mod.compile(
    `
var a = 1;
var b = 2;
function add(x, y) {
    return x + y;
}
var res = add(a, b);
`,
    'hello1.js',
    FILE,
  );
  const globals1 = {};
  const locals1: Record<string, unknown> = {};
  assert.equal(c1.run(globals1, locals1), undefined, 'a file has no value, as exec gives None');
  assert.ok('add' in locals1, `was: ${Object.keys(locals1)}`);
  assert.equal(locals1.a, 1);
  assert.equal(locals1.b, 2);
  assert.equal(locals1.res, 3);
  assert.deepEqual(globals1, {}, 'writes go to locals');

  const c2 = mod.compile('x = 1 + 2', 'hello2.js', SINGLE);
  const locals2: Record<string, unknown> = {};
  assert.equal(c2.run({}, locals2), 3, "a single input gives its completion value, what Node's REPL prints");
  assert.equal(locals2.x, 3);

  assert.throws(() => mod.compile('1 +.', 'hello1.c', EXPR), (e: Error & { filename?: string; lineno?: number }) => {
    assert.ok(e instanceof SyntaxError);
    assert.equal(e.message, "Unexpected token '.' (hello1.c, line 1)");
    assert.equal(e.filename, 'hello1.c');
    assert.equal(e.lineno, 1);
    return true;
  });
  assert.throws(() => mod.compile('1+2', 'hello.c', 777), (e: Error) => {
    assert.ok(e instanceof SystemError);
    assert.match(e.message, /^ctx_Compile_s: invalid source kind 777 /);
    return true;
  });
});

test('test_eval_code: HPy_EvalCode runs code made in JavaScript with globals and locals', () => {
  const mod = makeModule(SRC);
  const c0 = new Code('a + b', 'hello.js', 'expr');
  assert.equal(mod.eval_code(c0, {}, { a: 2, b: 3 }), 5);

  const locals1: Record<string, unknown> = { a: 10, b: 20 };
  const c1 = new Code('x = a + b', 'hello.js', 'file');
  assert.equal(mod.eval_code(c1, {}, locals1), undefined);
  assert.equal(locals1.x, 30);

  const c2 = new Code('throw new ValueError("from the code")', 'hello.js', 'file');
  assert.throws(() => mod.eval_code(c2, { ValueError }, {}), (e: Error) => e instanceof ValueError && e.message === 'from the code');
});

test('an expression source is one expression: statements are a SyntaxError, even ones that close its parenthesis', () => {
  const mod = makeModule(SRC);
  // Objects the code makes belong to its context's realm: compared here as
  // structured clones, which are this realm's.
  assert.deepEqual(structuredClone(mod.compile('{ a: 1, b: [2] }', 'e.js', EXPR).run()), { a: 1, b: [2] });
  assert.equal(mod.compile('a, b', 'e.js', EXPR).run({ a: 1, b: 2 }), 2, 'a comma expression is one expression');
  assert.equal(mod.compile('x = 5', 'e.js', EXPR).run({}), 5, 'so is an assignment');
  assert.throws(() => mod.compile('x = 1; y = 2', 'e.js', EXPR), {
    name: 'SyntaxError',
    message: "Unexpected token ';': an 'expr' source (HPy_SourceKind_Expr) is one expression, not statements (e.js, line 1)",
  });
  assert.throws(() => mod.compile('1), (2', 'e.js', EXPR), { name: 'SyntaxError', message: "Unexpected token ')' (e.js, line 1)" });
  assert.throws(() => mod.compile('1]; [2', 'e.js', EXPR), SyntaxError);
  assert.throws(() => mod.compile('  ', 'e.js', EXPR), { name: 'SyntaxError', message: "an 'expr' source (HPy_SourceKind_Expr) is one expression, and this one is empty (e.js, line 1)" });
  assert.throws(() => mod.compile('1 +\n2 +\n*', 'multi.js', EXPR), { name: 'SyntaxError', message: "Unexpected token '*' (multi.js, line 3)" });
  assert.throws(() => mod.compile('let x = 1;\nlet x = 2;', 'dup.js', FILE), { name: 'SyntaxError', message: "Identifier 'x' has already been declared (dup.js, line 2)" });
});

test('a file gives undefined and a single input its completion value; both may hold several statements', () => {
  const mod = makeModule(SRC);
  const g: Record<string, unknown> = {};
  assert.equal(mod.compile('var n = 2; n * 21', 'f.js', FILE).run(g), undefined);
  assert.equal(g.n, 2);
  assert.equal(mod.compile('var m = 2; m * 21', 's.js', SINGLE).run({}), 42);
  assert.equal(mod.compile('if (true) { "yes" } else { "no" }', 's.js', SINGLE).run({}), 'yes');
});

test('globals is the global object of the code: declarations land in it, built-ins are there, and it persists', () => {
  const mod = makeModule(SRC);
  const globals: Record<string, unknown> = { base: 40 };
  const define = mod.compile('var two = 2; function answer() { return base + two; } counter = 0; let hidden = 1;', 'def.js', FILE);
  assert.equal(mod.eval_code(define, globals, globals), undefined, 'locals the same object as globals');
  assert.equal(typeof globals.answer, 'function');
  assert.equal((globals.answer as () => number)(), 42, 'a function defined by the code keeps its globals');
  assert.equal(globals.two, 2);
  assert.equal(globals.counter, 0);
  assert.ok(!('hidden' in globals), "let, const and class stay in the code's own scope");
  assert.ok(vm.isContext(globals), 'the dict became a vm context (once)');

  const use = mod.compile('counter += 1, hidden + answer() + Math.max(0, 1)', 'use.js', EXPR);
  assert.equal(mod.eval_null_locals(use, globals), 44, 'HPy_NULL locals is globals; the lexical scope persists too');
  assert.equal(mod.eval_code(use, globals, undefined), 44, 'None locals is globals');
  assert.equal(globals.counter, 2);
  assert.equal(mod.eval_code(mod.compile('typeof hidden', 't.js', EXPR), {}, undefined), 'undefined', 'another dict is another scope');

  // A context the application made itself is used as it is.
  const own = vm.createContext({ q: 1 });
  assert.equal(mod.eval_code(mod.compile('q + 1', 'q.js', EXPR), own, own), 2);
});

test('separate locals: names are read from locals, then globals, then built-ins; writes go to locals (plain object or Map)', () => {
  const mod = makeModule(SRC);
  const globals: Record<string, unknown> = { shadowed: 'global', onlyGlobal: 'g' };
  const locals: Record<string, unknown> = { shadowed: 'local', gone: 1 };
  const code = mod.compile('seen = [shadowed, onlyGlobal, typeof JSON]; onlyGlobal = "written"; delete gone; var v = 1', 'l.js', FILE);
  mod.eval_code(code, globals, locals);
  assert.deepEqual(structuredClone(locals), { shadowed: 'local', seen: ['local', 'g', 'object'], onlyGlobal: 'written', v: 1 });
  assert.deepEqual(globals, { shadowed: 'global', onlyGlobal: 'g' }, 'globals untouched');

  const map = new Map<unknown, unknown>([['a', 20], ['b', 22], [7, 'not a name']]);
  assert.equal(mod.eval_code(mod.compile('sum = a + b', 'm.js', SINGLE), {}, map), 42);
  assert.deepEqual([...map], [['a', 20], ['b', 22], [7, 'not a name'], ['sum', 42]]);

  // The same (globals, locals) pair again: changes made to locals in between are seen.
  locals.shadowed = 'changed';
  assert.equal(mod.eval_code(mod.compile('shadowed + v', 'again.js', EXPR), globals, locals), 'changed1');
  // A run inside a run of the same pair (through an extension call) shares its namespace.
  const g2: Record<string, unknown> = { mod, inner: mod.compile('inner = before + 1', 'inner.js', FILE) };
  const l2: Record<string, unknown> = {};
  Object.assign(g2, { g2, l2 });
  mod.eval_code(mod.compile('before = 1; mod.eval_code(inner, g2, l2); after = inner + 1', 'outer.js', FILE), g2, l2);
  assert.deepEqual(l2, { before: 1, inner: 2, after: 3 });
  // An error still writes back what the code did before it.
  const partial: Record<string, unknown> = {};
  assert.throws(() => mod.eval_code(mod.compile('done = 1; null.x', 'p.js', FILE), {}, partial), TypeError);
  assert.deepEqual(partial, { done: 1 });
});

test("errors the code throws are this realm's classes, so HPyErr_ExceptionMatches and instanceof see them; its objects are dicts", () => {
  const mod = makeModule(SRC);
  assert.throws(() => mod.eval_code(new Code('undefinedName', 'r.js', 'expr'), {}, undefined), (e: Error) => e instanceof ReferenceError && /undefinedName is not defined/.test(e.message));
  assert.throws(() => mod.eval_code(new Code('null.x', 't.js', 'expr'), {}, undefined), (e: Error) => e instanceof TypeError);
  assert.throws(() => mod.eval_code(new Code('eval("(")', 't.js', 'expr'), {}, undefined), (e: Error) => e instanceof SyntaxError);
  assert.deepEqual(mod.probe('undefinedName'), [false, true, false]);
  assert.deepEqual(mod.probe('null.x'), [false, false, true]);
  assert.deepEqual(mod.probe('({ made: "in the code" })'), [true, false, false]);
  const made = mod.eval_code(new Code('({ a: [1] })', 'o.js', 'expr'), {}, undefined);
  assert.notEqual(Object.getPrototypeOf(made), Object.prototype, "the object is the context realm's");
  assert.ok(Array.isArray(made.a) && !(made.a instanceof Array), 'an array of another realm: Array.isArray, not instanceof');
  assert.deepEqual(structuredClone(made), { a: [1] });
});

test('wrong arguments: TypeError naming ctx_EvalCode; NULL source or filename is a SystemError', () => {
  const mod = makeModule(SRC);
  const code = new Code('1', 'one.js', 'expr');
  assert.throws(() => mod.eval_code('1', {}, {}), { name: 'TypeError', message: 'ctx_EvalCode: code must be a code object (made by HPy_Compile_s or new Code()), got "1"' });
  assert.throws(() => mod.eval_code(code, new Map(), {}), {
    name: 'TypeError',
    message: 'ctx_EvalCode: globals must be a dict that is a plain object (it becomes the global object of the code), got a Map',
  });
  assert.throws(() => mod.eval_null_locals(code), { name: 'TypeError', message: /^ctx_EvalCode: globals must be .*, got undefined$/ });
  assert.throws(() => mod.eval_code(code, {}, 5), {
    name: 'TypeError',
    message: 'ctx_EvalCode: locals must be a dict (a plain object or a Map), the same object as globals, or undefined, got 5',
  });
  assert.throws(() => mod.compile_null(0), (e: Error) => e instanceof SystemError && e.message === 'ctx_Compile_s: the source is NULL');
  assert.throws(() => mod.compile_null(1), (e: Error) => e instanceof SystemError && e.message === 'ctx_Compile_s: the filename is NULL');
});

test('the Code class checks its arguments the way every hpy-node function does', () => {
  assert.throws(() => new Code(null as never), { name: 'TypeError', message: 'Code: source must be a string, got null' });
  assert.throws(() => new Code('1', 'x.js', 'eval' as never), { name: 'TypeError', message: 'Code: kind must be one of expr, file, single, got "eval"' });
  assert.throws(() => new Code('1').run(null as never), { name: 'TypeError', message: /^Code\.run: globals must be .*, got null$/ });
  assert.equal(new Code('var z = 1').filename, '<string>');
  assert.ok(Object.isFrozen(new Code('1', 'x.js', 'expr')));
});

test('in trace mode each HPy_Compile_s and HPy_EvalCode counts once', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  const code = t.compile('6 * 7', 'trace.js', EXPR);
  assert.equal(t.eval_code(code, {}, {}), 42);
  const counts = diff(before, get_call_counts());
  assert.equal(counts.ctx_Compile_s, 1);
  assert.equal(counts.ctx_EvalCode, 1);
});
