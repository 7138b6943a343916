/**
 * The dispatcher: every language folder, listed by hand, with the file extensions it reviews. Folders load on
 * first use, so a TypeScript-only session never pays for tree-sitter and a Python one never for ts-morph.
 */
import type { ReviewLanguage } from './finding.js';
import type { LanguageReviewer } from './language.js';

export interface LanguageEntry {
  /** The folder under src/review/. */
  id: 'typescript' | 'python' | 'csharp' | 'rust';
  /** How people name the language, for tables and messages (`TS/JS`, `Python`, `C#`). */
  label: string;
  languages: readonly ReviewLanguage[];
  /** File extensions reviewed from disk (a `.d.ts` is never reviewed). */
  extensions: readonly string[];
  load(): Promise<LanguageReviewer>;
}

export const LANGUAGE_ENTRIES: readonly LanguageEntry[] = [
  {
    id: 'typescript',
    label: 'TS/JS',
    languages: ['typescript', 'javascript'],
    extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'],
    load: async () => (await import('./typescript/index.js')).typescriptReviewer,
  },
  {
    id: 'python',
    label: 'Python',
    languages: ['python'],
    extensions: ['.py'],
    load: async () => (await import('./python/index.js')).pythonReviewer,
  },
  {
    id: 'csharp',
    label: 'C#',
    languages: ['csharp'],
    extensions: ['.cs'],
    load: async () => (await import('./csharp/index.js')).csharpReviewer,
  },
  {
    id: 'rust',
    label: 'Rust',
    languages: ['rust'],
    extensions: ['.rs'],
    load: async () => (await import('./rust/index.js')).rustReviewer,
  },
];

/** The labels of every language, for messages: `TS/JS, Python, C#`. */
export function languageLabels(): string {
  return LANGUAGE_ENTRIES.map((e) => e.label).join(', ');
}

/** The entry that reviews a `review_code` language. */
export function entryForLanguage(language: ReviewLanguage): LanguageEntry | undefined {
  return LANGUAGE_ENTRIES.find((e) => e.languages.includes(language));
}

/** The entry that reviews a file, by extension; undefined for files no language reviews (and `.d.ts`). */
export function entryForFile(path: string): LanguageEntry | undefined {
  if (path.endsWith('.d.ts')) return undefined;
  return LANGUAGE_ENTRIES.find((e) => e.extensions.some((x) => path.endsWith(x)));
}
