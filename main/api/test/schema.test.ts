// The boundary validator: types and limits are enforced, unknown keys refused, optional keys allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { s, SchemaError } from '../schema.ts';
import { ProjectPathSchema, requests } from '../contract.ts';

test('objects are exact: wrong types, missing and unknown keys are errors with a path', () => {
  const sch = s.object({ a: s.string({ max: 3 }), b: s.optional(s.number({ int: true, min: 0 })), c: s.array(s.enum('x', 'y')) });
  assert.deepEqual(sch.parse({ a: 'ab', c: ['x'] }), { a: 'ab', c: ['x'] });
  assert.deepEqual(sch.parse({ a: 'ab', b: 2, c: [] }), { a: 'ab', b: 2, c: [] });
  const bad: [unknown, RegExp][] = [
    [{ a: 'abcd', c: [] }, /^a: string longer than 3/],
    [{ a: 'a', c: ['z'] }, /^c\[0\]: expected one of x, y/],
    [{ a: 'a', b: 1.5, c: [] }, /^b: expected an integer/],
    [{ a: 'a', b: -1, c: [] }, /^b: less than 0/],
    [{ c: [] }, /^a: expected string, got undefined/],
    [{ a: 'a', c: [], d: 1 }, /^d: unexpected key/],
    [null, /expected object, got null/],
    [[], /expected object, got array/],
  ];
  for (const [v, re] of bad) assert.throws(() => sch.parse(v), (e: SchemaError) => e instanceof SchemaError && re.test(e.message), JSON.stringify(v));
});

test('project paths stay inside the project', () => {
  for (const ok of ['Driver.c', 'src/Queue.c', 'a.b/c.h']) assert.equal(ProjectPathSchema.parse(ok), ok);
  for (const bad of ['../x.c', 'a/../../x', '..', './x', 'C:\\x', 'a\\b.c', '', 'x\u0000y']) assert.throws(() => ProjectPathSchema.parse(bad), bad);
});

test('request params of the contract reject what the handler must never see', () => {
  assert.throws(() => requests['project.create'].params.parse({ template: 'kmdf-empty', name: 'A'.repeat(33) }), /longer than 32/);
  assert.throws(() => requests['project.create'].params.parse({ template: 'kmdf-empty', name: '1abc' }), /does not match/);
  assert.throws(() => requests['build.run'].params.parse({ project: 'X', configuration: 'Checked' }), /one of Debug, Release/);
});
