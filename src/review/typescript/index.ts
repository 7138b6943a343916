/** The TypeScript/JavaScript reviewer: ts-morph with the type checker, one walk, rules subscribe to node kinds. */
import type { ReviewInput } from '../finding.js';
import type { LanguageReviewer } from '../language.js';
import { selectRules } from '../select-rules.js';
import { DEFAULT_TARGET } from '../target.js';
import { DOCS_BASE } from './engine.js';
import { reviewFiles } from './files.js';
import { reviewTypeScriptSnippet } from './review.js';
import { rules } from './rules/index.js';

export const typescriptReviewer: LanguageReviewer = {
  languages: ['typescript', 'javascript'],
  rules: rules.map((r) => r.meta),
  docsUri: (id) => `${DOCS_BASE}${id}.md`,
  async reviewSnippet(input, target) {
    const selected = selectRules(rules, input.rules);
    try {
      return reviewTypeScriptSnippet({ ...input, language: input.language as 'typescript' | 'javascript' }, selected, target);
    } catch (error) {
      // TypeScript's parser and checker recurse per nesting level; say so instead of a bare engine message.
      if (error instanceof RangeError && /call stack/i.test(error.message)) {
        throw new RangeError('The code nests too deeply to analyse (the parser ran out of stack): reduce the nesting or review a smaller part');
      }
      throw error;
    }
  },
  async reviewFiles(paths, target, ruleIds) {
    return reviewFiles(paths, selectRules(rules, ruleIds), target);
  },
  async warmUp() {
    try {
      const input: ReviewInput = { code: WARM_UP_CODE, language: 'typescript' };
      await this.reviewSnippet(input, DEFAULT_TARGET);
    } catch {
      // Warming is an optimisation only: a failure here resurfaces, with its real message, on the first review.
    }
  },
};

const WARM_UP_CODE = 'export async function warm(): Promise<void> {\n  await fetch("https://example.com", { signal: AbortSignal.timeout(1) });\n}\n';
