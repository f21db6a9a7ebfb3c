// Types defined in C as JavaScript classes: the Point of the issue, built the
// way an HPy 0.9.0 extension builds it (HPyType_HELPERS, HPyDef_MEMBER,
// HPyDef_METH on the type, tp_new, HPyHelpers_AddType in HPy_mod_exec).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { POINT_SRC } from './sources';


type PointClass = new (x?: number, y?: number) => { x: number; y: number; sum(): number; scale(k: number): { x: number; y: number } };

const m = makeModule<{ Point: PointClass; get_name(t: unknown): string; make(t: unknown, x: number): { x: number; y: number } }>(POINT_SRC);

test('new Point(3, 4) runs tp_new; members read the struct; methods get the instance', () => {
  const p = new m.Point(3, 4);
  assert.equal(p.x, 3);
  assert.equal(p.y, 4);
  assert.equal(p.sum(), 7);
  assert.ok(p instanceof m.Point);
  const q = p.scale(2);
  assert.ok(q instanceof m.Point);
  assert.deepEqual([q.x, q.y], [6, 8]);
  assert.deepEqual([new m.Point().x, new m.Point().y], [0, 0]);
});

test('a member is writable unless readonly; a wrong value type is a TypeError', () => {
  const p = new m.Point(1, 2);
  p.x = 10;
  assert.equal(p.sum(), 12);
  assert.throws(() => { p.y = 5; }, { name: 'AttributeError', message: /readonly attribute 'y'/ });
  assert.throws(() => { (p as { x: unknown }).x = 'a'; }, { name: 'TypeError', message: /must be a number/ });
});

test('the class: its name, module and doc; HPyType_GetName; calling it without new', () => {
  assert.equal(m.Point.name, 'Point');
  assert.equal((m.Point as unknown as { __module__: string }).__module__, 'mytest');
  assert.equal((m.Point as unknown as { __doc__: string }).__doc__, 'a point');
  assert.equal(m.get_name(m.Point), 'Point');
  assert.throws(() => (m.Point as unknown as () => void)(), { name: 'TypeError', message: /without 'new'/ });
});

test('tp_new errors reach JavaScript: bad arguments', () => {
  assert.throws(() => new m.Point('a' as never, 1), { name: 'TypeError' });
});

test('class P3 extends Point (HPy_TPFLAGS_BASETYPE): instanceof both, tp_new ran, JS constructor code too', () => {
  class P3 extends m.Point {
    z: number;
    constructor(x: number, y: number, z: number) {
      super(x, y);
      this.z = z;
    }
    total() { return this.sum() + this.z; }
  }
  const p = new P3(1, 2, 3);
  assert.ok(p instanceof P3 && p instanceof m.Point);
  assert.equal(p.total(), 6);
  const q = p.scale(2);
  assert.ok(q instanceof P3, 'HPy_New(HPy_Type(self)) makes the subclass');
  assert.deepEqual([q.x, q.y], [2, 4]);
});

test('HPy_New from a method makes an instance without running tp_new', () => {
  const p = m.make(m.Point, 5);
  assert.ok(p instanceof m.Point);
  assert.deepEqual([p.x, p.y], [5, 7]);
  assert.equal(p.scale(1).x, 5, 'its methods work: no receiver check of a class template refuses it');
  assert.throws(() => m.make(Object, 5), { name: 'TypeError', message: /not one made by HPyType_FromSpec/ });
});

test('methods, members and slots refuse a `this` that is not an instance', () => {
  const sum = m.Point.prototype.sum;
  assert.throws(() => sum.call({}), { name: 'TypeError', message: /called on an object that is not one/ });
  const getter = Object.getOwnPropertyDescriptor(m.Point.prototype, 'x')!.get!;
  assert.throws(() => getter.call({}), { name: 'TypeError' });
});
