// The documentation checker behind test/docs/: relative links and anchors
// (links.test.ts) and runnable code blocks (doctest.test.ts), by the
// convention written down in docs/contributing/docs.md. Pure functions over
// Markdown text plus a runner; the tests and test/docs/checker.test.ts (the
// checker on the pages of test/fixtures/docs/) call them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { IMPLICIT_DECLARATION_IS_AN_ERROR, INCLUDE_DIR } from '../../src/cli/build';

export const ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_TIMEOUT_S = 30;

export interface Problem {
  /** The page, relative to the repository root. */
  file: string;
  /** 1-based line of the link or of the block's opening fence. */
  line: number;
  message: string;
}

export const formatProblem = (p: Problem): string => `${p.file}:${p.line}: ${p.message}`;

/** README.md and every docs/**\/*.md of a tree, as absolute paths. */
export function docPages(root = ROOT): string[] {
  const pages = [join(root, 'README.md')].filter((f) => existsSync(f));
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir).sort()) {
      const full = join(dir, e);
      if (statSync(full).isDirectory()) walk(full);
      else if (e.endsWith('.md')) pages.push(full);
    }
  };
  walk(join(root, 'docs'));
  return pages;
}

// ---------------------------------------------------------------- fences

export interface Fence {
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string, trimmed. */
  info: string;
  lang: string;
  /** The words after the language. */
  words: string[];
  code: string;
}

/** Every fenced code block (``` or ~~~, up to 3 spaces of indent), in order;
 * and, for the other functions, which lines are inside one. */
export function parseFences(text: string): { fences: Fence[]; inFence: boolean[] } {
  const lines = text.split('\n');
  const fences: Fence[] = [];
  const inFence = lines.map(() => false);
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open || (open[2][0] === '`' && open[3].includes('`'))) continue;
    const [, indent, marker, rest] = open;
    const body: string[] = [];
    let j = i + 1;
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    while (j < lines.length && !close.test(lines[j])) {
      // Content lines lose up to the fence's indent, as CommonMark says.
      body.push(lines[j].replace(new RegExp(`^ {0,${indent.length}}`), ''));
      j++;
    }
    for (let k = i; k <= Math.min(j, lines.length - 1); k++) inFence[k] = true;
    const info = rest.trim();
    const [lang = '', ...words] = info.split(/\s+/).filter(Boolean);
    fences.push({ line: i + 1, info, lang: lang.toLowerCase(), words, code: body.join('\n') + (body.length ? '\n' : '') });
    i = j;
  }
  return { fences, inFence };
}

// ---------------------------------------------------------------- anchors

/** A heading's text as GitHub renders it, before the slug: inline code keeps
 * its text, links and images their text, emphasis markers and HTML tags go. */
function headingText(raw: string): string {
  return raw
    .replace(/\s+#+\s*$/, '') // closing hashes
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__|\*)/g, '')
    .trim();
}

/** GitHub's slug (github-slugger): lowercase, every character that is not a
 * letter, mark, number, space, `-` or `_` removed, each space a `-`. */
export function slug(heading: string): string {
  return headingText(heading).toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors a page defines: its headings' slugs (a repeated slug gets -1,
 * -2, ...) and the id or name of every `<a id=...>` / `<a name=...>`. */
