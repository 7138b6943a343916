/**
 * The metadata block at the top of every template (format: templates/README.md), between `@pattern` and `@end`
 * lines in the language's line-comment syntax.
 */
export interface TemplateFallback {
  runtime: string;
  /** The oldest version this advice applies to (it covers versions from there up to the minimum). */
  version: string;
  advice: string;
}

export interface TemplateHeader {
  id: string;
  title: string;
  summary: string;
  minimum: Record<string, string>;
  apis: string[];
  pitfalls: string[];
  rules: string[];
  tags: string[];
  fallbacks: TemplateFallback[];
  /** 1-based line after `@end`: where the code proper starts. */
  bodyStartLine: number;
}

const REQUIRED_KEYS = ['id', 'title', 'summary', 'minimum', 'apis', 'pitfalls', 'rules', 'tags'] as const;

const list = (value: string, separator: RegExp): string[] =>
  value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** Parses a template's header; throws naming the file and the problem when it is missing or incomplete. */
export function parseTemplateHeaderOrThrow(text: string, commentPrefix: '#' | '//', file: string): TemplateHeader {
  const lines = text.split('\n');
  const strip = (line: string): string | undefined => {
    const t = line.trim();
    return t.startsWith(commentPrefix) ? t.slice(commentPrefix.length).trim() : undefined;
  };
  const start = lines.findIndex((l) => strip(l) === '@pattern');
  if (start < 0) throw new Error(`${file}: no "${commentPrefix} @pattern" header block`);
  const values = new Map<string, string>();
  const fallbacks: TemplateFallback[] = [];
  let end = -1;
  for (let i = start + 1; i < lines.length; i++) {
    const content = strip(lines[i] ?? '');
    if (content === undefined) throw new Error(`${file}:${i + 1}: header block ends without "@end"`);
    if (content === '@end') {
      end = i;
      break;
    }
    const m = /^([a-z-]+):\s*(.*)$/.exec(content);
    if (!m) throw new Error(`${file}:${i + 1}: header line is not "key: value": ${content}`);
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'fallback') {
      const f = /^([a-z]+)\s+(\S+?):\s*(.+)$/.exec(value);
      if (!f) throw new Error(`${file}:${i + 1}: fallback must be "<runtime> <version>: <advice>"`);
      fallbacks.push({ runtime: f[1]!, version: f[2]!, advice: f[3]!.trim() });
    } else {
      values.set(key, value.trim());
    }
  }
  if (end < 0) throw new Error(`${file}: header block has no "@end"`);
  for (const key of REQUIRED_KEYS) {
    if (!values.has(key)) throw new Error(`${file}: header lacks "${key}"`);
  }
  const minimum: Record<string, string> = {};
  for (const pair of list(values.get('minimum')!, /,/)) {
    const m = /^([a-z]+)\s+(\S+)$/.exec(pair);
    if (!m) throw new Error(`${file}: minimum entry "${pair}" is not "<runtime> <version>"`);
    minimum[m[1]!] = m[2]!;
  }
  return {
    id: values.get('id')!,
    title: values.get('title')!,
    summary: values.get('summary')!,
    minimum,
    apis: list(values.get('apis')!, /,/),
    pitfalls: list(values.get('pitfalls')!, /;/),
    rules: list(values.get('rules')!, /,/),
    tags: list(values.get('tags')!, /,/),
    fallbacks,
    bodyStartLine: end + 2,
  };
}
