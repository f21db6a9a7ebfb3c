// Every code block of README.md and docs/**/*.md marked `doctest` runs (or,
// for C, compiles) and prints what the output block after it says; the
// convention is docs/contributing/docs.md's. The pages together must have
// runnable blocks: a checker that finds none checks nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkPage, docPages, formatProblem, ROOT, runnablesOf } from './doccheck';

const pages = docPages();

test('README.md and docs/ have runnable blocks, each marked correctly', () => {
  let count = 0;
  const problems = [];
  for (const page of pages) {
    const r = runnablesOf(readFileSync(page, 'utf8'), page.slice(ROOT.length + 1));
    count += r.runnables.length;
    problems.push(...r.problems);
  }
  assert.deepEqual(problems.map(formatProblem), []);
  assert.ok(count > 0, `no \`\`\`lang doctest block in ${pages.length} pages (README.md, docs/**/*.md): the doc tests would check nothing`);
});

for (const page of pages) {
  const name = page.slice(ROOT.length + 1);
  const { runnables } = runnablesOf(readFileSync(page, 'utf8'), name);
  if (runnables.length === 0) continue;
  const timeout = runnables.reduce((s, r) => s + r.timeoutS, 0) * 1000 + 30_000;
  test(`${name}: its ${runnables.length} doctest blocks run and print what the page says`, { timeout }, () => {
    const { problems } = checkPage(page);
    assert.equal(problems.length, 0, `${name}:\n${problems.map(formatProblem).join('\n\n')}`);
  });
}
