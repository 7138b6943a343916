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
import { addListeners, dedupeFindings, syntaxErrorMessage, syntaxErrorNodes, walkTree, type NodeListeners } from '../tree-sitter.js';
import { PyFile, releaseTreeCaches, spanOf, type PyNode } from './analysis.js';
import { defaultTarget } from '../../catalog/index.js';
import { parsePython } from './parser.js';
import { docsUriOf, type PyListeners, type PyRule } from './rule.js';
import { installedLookup, type InstalledLookup } from '../installed.js';
import { thirdPartyVerdicts } from './rules/hallucinated-api.js';
import { pythonRules } from './rules/index.js';

/** Python version assumed when the caller names none: the oldest CPython line still supported (the catalog's support calendar). */
export const DEFAULT_PYTHON_TARGET = defaultTarget('python');

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
  return syntaxErrorNodes(root, MAX_SYNTAX_FINDINGS).map((n) => ({
    ruleId: 'syntax-error',
    severity: 'info',
    message: syntaxErrorMessage(n),
    ...spanOf(n),
    confidence: 'high',
    docsUri: docsUriOf('syntax-error'),
    basis: { kind: 'syntax', detail: 'the tree-sitter parser' },
  }));
}

/** Reviews Python source. Never throws on odd input: empty or unparsable text gives few or no findings. */
export async function reviewPython(input: ReviewInput, project: { lookup?: InstalledLookup } = {}): Promise<ReviewResult> {
  const code = typeof input.code === 'string' ? input.code : '';
  const target = targetOf(input);
  const selected = selectPythonRules(input.rules);
  input.signal?.throwIfAborted();
  const tree = await parsePython(code);
  try {
    const file = new PyFile(tree.rootNode, code);
    const installed = project.lookup && selected.some((r) => r.meta.id === 'hallucinated-api') ? await thirdPartyVerdicts(file, project.lookup) : undefined;
    const raw: Finding[] = [];
    const listeners: NodeListeners = new Map();
    for (const rule of selected) {
      const ls: PyListeners = rule.create({
        file,
        target,
        ...(installed ? { installed } : {}),
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
      addListeners(listeners, ls);
    }
    walkTree(tree, listeners);
    const all = [...dedupeFindings(raw), ...(input.rules === undefined || input.rules.includes('syntax-error') ? syntaxFindings(tree.rootNode) : [])];
    const { kept, suppressed } = applySuppressions(all, parseSuppressions(code, '#'));
    kept.sort(compareFindings);
    return { findings: kept, summary: summarize(kept, suppressed), reviewedWith: { engine: 'tree-sitter-python', target: { ...input.target, python: target } } };
  } finally {
    releaseTreeCaches();
    tree.delete();
  }
}

export const pythonReviewer: LanguageReviewer = {
  languages: ['python'],
  rules: pythonRules.map((r) => r.meta),
  docsUri: docsUriOf,
  // Python keeps the caller's target as sent and fills only `python` (targetOf), so the kernel's default is unused.
  reviewSnippet: (input) => reviewPython(input),
  async reviewFiles(paths, target, ruleIds, project) {
    const out: FileReview[] = [];
    for (const path of paths) {
      const code = readFileSync(path, 'utf8');
      if (code.trim() === '') {
        out.push({ path, findings: [], suppressed: 0 }); // nothing to review, nothing wrong
        continue;
      }
      // Files on disk belong to a project: third-party symbols are checked against its installed packages.
      const r = await reviewPython({ code, language: 'python', target, ...(ruleIds ? { rules: [...ruleIds] } : {}) }, { lookup: installedLookup('python', path, project?.root) });
      out.push({ path, findings: r.findings, suppressed: r.summary.suppressed });
    }
    return out;
  },
};
