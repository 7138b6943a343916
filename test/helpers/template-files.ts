import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { parseTemplateHeaderOrThrow, type TemplateHeader } from '../../src/templates/header.js';
import { REPO_ROOT } from './spawn-server.js';

// What the per-language template tests share: which files are templates, the pattern ids they must cover, and the
// header checks every language makes. Language-specific checks stay in each test file.

/** The 14 patterns every language has exactly one main template for. */
export const PATTERN_IDS: readonly string[] = [
  'parallel-partial-failures',
  'timeout',
  'cancellation-cleanup',
  'retry-backoff',
  'bounded-concurrency',
  'structured-concurrency',
  'resource-cleanup',
  'producer-consumer',
  'async-streaming',
  'circuit-breaker',
  'offload-blocking',
  'graceful-shutdown',
  'shared-state',
  'first-success-race',
];

/** Header keys every template must have (format: templates/README.md). */
export const REQUIRED_HEADER_KEYS: readonly string[] = ['id', 'title', 'summary', 'minimum', 'apis', 'pitfalls', 'rules', 'tags'];

/** Keys of a library-backed variant (templates/<language>/library/): the first three together, `newer` optional. */
export const LIBRARY_HEADER_KEYS: readonly string[] = ['library', 'prefer-library', 'prefer-handwritten', 'newer'];

/** Every key a header may use: the required ones, `fallback` and `unmet` (the only ones that may repeat), the library keys. */
export const HEADER_KEYS: readonly string[] = [...REQUIRED_HEADER_KEYS, 'fallback', 'unmet', ...LIBRARY_HEADER_KEYS];

/**
 * Paths (relative to the repository, forward slashes, sorted) of every file ending in `ext` under `templateDir`:
 * a new template is picked up without edits to the tests. Only the folder itself unless `recursive`, which never
 * enters a `__pycache__`.
 */
export function listTemplateFiles(templateDir: string, ext: string, { recursive = false } = {}): string[] {
  const found: string[] = [];
  const walk = (relDir: string): void => {
    for (const entry of readdirSync(path.join(REPO_ROOT, relDir), { withFileTypes: true })) {
      const rel = `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (recursive && entry.name !== '__pycache__') walk(rel);
      } else if (entry.isFile() && entry.name.endsWith(ext)) {
        found.push(rel);
      }
    }
  };
  walk(templateDir);
  return found.sort();
}

/** "templates/rust/timeout.rs" -> "timeout": a template's file name is its pattern id. */
export const templateIdOf = (file: string, ext: string): string => path.posix.basename(file, ext);

/** A template's text; `file` is relative to the repository. */
export const readTemplate = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** Asserts that the main templates are one per pattern id, and nothing else. */
export function expectOnePerPatternId(files: readonly string[], ext: string): void {
  expect(files.map((file) => templateIdOf(file, ext)).sort()).toEqual([...PATTERN_IDS].sort());
}

/**
 * Asserts what every language's header must satisfy, through the parser the server uses: the header is the first
 * line, its id is the file name, title and summary are not empty, and it names at least one API, pitfall and tag.
 * Returns the header and the text for the language's own checks.
 */
export function expectCompleteHeader(file: string, ext: string, commentPrefix: '#' | '//'): { header: TemplateHeader; text: string } {
  const text = readTemplate(file);
  expect(text.split('\n')[0]).toBe(`${commentPrefix} @pattern`);
  const header = parseTemplateHeaderOrThrow(text, commentPrefix, file);
  expect(header.id).toBe(templateIdOf(file, ext));
  for (const value of [header.title, header.summary]) expect(value).not.toBe('');
  expect(header.apis.length).toBeGreaterThan(0);
  expect(header.pitfalls.length).toBeGreaterThan(0);
  expect(header.tags.length).toBeGreaterThan(0);
  return { header, text };
}

/** A record of scripts/templates/<language>.mjs, as its JSDoc `VerificationRecord` describes it. */
export interface VerificationRecord {
  file: string;
  id: string;
  status: 'executed' | 'compiled' | 'failed' | 'unverified';
  toolchain: string;
  how: string;
  output: string;
  sha256: string;
  /** Every toolchain its code ran on, one entry per run (templates/README.md, "Verification records"). */
  ranOn?: Array<{ versions: Record<string, string | undefined>; by: string }>;
  checked?: Array<{ tool: string; version: string; target: string }>;
  contract?: { passed: string[]; failed: string[]; unmet: string[] };
}

/**
 * Imports a build-time verifier, scripts/templates/<language>.mjs. It is plain .mjs (no declarations), so it is
 * imported by URL and `Script` states the shape its JSDoc gives.
 */
export async function loadTemplateScript<Script>(language: string): Promise<Script> {
  const url = pathToFileURL(path.join(REPO_ROOT, 'scripts/templates', `${language}.mjs`)).href;
  return (await import(url)) as Script;
}
