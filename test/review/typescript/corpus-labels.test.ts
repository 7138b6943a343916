/**
 * The labelled corpus (test/corpus/ts/, format in test/corpus/README.md) is well-formed: every file parses, every
 * label names a real rule and points at a line where code starts, the corpus has the size and mix the bench
 * needs. It says nothing about the reviewer's accuracy: bench/corpus-ts.mjs measures that.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
// The bench owns the label parser; reading labels through it keeps the test and the scores in agreement.
import { loadCorpus, parseLabels, parseTarget, RULE_IDS } from '../../../bench/corpus-ts.mjs';

interface Label {
  rule: string;
  line: number;
}

interface CorpusEntry {
  file: string;
  rel: string;
  code: string;
  language: 'typescript' | 'javascript';
  target: { node?: string; ecmascript?: string } | undefined;
  labels: Label[];
}

const corpus = loadCorpus() as CorpusEntry[];
const ruleIds = RULE_IDS as string[];

function scriptKind(file: string): ts.ScriptKind {
  return /\.[cm]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** 1-based lines on which some syntax node starts (comments and blank lines never do). */
function nodeStartLines(sf: ts.SourceFile): Set<number> {
  const lines = new Set<number>();
  const visit = (node: ts.Node): void => {
    lines.add(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1);
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return lines;
}

describe('label parser', () => {
  it('reads same-line and next-line labels, with several ids', () => {
    const code = [
      'doA(); // expect: floating-promise',
      '// expect-next-line: missing-timeout, hallucinated-api',
      'await fetch(url, { timeout: 5 });',
      'const x = 1;',
    ].join('\n');
    expect(parseLabels(code)).toEqual([
      { rule: 'floating-promise', line: 1 },
      { rule: 'missing-timeout', line: 3 },
      { rule: 'hallucinated-api', line: 3 },
    ]);
  });

  it('rejects an expect-next-line with no next line', () => {
    expect(() => parseLabels('x();\n// expect-next-line: floating-promise')).toThrow(/last line/);
  });

  it('reads a first-line target and nothing else', () => {
    expect(parseTarget('// target: node 20\nx();')).toEqual({ node: '20' });
    expect(parseTarget('// target: ecmascript es2022\n')).toEqual({ ecmascript: 'ES2022' });
    expect(parseTarget('x();\n// target: node 20')).toBeUndefined();
  });
});

describe('corpus', () => {
  it('has at least 90 files, a third of them clean', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(90);
    const clean = corpus.filter((e) => e.labels.length === 0).length;
    expect(clean * 3).toBeGreaterThanOrEqual(corpus.length);
  });

  it('has JavaScript files as well as TypeScript', () => {
    expect(corpus.filter((e) => e.language === 'javascript').length).toBeGreaterThanOrEqual(10);
  });

  it('labels every rule at least three times', () => {
    const counts = new Map<string, number>();
    for (const e of corpus) for (const l of e.labels) counts.set(l.rule, (counts.get(l.rule) ?? 0) + 1);
    const thin = ruleIds.filter((id) => (counts.get(id) ?? 0) < 3).map((id) => `${id}: ${counts.get(id) ?? 0}`);
    expect(thin).toEqual([]);
  });

  describe.each(corpus.map((e) => [path.basename(e.file), e] as const))('%s', (_name, entry) => {
    it('parses without syntax errors', () => {
      const out = ts.transpileModule(entry.code, {
        fileName: path.basename(entry.file),
        reportDiagnostics: true,
        compilerOptions: { allowJs: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      });
      const messages = (out.diagnostics ?? []).map(
        (d) => `${d.start ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
      expect(messages).toEqual([]);
    });

    it('is 20 to 120 lines and imports nothing relative', () => {
      const lines = entry.code.trimEnd().split('\n').length;
      expect(lines).toBeGreaterThanOrEqual(20);
      expect(lines).toBeLessThanOrEqual(120);
      const sf = ts.createSourceFile(entry.file, entry.code, ts.ScriptTarget.Latest, true, scriptKind(entry.file));
      const relative = sf.statements
        .filter(ts.isImportDeclaration)
        .map((s) => (s.moduleSpecifier as ts.StringLiteral).text)
        .filter((spec) => spec.startsWith('.') || spec.startsWith('/'));
      expect(relative).toEqual([]);
    });

    it('labels known rules, on lines where code starts, once per rule and line', () => {
      const sf = ts.createSourceFile(entry.file, entry.code, ts.ScriptTarget.Latest, true, scriptKind(entry.file));
      const starts = nodeStartLines(sf);
      const seen = new Set<string>();
      for (const label of entry.labels) {
        expect(ruleIds, `unknown rule id "${label.rule}" on line ${label.line}`).toContain(label.rule);
        expect(starts.has(label.line), `label ${label.rule} on line ${label.line} points at no code`).toBe(true);
        const key = `${label.rule}@${label.line}`;
        expect(seen.has(key), `duplicate label ${key}`).toBe(false);
        seen.add(key);
      }
    });

    it('has no malformed label or target comments', () => {
      const lines = entry.code.split('\n');
      const parsedLines = new Set(entry.labels.map((l) => l.line));
      lines.forEach((text, i) => {
        if (/\/\/\s*expect\b/i.test(text)) {
          // Same-line labels sit on their own line number; next-line labels on the following one.
          const own = /^\s*\/\/\s*expect-next-line:/.test(text) ? i + 2 : i + 1;
          expect(parsedLines.has(own), `line ${i + 1} looks like a label but does not parse: ${text.trim()}`).toBe(true);
        }
        if (/\/\/\s*target:/i.test(text)) {
          expect(i, `target comment must be on the first line (found on line ${i + 1})`).toBe(0);
          expect(entry.target, `target comment does not parse: ${text.trim()}`).toBeDefined();
        }
      });
    });
  });
});
