// Every relative link of README.md, docs/**/*.md, BENCHMARKS.md and
// DEVELOPERS.md names a file of the checkout, and its #anchor a heading or an
// <a id>/<a name> of the target page (GitHub's slugs). External links are not
// fetched. How the checker itself is held to account: checker.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkLinks, docPages, formatProblem, linksOf, ROOT } from './doccheck';

const pages = [...docPages(), ...['BENCHMARKS.md', 'DEVELOPERS.md'].map((f) => join(ROOT, f)).filter((f) => existsSync(f))];

test('the pages checked are README.md, docs/**/*.md, BENCHMARKS.md and DEVELOPERS.md, and they have relative links', () => {
  assert.ok(pages.some((p) => p.endsWith('README.md')));
  const relativeLinks = pages.flatMap((p) => linksOf(readFileSync(p, 'utf8'))).filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l.target));
  assert.ok(relativeLinks.length > 10, `only ${relativeLinks.length} relative links found: is the link parser broken?`);
});

for (const page of pages) {
  const name = page.slice(ROOT.length + 1);
  test(`${name}: every relative link and anchor resolves`, () => {
    const problems = checkLinks([page]);
    assert.deepEqual(problems.map(formatProblem), [], `broken links in ${name}:\n${problems.map(formatProblem).join('\n')}`);
  });
}
