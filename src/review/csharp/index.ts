/**
 * The C# reviewer: tree-sitter parse once, one walk, rules subscribe to node types, over a per-file symbol table
 * and the .NET catalog. The reviewed code is only parsed, never compiled or run; no .NET toolchain is needed.
 */
import { readFileSync } from 'node:fs';
import { defaultTarget } from '../../catalog/index.js';
import { type Finding, type ReviewInput, type ReviewResult } from '../finding.js';
import type { FileReview, LanguageReviewer } from '../language.js';
import { selectRules } from '../select-rules.js';
import { addListeners, parseWith, walkTree, type NodeListeners } from '../tree-sitter.js';
import { findingOf, finishFindings } from '../tree-sitter-findings.js';
import { installedLookup, type InstalledLookup } from '../installed.js';
import { thirdPartyVerdicts } from './installed-api.js';
import { docsUriOf, type CsRule } from './rule.js';
import { csharpRules } from './rules/index.js';
import { CsFile } from './symbols.js';

/**
 * .NET version assumed when the caller names none: the oldest line still supported on the day the catalog was built
 * (its support calendar: .NET 8 ended on 10 November 2026); an API newer than it is reported, and a caller on an
 * older line says so with target.dotnet.
 */
export const DEFAULT_DOTNET_TARGET = defaultTarget('dotnet');

export const CSHARP_RULE_IDS: readonly string[] = csharpRules.map((r) => r.meta.id);

const WASM = 'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm';

function selectCsharpRules(ids: readonly string[] | undefined): CsRule[] {
  return selectRules(csharpRules, ids, { label: 'C#', alsoAllowed: ['syntax-error'] });
}

function targetOf(input: ReviewInput): string {
  const t = input.target?.dotnet;
  const m = typeof t === 'string' ? /^(?:net)?(\d{1,2})(?:\.0)?$/i.exec(t) : null;
  return m?.[1] ?? DEFAULT_DOTNET_TARGET;
}

/** Reviews C# source. Never throws on odd input: empty or unparsable text gives few or no findings. */
export async function reviewCsharp(input: ReviewInput, project: { extensions?: ReadonlySet<string>; lookup?: InstalledLookup } = {}): Promise<ReviewResult> {
  const code = typeof input.code === 'string' ? input.code : '';
  const target = targetOf(input);
  const selected = selectCsharpRules(input.rules);
  input.signal?.throwIfAborted();
  const tree = await parseWith(WASM, code, 'C#');
  try {
    const file = new CsFile(tree.rootNode, code);
    if (project.extensions) file.projectExtensions = project.extensions;
    // Files of a project: members of its NuGet packages' types are checked against the referenced versions.
    const installed = project.lookup && selected.some((r) => r.meta.id === 'hallucinated-api') ? await thirdPartyVerdicts(file, project.lookup) : undefined;
    const raw: Finding[] = [];
    const listeners: NodeListeners = new Map();
    for (const rule of selected) {
      addListeners(listeners, rule.create({
        file,
        target,
        ...(installed?.size ? { installed } : {}),
        report: (r) => raw.push(findingOf(rule.meta, docsUriOf(rule.meta.id), r)),
      }));
    }
    walkTree(tree, listeners);
    const { findings, summary } = finishFindings(tree, raw, { code, rules: input.rules, commentPrefix: '//', syntaxDocsUri: docsUriOf('syntax-error') });
    return { findings, summary, reviewedWith: { engine: 'tree-sitter-c-sharp', target: { ...input.target, dotnet: target } } };
  } finally {
    tree.delete();
  }
}

/** Names of the extension methods (`static T Name(this U x, ...)`) the files declare: a project's own API. */
export function extensionMethodNames(codes: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const code of codes) {
    for (const m of code.matchAll(/\bstatic\s+(?:async\s+)?[\w.<>,?[\]() ]+?\s+(\w+)\s*(?:<[^>()]*>)?\s*\(\s*this\s/g)) if (m[1]) out.add(m[1]);
    // C# 14 extension blocks: `extension(TimeProvider p) { public Task Delay(...) ... }`.
    for (const block of code.matchAll(/\bextension\s*(?:<[^>]*>)?\s*\([^)]*\)\s*\{([\s\S]*?)\n\s*\}/g)) {
      for (const m of (block[1] ?? '').matchAll(/\bpublic\s+(?:static\s+)?[\w.<>,?[\]() ]+?\s+(\w+)\s*(?:<[^>()]*>)?\s*\(/g)) if (m[1]) out.add(m[1]);
    }
  }
  return out;
}

export const csharpReviewer: LanguageReviewer = {
  languages: ['csharp'],
  rules: csharpRules.map((r) => r.meta),
  docsUri: docsUriOf,
  // Like Python, C# reads only its own axis (`dotnet`) of the target and fills its default (targetOf).
  reviewSnippet: (input) => reviewCsharp(input),
  async reviewFiles(paths, target, ruleIds, project) {
    const out: FileReview[] = [];
    const codes = paths.map((p) => readFileSync(p, 'utf8'));
    const extensions = extensionMethodNames(codes);
    for (const [i, path] of paths.entries()) {
      const code = codes[i] ?? '';
      if (code.trim() === '') {
        out.push({ path, findings: [], suppressed: 0 }); // nothing to review, nothing wrong
        continue;
      }
      const r = await reviewCsharp({ code, language: 'csharp', target, ...(ruleIds ? { rules: [...ruleIds] } : {}) }, { extensions, lookup: installedLookup('csharp', path, project?.root) });
      out.push({ path, findings: r.findings, suppressed: r.summary.suppressed });
    }
    return out;
  },
};
