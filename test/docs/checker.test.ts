// The checker on the pages of test/fixtures/docs/: a good page passes (links,
// anchors, every kind of runnable block, output with ellipses) and each bad
// page is reported with its line, so test/docs/links.test.ts and
// doctest.test.ts cannot pass by checking nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { anchorsOf, checkLinks, checkPage, formatProblem, outputMatches, ROOT, runnablesOf, slug } from './doccheck';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'docs');
const page = (name: string): string => join(FIXTURES, name);
const rel = (name: string): string => `test/fixtures/docs/${name}`;

test("GitHub's slugs: lowercase, punctuation out but - and _, spaces to -, repeats numbered", () => {
  assert.equal(slug('Profiles for pprof: `hpy-node profile`, `write_pprof`'), 'profiles-for-pprof-hpy-node-profile-write_pprof');
  assert.equal(slug('Set-up: two commands'), 'set-up-two-commands');
  assert.equal(slug('Modes: `HPY` and `HPY_LOG`'), 'modes-hpy-and-hpy_log');
  assert.equal(slug("HPy 0.9.0's tests on hpy-node"), 'hpy-090s-tests-on-hpy-node');
  assert.equal(slug('[Linked](x.md) **bold** heading'), 'linked-bold-heading');
  const anchors = anchorsOf('# A\n\n## A\n\n```sh\n# not a heading\n```\n\n## A\n<a id="x-y"></a>\n');
  assert.deepEqual([...anchors].sort(), ['a', 'a-1', 'a-2', 'x-y']);
});

test('ellipsis: a line ... matches any lines, ... in a line any text; trailing whitespace ignored', () => {
  assert.ok(outputMatches('a\n...\nz\n', 'a\nb\nc\nz  \n\n'));
  assert.ok(outputMatches('a\n...\nz', 'a\nz'));
  assert.ok(outputMatches('took ... ms', 'took 12.5 ms'));
  assert.ok(!outputMatches('a\nz', 'a\nb\nz'));
  assert.ok(!outputMatches('took ... ms', 'took 12.5 s'));
  assert.ok(!outputMatches('a', 'a\nmore'));
});

test('the good page: its links resolve and its runnable blocks pass', () => {
  assert.deepEqual(checkLinks([page('good.md'), page('other.md')]).map(formatProblem), []);
  const { runnables } = runnablesOf(readFileSync(page('good.md'), 'utf8'), rel('good.md'));
  assert.deepEqual(
    runnables.map((r) => `${r.kind}${r.file ? ` file=${r.file}` : ''}${r.expected ? ' +output' : ''}`),
    ['js file=lib/greet.js', 'sh +output', 'js +output', 'js +output', 'ts +output', 'c file=hello.c', 'c', 'sh'],
  );
  assert.equal(runnables[runnables.length - 1].timeoutS, 60);
  const r = checkPage(page('good.md'));
  assert.deepEqual(r.problems.map(formatProblem), []);
  assert.equal(r.runnables, 8);
});

test('a broken link is reported with its page and line', () => {
  const problems = checkLinks([page('broken-link.md')]).map(formatProblem);
  assert.deepEqual(problems, [`${rel('broken-link.md')}:3: link no-such-page.md: ${rel('no-such-page.md')} does not exist`]);
});

test('a broken anchor, in another page or this one, is reported', () => {
  const problems = checkLinks([page('broken-anchor.md')]).map(formatProblem);
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0], /broken-anchor\.md:3: link other\.md#section-three: .*other\.md has no heading or <a id> with anchor #section-three/);
  assert.match(problems[1], /broken-anchor\.md:3: link #nowhere: .*broken-anchor\.md has no heading/);
});

test('a failing block is reported with its line, the command and its stderr', () => {
  const { problems } = checkPage(page('failing-block.md'));
  assert.equal(problems.length, 1);
  const text = formatProblem(problems[0]);
  assert.match(text, /^test\/fixtures\/docs\/failing-block\.md:3: ```sh doctest block: bash -euo pipefail \S+\.sh .* exited 3/);
  assert.match(text, /--- stderr:\nabout to fail/);
});

test('an output mismatch is reported with both texts', () => {
  const { problems } = checkPage(page('output-mismatch.md'));
  assert.equal(problems.length, 1);
  const text = formatProblem(problems[0]);
  assert.match(text, /^test\/fixtures\/docs\/output-mismatch\.md:3: ```js doctest block: .*node.* its stdout does not match the output block at line 7/);
  assert.match(text, /--- expected:\nwhat the page says\n--- stdout:\nwhat it prints/);
});

test('a doctest block in an unknown language and an output block after nothing that runs are reported', () => {
  const { problems } = checkPage(page('bad-marking.md'));
  assert.deepEqual(problems.map((p) => p.line), [3, 11]);
  assert.match(problems[0].message, /does not run language "python"/);
  assert.match(problems[1].message, /output block must come right after a doctest block/);
});
