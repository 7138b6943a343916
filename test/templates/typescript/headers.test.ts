import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectOnePerPatternId, HEADER_KEYS, listTemplateFiles, REQUIRED_HEADER_KEYS } from '../../helpers/template-files.js';

/**
 * Meta test: every TypeScript template has a well-formed header (templates/README.md), its id matches its file
 * name and the pattern list, every API it declares appears in its code, and it has a behavioural test file.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = `${root}templates/typescript/`;

const RUNTIMES = ['python', 'node', 'ecmascript', 'typescript', 'dotnet', 'csharp', 'tokio', 'futures', 'rust'];

function parseHeader(text: string): { fields: Map<string, string[]>; body: string } {
  const lines = text.split('\n');
  expect(lines[0]).toBe('// @pattern');
  const end = lines.indexOf('// @end');
  expect(end).toBeGreaterThan(0);
  const fields = new Map<string, string[]>();
  for (const line of lines.slice(1, end)) {
    const match = /^\/\/ ([a-z-]+): (.+)$/.exec(line);
    expect(match, `header line "${line}"`).not.toBeNull();
    const [, key = '', value = ''] = match ?? [];
    expect(HEADER_KEYS, `header key "${key}"`).toContain(key);
    fields.set(key, [...(fields.get(key) ?? []), value.trim()]);
  }
  return { fields, body: lines.slice(end + 1).join('\n') };
}

/** Template paths relative to templates/typescript: `timeout.ts`, `legacy/timeout.ts`. */
const relative = (files: string[]): string[] => files.map((file) => file.slice('templates/typescript/'.length));
const files = relative(listTemplateFiles('templates/typescript', '.ts'));
const legacyFiles = relative(listTemplateFiles('templates/typescript/legacy', '.ts'));
const libraryFiles = relative(listTemplateFiles('templates/typescript/library', '.ts'));

describe('TypeScript template headers', () => {
  it('there is exactly one template per pattern id, and legacy variants only of known ids', () => {
    expectOnePerPatternId(files, '.ts');
    for (const legacy of legacyFiles) expect(files).toContain(legacy.replace(/^legacy\//, ''));
    for (const library of libraryFiles) expect(files).toContain(library.replace(/^library\//, ''));
  });

  it.each([...files, ...legacyFiles, ...libraryFiles])('%s has a complete header that matches its code and a behavioural test', (file) => {
    const { fields, body } = parseHeader(readFileSync(dir + file, 'utf8'));
    for (const key of REQUIRED_HEADER_KEYS) expect(fields.get(key), `key ${key}`).toBeDefined();
    for (const [key, values] of fields) {
      if (key !== 'fallback' && key !== 'unmet') expect(values, `key ${key} repeats`).toHaveLength(1);
    }
    const one = (key: string): string => fields.get(key)?.[0] ?? '';
    expect(one('id')).toBe(file.replace(/^(?:legacy|library)\//, '').replace(/\.ts$/, ''));

    const minimum = new Map(
      one('minimum')
        .split(',')
        .map((pair) => pair.trim().split(' ') as [string, string]),
    );
    for (const runtime of minimum.keys()) expect(RUNTIMES).toContain(runtime);
    expect(minimum.get('node')).toMatch(/^(20|22|24)(\.\d+)?$/);
    // Every pattern is usable on Node 20: directly, or through a node 20 fallback whose legacy file exists.
    if (!minimum.get('node')?.startsWith('20')) {
      const fallback = (fields.get('fallback') ?? []).find((f) => f.startsWith('node 20'));
      expect(fallback, 'a node 20 fallback').toBeDefined();
      const legacy = /legacy\/([a-z-]+\.ts)/.exec(fallback ?? '')?.[1];
      expect(legacy, 'the fallback names its legacy file').toBe(file);
      expect(existsSync(`${dir}legacy/${legacy}`)).toBe(true);
    }
    // ES2022 output everywhere; a template that needs a newer runtime built-in (Symbol.asyncDispose is ESNext in
    // TypeScript's libs) declares that edition, and its node 20 fallback (checked above) covers older runtimes.
    expect(['ES2022', 'ESNext']).toContain(minimum.get('ecmascript'));
    if (minimum.get('ecmascript') !== 'ES2022') expect(minimum.get('node')?.startsWith('20')).toBe(false);
    expect(minimum.get('typescript')).toMatch(/^5\.\d$/);

    const apis = one('apis').split(',').map((api) => api.trim());
    for (const api of apis) {
      const lastName = api.split(/[./]/).pop() ?? api;
      expect(body, `declared API ${api} is used`).toMatch(new RegExp(`\\b${lastName}\\b`));
    }
    for (const fallback of fields.get('fallback') ?? []) {
      expect(fallback).toMatch(/^[a-z]+ [\d.]+: \S/);
      expect(RUNTIMES).toContain(fallback.split(' ')[0]);
    }
    expect(one('pitfalls').split(';').length).toBeGreaterThanOrEqual(2);
    expect(existsSync(`${root}test/templates/typescript/${file.replace(/\.ts$/, '.test.ts')}`)).toBe(true);
  });
});
