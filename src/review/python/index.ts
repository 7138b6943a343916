/**
 * The Python asyncio reviewer: tree-sitter parse once, one walk, rules subscribe to node types. The reviewed code
 * is only parsed, never imported or executed.
 */
import { readFileSync } from 'node:fs';
import { compareFindings, summarize, type Finding, type ReviewInput, type ReviewResult } from '../finding.js';
import type { FileReview, LanguageReviewer } from '../language.js';
import { selectRules } from '../select-rules.js';
import { contractSeverity } from '../severity.js';
import { applySuppressions, parseSuppressions } from '../suppressions.js';
import { PyFile, releaseTreeCaches, spanOf, type PyNode } from './analysis.js';
import { parsePython } from './parser.js';
import { docsUriOf, type PyListeners, type PyRule } from './rule.js';
import { pythonRules } from './rules/index.js';

/** Python version assumed when the caller names none: the oldest CPython line still supported (3.10 ended in Oct 2026). */
export const DEFAULT_PYTHON_TARGET = '3.11';

export const PYTHON_RULE_IDS: readonly string[] = pythonRules.map((r) => r.meta.id);

const MAX_SYNTAX_FINDINGS = 20;

function selectPythonRules(ids: readonly string[] | undefined): PyRule[] {
  return selectRules(pythonRules, ids, { label: 'Python', alsoAllowed: ['syntax-error'] });
}

function targetOf(input: ReviewInput): string {
  const t = input.target?.python;
  return typeof t === 'string' && /^3\.\d{1,2}$/.test(t) ? t : DEFAULT_PYTHON_TARGET;
}

/** ERROR and MISSING nodes as `info` findings: what tree-sitter recovered is still reviewed. */
function syntaxFindings(root: PyNode): Finding[] {
  const out: Finding[] = [];
  if (!root.hasError) return out;
  const stack: PyNode[] = [root];
  while (stack.length && out.length < MAX_SYNTAX_FINDINGS) {
    const n = stack.pop() as PyNode;
    if (n.isError || n.isMissing) {
      out.push({
        ruleId: 'syntax-error',
        severity: 'info',
        message: n.isMissing
          ? `Syntax error: expected \`${n.type}\` here. The rest of the file was reviewed as far as the parser could recover it; fix the syntax and review again.`
          : `Syntax error: the parser could not read \`${n.text.split('\n')[0]?.slice(0, 40) ?? ''}\`. The rest of the file was reviewed as far as it could be recovered; fix the syntax and review again.`,
        ...spanOf(n),
        confidence: 'high',
        docsUri: docsUriOf('syntax-error'),
        basis: { kind: 'syntax', detail: 'the tree-sitter parser' },
      });
      continue;
    }
    if (!n.hasError) continue;
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
  return out;
}

/** Reviews Python source. Never throws on odd input: empty or unparsable text gives few or no findings. */
export async function reviewPython(input: ReviewInput): Promise<ReviewResult> {
  const code = typeof input.code === 'string' ? input.code : '';
  const target = targetOf(input);
  const selected = selectPythonRules(input.rules);
  input.signal?.throwIfAborted();
  const tree = await parsePython(code);
  try {
    const file = new PyFile(tree.rootNode, code);
    const raw: Finding[] = [];
    const listeners = new Map<string, Array<(n: PyNode) => void>>();
    for (const rule of selected) {
      const ls: PyListeners = rule.create({
        file,
        target,
        report: (r) => {
          const basis = r.basis ?? { kind: rule.meta.basis ?? 'syntax' };
          raw.push({
            ruleId: rule.meta.id,
            // The severity contract: an error must rest on a basis that can carry it (src/review/severity.ts).
            severity: contractSeverity(r.severity ?? rule.meta.severity, basis, rule.meta),
            message: r.message,
            ...spanOf(r.node),
            confidence: r.confidence ?? 'high',
            ...(r.suggestion ? { suggestion: r.suggestion } : {}),
            docsUri: docsUriOf(rule.meta.id),
            ...(rule.meta.patternId ? { patternId: rule.meta.patternId } : {}),
            basis,
          });
        },
      });
      for (const [type, fn] of Object.entries(ls)) {
        if (!fn) continue;
        const list = listeners.get(type) ?? [];
        list.push(fn);
        listeners.set(type, list);
      }
    }
    // One walk: a cursor visits each node once and hands it to the rules that asked for its type.
    const cursor = tree.walk();
    try {
      let done = false;
      while (!done) {
        if (cursor.nodeIsNamed) {
          const fns = listeners.get(cursor.nodeType);
          if (fns) {
            const node = cursor.currentNode;
            for (const fn of fns) fn(node);
          }
        }
        if (cursor.gotoFirstChild()) continue;
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) {
            done = true;
            break;
          }
        }
      }
    } finally {
      cursor.delete();
    }
    const all = [...dedupe(raw), ...(input.rules === undefined || input.rules.includes('syntax-error') ? syntaxFindings(tree.rootNode) : [])];
    const { kept, suppressed } = applySuppressions(all, parseSuppressions(code, '#'));
    kept.sort(compareFindings);
    return { findings: kept, summary: summarize(kept, suppressed), reviewedWith: { engine: 'tree-sitter-python', target: { ...input.target, python: target } } };
  } finally {
    releaseTreeCaches();
    tree.delete();
  }
}

/** One finding per rule and position: two listeners reaching the same node report once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.line}:${f.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const pythonReviewer: LanguageReviewer = {
  languages: ['python'],
  rules: pythonRules.map((r) => r.meta),
  docsUri: docsUriOf,
  // Python keeps the caller's target as sent and fills only `python` (targetOf), so the kernel's default is unused.
  reviewSnippet: (input) => reviewPython(input),
  async reviewFiles(paths, target, ruleIds) {
    const out: FileReview[] = [];
    for (const path of paths) {
      const code = readFileSync(path, 'utf8');
      if (code.trim() === '') {
        out.push({ path, findings: [], suppressed: 0 }); // nothing to review, nothing wrong
        continue;
      }
      const r = await reviewPython({ code, language: 'python', target, ...(ruleIds ? { rules: [...ruleIds] } : {}) });
      out.push({ path, findings: r.findings, suppressed: r.summary.suppressed });
    }
    return out;
  },
};
