/**
 * The Rust reviewer: tree-sitter parse once, one walk, rules subscribe to node types, over a per-file symbol table
 * (imports, async declarations, field and local types) and the tokio/futures catalog. The reviewed code is only
 * parsed, never compiled or run; no Rust toolchain is needed.
 */
import { readFileSync } from 'node:fs';
import { type Finding, type ReviewInput, type ReviewResult } from '../finding.js';
import type { FileReview, LanguageReviewer } from '../language.js';
import { selectRules } from '../select-rules.js';
import { addListeners, parseWith, walkTree, type NodeListeners } from '../tree-sitter.js';
import { findingOf, finishFindings } from '../tree-sitter-findings.js';
import type { Tree } from 'web-tree-sitter';
import { defaultTokio } from './catalog.js';
import { installedLookup, type InstalledLookup } from '../installed.js';
import { thirdPartyVerdicts } from './installed-api.js';
import { applyRewrites, errorWithin, macroRewrites, markMacroAwaits } from './macros.js';
import { docsUriOf, type RsRule } from './rule.js';
import { rustRules } from './rules/index.js';
import { RsFile } from './symbols.js';

export const RUST_RULE_IDS: readonly string[] = rustRules.map((r) => r.meta.id);

const WASM = 'tree-sitter-rust/tree-sitter-rust.wasm';

function selectRustRules(ids: readonly string[] | undefined): RsRule[] {
  return selectRules(rustRules, ids, { label: 'Rust', alsoAllowed: ['syntax-error'] });
}

/**
 * `1.24` from `1.24` or `1.24.2`; when none was named, the default tokio line of the support calendar (the oldest
 * still supported on the day the catalog was built), so too-new-api holds unpinned code to what every supported
 * line has. review_files and the CLI fill target.tokio from the project's Cargo.lock / Cargo.toml
 * (src/workspace/targets.ts) before they call this reviewer.
 */
function tokioOf(input: ReviewInput): string | undefined {
  const t = input.target?.tokio;
  return typeof t === 'string' ? /^(1\.\d{1,2})(?:\.\d{1,3})?$/.exec(t)?.[1] : defaultTokio();
}

/**
 * Parses the code with select!/join! bodies rewritten in place (see macros.ts), up to three rounds for macros nested
 * in those bodies; a rewrite that does not parse cleanly is dropped. Returns the tree and the text it was parsed from.
 */
async function parseExposingMacros(code: string): Promise<{ tree: Tree; code: string }> {
  let tree = await parseWith(WASM, code, 'Rust');
  let text = code;
  const starts: number[] = [];
  for (let round = 0; round < 3; round++) {
    const rewrites = macroRewrites(tree.rootNode, text);
    if (rewrites.length === 0) break;
    let next = await parseWith(WASM, applyRewrites(text, rewrites), 'Rust');
    const ok = rewrites.filter((r) => !errorWithin(next.rootNode, r.start, r.end));
    if (ok.length !== rewrites.length) {
      next.delete();
      if (ok.length === 0) break;
      next = await parseWith(WASM, applyRewrites(text, ok), 'Rust');
    }
    tree.delete();
    tree = next;
    text = applyRewrites(text, ok);
    starts.push(...ok.map((r) => r.bodyStart));
  }
  markMacroAwaits(tree, starts);
  return { tree, code: text };
}

/** Reviews Rust source. Never throws on odd input: empty or unparsable text gives few or no findings. */
export async function reviewRust(input: ReviewInput, project: { lookup?: InstalledLookup } = {}): Promise<ReviewResult> {
  const code = typeof input.code === 'string' ? input.code : '';
  const tokio = tokioOf(input);
  const selected = selectRustRules(input.rules);
  input.signal?.throwIfAborted();
  const { tree, code: seen } = await parseExposingMacros(code);
  try {
    const file = new RsFile(tree.rootNode, seen);
    // Files of a project: third-party paths are checked against the crate versions its Cargo.lock names.
    const installed = project.lookup && selected.some((r) => r.meta.id === 'hallucinated-api') ? await thirdPartyVerdicts(file, tree, project.lookup) : undefined;
    const raw: Finding[] = [];
    const listeners: NodeListeners = new Map();
    for (const rule of selected) {
      addListeners(listeners, rule.create({
        file,
        tokio,
        ...(installed?.size ? { installed } : {}),
        report: (r) => raw.push(findingOf(rule.meta, docsUriOf(rule.meta.id), r)),
      }));
    }
    walkTree(tree, listeners);
    const { findings, summary } = finishFindings(tree, raw, { code, rules: input.rules, commentPrefix: '//', syntaxDocsUri: docsUriOf('syntax-error') });
    return { findings, summary, reviewedWith: { engine: 'tree-sitter-rust', target: { ...input.target, ...(tokio ? { tokio } : {}) } } };
  } finally {
    tree.delete();
  }
}

export const rustReviewer: LanguageReviewer = {
  languages: ['rust'],
  rules: rustRules.map((r) => r.meta),
  docsUri: docsUriOf,
  // Rust reads only its own axis (`tokio`) of the target and fills its default (tokioOf).
  reviewSnippet: (input) => reviewRust(input),
  async reviewFiles(paths, target, ruleIds, project) {
    const out: FileReview[] = [];
    for (const path of paths) {
      const code = readFileSync(path, 'utf8');
      if (code.trim() === '') {
        out.push({ path, findings: [], suppressed: 0 });
        continue;
      }
      const r = await reviewRust({ code, language: 'rust', target, ...(ruleIds ? { rules: [...ruleIds] } : {}) }, { lookup: installedLookup('rust', path, project?.root) });
      out.push({ path, findings: r.findings, suppressed: r.summary.suppressed });
    }
    return out;
  },
};
