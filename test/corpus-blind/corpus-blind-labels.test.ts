// The blind corpus is well-formed: every file parses, every label names a real rule on a real line, targets are
// written the way the scorer reads them, and each rule is labelled at least twice per language. No reviewer runs
// here: the scores come from `node bench/score-blind.mjs test/corpus-blind` after `npm run build`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';
import { Language, Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

const TS_RULES = [
  'floating-promise', 'missing-await', 'await-in-loop', 'unbounded-concurrency', 'blocking-call-in-async',
  'async-promise-executor', 'promise-executor-return', 'misused-promise', 'then-without-catch',
  'broken-promise-chain', 'missing-timeout', 'swallowed-error', 'race-condition', 'hallucinated-api', 'too-new-api',
];
const PY_RULES = [
  'blocking-call-in-async', 'dangling-task', 'swallowed-cancellation', 'missing-await', 'await-in-loop',
  'unbounded-concurrency', 'event-loop-misuse', 'timeout-misuse', 'missing-timeout', 'swallowed-error',
  'race-condition', 'hallucinated-api', 'too-new-api',
];

interface Entry {
  name: string;
  code: string;
  lines: string[];
  labels: { rule: string; line: number }[];
}

/** Same grammar as bench/score-blind.mjs: `<c> expect: a, b` at a line's end, `<c> expect-next-line: a` alone. */
function load(dir: string, extensions: string[], comment: string): Entry[] {
  const list = String.raw`([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)`;
  const same = new RegExp(String.raw`${comment}\s*expect:\s*${list}\s*$`);
  const next = new RegExp(String.raw`^\s*${comment}\s*expect-next-line:\s*${list}\s*$`);
  return readdirSync(dir)
    .filter((f) => extensions.includes(path.extname(f)))
    .sort()
    .map((name) => {
      const code = readFileSync(path.join(dir, name), 'utf8');
      const lines = code.split(/\r?\n/);
      const labels: Entry['labels'] = [];
      lines.forEach((text, i) => {
        const n = next.exec(text);
        const m = n ?? same.exec(text);
        if (!m) return;
        for (const rule of m[1].split(',').map((r) => r.trim())) labels.push({ rule, line: n ? i + 2 : i + 1 });
      });
      return { name, code, lines, labels };
    });
}

/** Lines that mention `expect` in a comment but do not parse as a label: a typo would silently mean "clean". */
function strayExpects(entry: Entry, comment: string, labelled: Set<number>): number[] {
  const stray: number[] = [];
  entry.lines.forEach((text, i) => {
    const at = text.indexOf(comment);
    if (at < 0 || !/expect/i.test(text.slice(at))) return;
    if (!labelled.has(i + 1) && !labelled.has(i + 2)) stray.push(i + 1);
  });
  return stray;
}

function checkCommon(entries: Entry[], rules: string[], comment: string): void {
  it('has 40 or more files, at least a third of them clean', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
    const clean = entries.filter((e) => e.labels.length === 0).length;
    expect(clean * 3).toBeGreaterThanOrEqual(entries.length);
  });

  it('keeps every file between 25 and 120 lines', () => {
    const outside = entries.filter((e) => e.lines.length - (e.lines.at(-1) === '' ? 1 : 0) < 25 || e.lines.length > 121);
    expect(outside.map((e) => `${e.name}: ${e.lines.length}`)).toEqual([]);
  });

  it('labels only known rules, on lines that exist, with no malformed label comments', () => {
    for (const e of entries) {
      for (const l of e.labels) {
        expect(rules, `${e.name}:${l.line}`).toContain(l.rule);
        expect(l.line, `${e.name}: label past the end`).toBeLessThanOrEqual(e.lines.length);
      }
      const labelled = new Set(e.labels.map((l) => l.line));
      expect(strayExpects(e, comment, labelled), e.name).toEqual([]);
    }
  });

  it('labels every rule at least twice', () => {
    const counts = new Map<string, number>();
    for (const e of entries) for (const l of e.labels) counts.set(l.rule, (counts.get(l.rule) ?? 0) + 1);
    expect(rules.filter((r) => (counts.get(r) ?? 0) < 2)).toEqual([]);
  });
}

describe('blind corpus, TypeScript/JavaScript', () => {
  const entries = load(path.join(here, 'ts'), ['.ts', '.js', '.mjs', '.cjs'], '//');
  checkCommon(entries, TS_RULES, '//');

  it('parses every file without syntax errors', () => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
    const program = () => project.getProgram();
    const errors: string[] = [];
    for (const e of entries) {
      const sf = project.createSourceFile(`/corpus/${e.name}`, e.code, { overwrite: true });
      for (const d of program().getSyntacticDiagnostics(sf)) {
        errors.push(`${e.name}:${d.getLineNumber()}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, ' ')}`);
      }
    }
    expect(errors).toEqual([]);
  });

  it('writes targets the way the scorer reads them', () => {
    for (const e of entries) {
      if (!/^\/\/\s*target:/.test(e.lines[0] ?? '')) continue;
      expect(e.lines[0], e.name).toMatch(/^\/\/\s*target:\s*(?:node\s+\d{1,2}(?:\.\d{1,3}){0,2}|ecmascript\s+ES\w+)\s*$/i);
    }
  });
});

describe('blind corpus, Python', () => {
  const entries = load(path.join(here, 'python'), ['.py'], '#');
  checkCommon(entries, PY_RULES, '#');

  let parser: Parser;
  beforeAll(async () => {
    await Parser.init();
    const wasm = readFileSync(path.join(repoRoot, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'));
    parser = new Parser();
    parser.setLanguage(await Language.load(new Uint8Array(wasm)));
  });

  it('parses every file without syntax errors', () => {
    const broken = entries.filter((e) => {
      const tree = parser.parse(e.code);
      if (!tree) return true;
      const bad = tree.rootNode.hasError;
      tree.delete();
      return bad;
    });
    expect(broken.map((e) => e.name)).toEqual([]);
  });

  it('writes targets the way the scorer reads them', () => {
    for (const e of entries) {
      if (!/^#\s*target:/.test(e.lines[0] ?? '')) continue;
      expect(e.lines[0], e.name).toMatch(/^#\s*target:\s*python\s+3\.\d+\s*$/i);
    }
  });
});
