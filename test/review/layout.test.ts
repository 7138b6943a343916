// The reviewer's layout: one kernel (src/review/*.ts, format/) and one folder per language with the same shape.
// A language folder imports the kernel and the catalog, never the dispatcher, the CLI, the worker or another language;
// the kernel reaches a language only through the dispatcher's lazy loaders.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_ENTRIES } from '../../src/review/languages.js';

const REVIEW = path.resolve(import.meta.dirname, '../../src/review');
const KERNEL_ONLY = ['index.ts', 'languages.ts', 'cli.ts', 'worker.ts'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module specifier a file imports, statically or with import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

const languageDirs = readdirSync(REVIEW).filter((n) => statSync(path.join(REVIEW, n)).isDirectory() && n !== 'format');

describe('review layout', () => {
  it('every language folder is listed by the dispatcher and has the same parts', () => {
    expect(languageDirs.sort()).toEqual(LANGUAGE_ENTRIES.map((e) => e.id).sort());
    for (const dir of languageDirs) {
      const files = readdirSync(path.join(REVIEW, dir));
      expect(files, dir).toContain('index.ts');
      expect(files, dir).toContain('rules');
      expect(readdirSync(path.join(REVIEW, dir, 'rules')), dir).toContain('index.ts');
    }
  });

  it.each(languageDirs)('%s imports only the kernel, the catalog and itself', (dir) => {
    const bad: string[] = [];
    for (const file of walk(path.join(REVIEW, dir))) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), spec);
        const rel = path.relative(REVIEW, target);
        const inOwn = rel.startsWith(`${dir}${path.sep}`);
        const inOtherLanguage = languageDirs.some((d) => d !== dir && rel.startsWith(`${d}${path.sep}`));
        const inCatalog = path.relative(path.resolve(REVIEW, '../catalog'), target).split(path.sep)[0] !== '..';
        const kernelEntry = KERNEL_ONLY.some((k) => rel === k.replace(/\.ts$/, '.js'));
        if (inOtherLanguage || kernelEntry || (!inOwn && !inCatalog && rel.startsWith('..'))) bad.push(`${path.relative(REVIEW, file)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the kernel reaches languages only through the dispatcher', () => {
    const bad: string[] = [];
    for (const file of readdirSync(REVIEW).filter((n) => n.endsWith('.ts')).map((n) => path.join(REVIEW, n))) {
      if (path.basename(file) === 'languages.ts') continue;
      for (const spec of importsOf(file)) if (languageDirs.some((d) => spec.startsWith(`./${d}/`))) bad.push(`${path.basename(file)} -> ${spec}`);
    }
    expect(bad).toEqual([]);
  });
});