export function anchorsOf(text: string): Set<string> {
  const { inFence } = parseFences(text);
  const lines = text.split('\n');
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const addHeading = (raw: string): void => {
    const base = slug(raw);
    const n = seen.get(base);
    let s = base;
    if (n !== undefined) {
      let k = n;
      do s = `${base}-${++k}`; while (seen.has(s));
      seen.set(base, k);
    }
    seen.set(s, seen.get(s) ?? 0);
    anchors.add(s);
  };
  for (let i = 0; i < lines.length; i++) {
    if (inFence[i]) continue;
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?\s*$/.exec(lines[i]);
    if (atx) addHeading(atx[1] ?? '');
    else if (i + 1 < lines.length && !inFence[i + 1] && lines[i].trim() !== '' && /^ {0,3}(=+|-+)\s*$/.test(lines[i + 1]) && !/^\s*([-*+]\s|>|\|)/.test(lines[i])) {
      // A setext heading (text underlined by === or ---), not a table or list.
      if (i === 0 || lines[i - 1].trim() === '' || /^ {0,3}#/.test(lines[i - 1])) addHeading(lines[i]);
    }
    for (const m of lines[i].matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["'][^>]*>/gi)) anchors.add(m[1]);
  }
  return anchors;
}

// ---------------------------------------------------------------- links

export interface Link {
  line: number;
  target: string;
}

/** Every link target of a page outside code: inline links and images,
 * reference definitions, and href/src of HTML tags. */
export function linksOf(text: string): Link[] {
  const { inFence } = parseFences(text);
  const links: Link[] = [];
  text.split('\n').forEach((raw, i) => {
    if (inFence[i]) return;
    const line = raw.replace(/(`+)(?:(?!\1).)+?\1/g, (m) => ' '.repeat(m.length)); // inline code spans
    for (const m of line.matchAll(/\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g)) {
      links.push({ line: i + 1, target: m[1].replace(/^<|>$/g, '') });
    }
    const def = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (def) links.push({ line: i + 1, target: def[1].replace(/^<|>$/g, '') });
    for (const m of line.matchAll(/<(?:a|img)\s[^>]*\b(?:href|src)\s*=\s*["']([^"']+)["']/gi)) links.push({ line: i + 1, target: m[1] });
  });
  return links;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOfFile(file: string): Set<string> {
  let a = anchorCache.get(file);
  if (!a) anchorCache.set(file, (a = anchorsOf(readFileSync(file, 'utf8'))));
  return a;
}

/** Relative links of the pages that name no file, or an anchor its target
 * Markdown page does not define. External links (any scheme) are not
 * fetched. A link out of the repository is a problem too. */
export function checkLinks(pages: string[], root = ROOT): Problem[] {
  anchorCache.clear();
  const problems: Problem[] = [];
  for (const page of pages) {
    const rel = relative(root, page);
    for (const { line, target } of linksOf(readFileSync(page, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const hash = target.indexOf('#');
      const pathPart = hash < 0 ? target : target.slice(0, hash);
      const anchor = hash < 0 ? undefined : safeDecode(target.slice(hash + 1));
      const path = safeDecode(pathPart.split('?')[0]);
      const file = path === '' ? page : path.startsWith('/') ? join(root, path) : resolve(dirname(page), path);
      if (relative(root, file).startsWith('..')) {
        problems.push({ file: rel, line, message: `link ${target} leaves the repository` });
        continue;
      }
      if (!existsSync(file)) {
        problems.push({ file: rel, line, message: `link ${target}: ${relative(root, file)} does not exist` });
        continue;
      }
      if (anchor === undefined || anchor === '' || !file.endsWith('.md') || statSync(file).isDirectory()) continue;
      if (!anchorsOfFile(file).has(anchor)) {
        problems.push({ file: rel, line, message: `link ${target}: ${relative(root, file)} has no heading or <a id> with anchor #${anchor}` });
      }
    }
  }
  return problems;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------- doctest

export type Kind = 'c' | 'js' | 'ts' | 'sh';
const KINDS: Record<string, Kind> = { c: 'c', js: 'js', javascript: 'js', mjs: 'js', cjs: 'js', ts: 'ts', typescript: 'ts', sh: 'sh', bash: 'sh', shell: 'sh' };

export interface Runnable {
  page: string;
  line: number;
  kind: Kind;
  lang: string;
  code: string;
  /** file=NAME: written to NAME, nothing run. */
  file?: string;
  timeoutS: number;
  /** The ```text output block right after it. */
  expected?: { line: number; text: string };
}

const isOutput = (f: Fence): boolean => (f.lang === 'text' || f.lang === 'console') && f.words.includes('output');

/** The page's runnable blocks (those whose info string has the word
 * `doctest`), each with its output block, in order; and the mistakes in the
 * marking itself (an unknown language, an output block after nothing that
 * runs, a bad timeout or file name). */
export function runnablesOf(text: string, page: string): { runnables: Runnable[]; problems: Problem[] } {
  const { fences } = parseFences(text);
  const runnables: Runnable[] = [];
  const problems: Problem[] = [];
  fences.forEach((f, i) => {
    if (isOutput(f)) {
      const prev = fences[i - 1];
      if (!prev || !prev.words.includes('doctest') || prev.words.some((w) => w.startsWith('file='))) {
        problems.push({ file: page, line: f.line, message: `\`\`\`${f.info} block: an output block must come right after a doctest block that runs` });
      }
      return;
    }
    if (!f.words.includes('doctest')) return;
    const kind = KINDS[f.lang];
    if (!kind) {
      problems.push({ file: page, line: f.line, message: `\`\`\`${f.info}: doctest does not run language "${f.lang}" (c, js, javascript, mjs, ts, sh, bash, shell)` });
      return;
    }
    const r: Runnable = { page, line: f.line, kind, lang: f.lang, code: f.code, timeoutS: DEFAULT_TIMEOUT_S };
    for (const w of f.words) {
      if (w.startsWith('file=')) {
        const name = w.slice(5);
        if (name === '' || isAbsolute(name) || normalize(name).split(sep).includes('..')) {
          problems.push({ file: page, line: f.line, message: `\`\`\`${f.info}: file= needs a relative name inside the page's directory` });
          return;
        }
        r.file = normalize(name);
      } else if (w.startsWith('timeout=')) {
        const s = Number(w.slice(8));
        if (!(s > 0)) {
          problems.push({ file: page, line: f.line, message: `\`\`\`${f.info}: timeout= needs a number of seconds` });
          return;
        }
        r.timeoutS = s;
      }
    }
    const next = fences[i + 1];
    if (next && isOutput(next)) r.expected = { line: next.line, text: next.code };
    runnables.push(r);
  });
  return { runnables, problems };
}

/** Whether `actual` matches `expected` as doctest's ELLIPSIS does: a line
 * `...` matches any number of lines, `...` inside a line any text; trailing
 * whitespace and trailing blank lines are ignored. */
export function outputMatches(expected: string, actual: string): boolean {
  const lines = (s: string): string[] => {
    const l = s.replace(/\r\n/g, '\n').split('\n').map((x) => x.trimEnd());
    while (l.length && l[l.length - 1] === '') l.pop();
    return l;
  };
  const exp = lines(expected);
  const act = lines(actual);
  const patterns = exp.map((e) => (e.trim() === '...' ? null : new RegExp(`^${e.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)));
  const memo = new Map<string, boolean>();
  const match = (i: number, j: number): boolean => {
    if (i === exp.length) return j === act.length;
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const p = patterns[i];
    let ok: boolean;
    if (p === null) {
      ok = false;
      for (let k = j; k <= act.length && !ok; k++) ok = match(i + 1, k);
    } else ok = j < act.length && p.test(act[j]) && match(i + 1, j + 1);
    memo.set(key, ok);
    return ok;
  };
  return match(0, 0);
}

const hasTopLevelEsm = (code: string): boolean => /^(?:import\s*(?:[\w{*'"])|export\s)/m.test(code);

/** The page's directory: a fresh temporary folder whose node_modules has
 * hpy-node (this checkout) and the checkout's installed packages, and
 * node_modules/.bin with the hpy-node command (and tsx). */
export function makePageDir(root = ROOT): { dir: string; env: NodeJS.ProcessEnv } {
  // Outside the checkout, so nothing resolves from its node_modules by
  // walking up: only through the links made here.
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hpy-node-doctest-')));
  const nm = join(dir, 'node_modules');
  mkdirSync(join(nm, '.bin'), { recursive: true });
  symlinkSync(root, join(nm, 'hpy-node'), 'dir');
  const rootNm = join(root, 'node_modules');
  if (existsSync(rootNm)) {
    for (const e of readdirSync(rootNm)) {
      if (e === '.bin' || e === 'hpy-node' || e.startsWith('.')) continue;
      symlinkSync(join(rootNm, e), join(nm, e));
    }
    const tsxBin = join(rootNm, '.bin', 'tsx');
    if (existsSync(tsxBin)) symlinkSync(realpathSync(tsxBin), join(nm, '.bin', 'tsx'));
  }
  symlinkSync(join(root, 'dist', 'cli', 'main.js'), join(nm, '.bin', 'hpy-node'));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(nm, '.bin')}:${process.env.PATH ?? ''}` };
  // The test runner's marker would make a child's node:test talk its protocol.
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  return { dir, env };
}

/** Runs one page's runnable blocks in order in one fresh directory; the
 * problems found (none when every block exits 0 and prints what its output
 * block says). The directory is removed afterwards (kept for a failing
 * page with HPY_NODE_DOCTEST_KEEP=1). */
export function runPage(runnables: Runnable[], root = ROOT): Problem[] {
  if (runnables.length === 0) return [];
  const { dir, env } = makePageDir(root);
  const problems: Problem[] = [];
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  try {
    runnables.forEach((r, n) => {
      if (r.file) {
        mkdirSync(dirname(join(dir, r.file)), { recursive: true });
        writeFileSync(join(dir, r.file), r.code);
        return;
      }
      const stem = `.doctest-${n + 1}-line${r.line}`;
      let cmd: string[];
      if (r.kind === 'c') {
        writeFileSync(join(dir, `${stem}.c`), r.code);
        cmd = [process.env.CC ?? 'cc', '-fsyntax-only', '-std=gnu11', '-Wall', '-Wextra', '-Wno-unused-parameter', IMPLICIT_DECLARATION_IS_AN_ERROR, `-I${INCLUDE_DIR}`, `${stem}.c`];
      } else if (r.kind === 'js') {
        const esm = r.lang === 'mjs' || (r.lang !== 'cjs' && hasTopLevelEsm(r.code));
        writeFileSync(join(dir, `${stem}.${esm ? 'mjs' : 'cjs'}`), r.code);
        cmd = [process.execPath, `${stem}.${esm ? 'mjs' : 'cjs'}`];
      } else if (r.kind === 'ts') {
        const esm = hasTopLevelEsm(r.code);
        writeFileSync(join(dir, `${stem}.${esm ? 'mts' : 'cts'}`), r.code);
        cmd = [process.execPath, tsx, `${stem}.${esm ? 'mts' : 'cts'}`];
      } else {
        writeFileSync(join(dir, `${stem}.sh`), r.code);
        cmd = ['bash', '-euo', 'pipefail', `${stem}.sh`];
      }
      const res = spawnSync(cmd[0], cmd.slice(1), { cwd: dir, env, encoding: 'utf8', timeout: r.timeoutS * 1000, maxBuffer: 64 << 20 });
      const shown = `${cmd.map((c) => (c.includes(' ') ? JSON.stringify(c) : c)).join(' ')} (in ${dir}${process.env.HPY_NODE_DOCTEST_KEEP ? '' : ', removed; HPY_NODE_DOCTEST_KEEP=1 keeps it'}, the block's code in ${stem}.*)`;
      const tail = (s: string | null): string => (s ?? '').trimEnd().split('\n').slice(-40).join('\n');
      if (res.error || res.status !== 0) {
        const why = res.error ? ((res.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `timed out after ${r.timeoutS} s (raise it with timeout=SECONDS)` : res.error.message) : res.signal ? `was killed by ${res.signal}` : `exited ${res.status}`;
        problems.push({ file: r.page, line: r.line, message: `\`\`\`${r.lang} doctest block: ${shown} ${why}\n--- stderr:\n${tail(res.stderr)}\n--- stdout:\n${tail(res.stdout)}` });
      } else if (r.expected && !outputMatches(r.expected.text, res.stdout)) {
        problems.push({
          file: r.page,
          line: r.line,
          message: `\`\`\`${r.lang} doctest block: ${shown}: its stdout does not match the output block at line ${r.expected.line}\n--- expected:\n${r.expected.text.trimEnd()}\n--- stdout:\n${res.stdout.trimEnd()}\n--- stderr:\n${tail(res.stderr)}`,
        });
      }
    });
  } finally {
    // HPY_NODE_DOCTEST_KEEP=1 keeps a failing page's directory to look into.
    if (problems.length === 0 || !process.env.HPY_NODE_DOCTEST_KEEP) rmSync(dir, { recursive: true, force: true });
  }
  return problems;
}

/** Marking problems and run problems of one page file. */
export function checkPage(page: string, root = ROOT): { problems: Problem[]; runnables: number } {
  const rel = relative(root, page);
  const { runnables, problems } = runnablesOf(readFileSync(page, 'utf8'), rel);
  return { problems: [...problems, ...runPage(runnables, root)], runnables: runnables.length };
}
