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

/** A library-backed variant's metadata (templates/<language>/library/): what it depends on and when it fits. */
export interface TemplateLibrary {
  /** Each package with the exact version the project installs and verifies it with: `p-retry 7.1.1`. */
  packages: Array<{ name: string; version: string }>;
  /** When a senior engineer would reach for the library. */
  preferLibrary: string;
  /** When the hand-written template is the better choice. */
  preferHandwritten: string;
  /** What later releases of the library add, where the pinned one is older than the newest. */
  newer?: string;
}

/** A contract item (templates/contracts/<id>.json) the template declares it does not meet, and why. */
export interface UnmetItem {
  item: string;
  reason: string;
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
  /** Present on library-backed variants only (`library:` with `prefer-library:` and `prefer-handwritten:`). */
  library?: TemplateLibrary;
  unmet: UnmetItem[];
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
  const unmet: UnmetItem[] = [];
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
    } else if (key === 'unmet') {
      const u = /^([a-z0-9-]+):\s*(.+)$/.exec(value);
      if (!u) throw new Error(`${file}:${i + 1}: unmet must be "<contract item id>: <reason>"`);
      if (unmet.some((x) => x.item === u[1])) throw new Error(`${file}:${i + 1}: unmet item "${u[1]}" is declared twice`);
      unmet.push({ item: u[1]!, reason: u[2]!.trim() });
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
    ...libraryOf(values, file),
    id: values.get('id')!,
    title: values.get('title')!,
    summary: values.get('summary')!,
    minimum,
    apis: list(values.get('apis')!, /,/),
    pitfalls: list(values.get('pitfalls')!, /;/),
    rules: list(values.get('rules')!, /,/),
    tags: list(values.get('tags')!, /,/),
    fallbacks,
    unmet,
    bodyStartLine: end + 2,
  };
}

/** The `library` block of a header: all of `library`, `prefer-library` and `prefer-handwritten`, or none of them. */
function libraryOf(values: Map<string, string>, file: string): { library?: TemplateLibrary } {
  const keys = ['library', 'prefer-library', 'prefer-handwritten'] as const;
  const present = keys.filter((k) => values.has(k));
  if (present.length === 0) {
    if (values.has('newer')) throw new Error(`${file}: "newer" belongs to a library variant, which also needs ${keys.join(', ')}`);
    return {};
  }
  const absent = keys.filter((k) => !values.has(k) || values.get(k) === '');
  if (absent.length > 0) throw new Error(`${file}: a library variant needs ${keys.join(', ')}; missing: ${absent.join(', ')}`);
  const packages = list(values.get('library')!, /,/).map((entry) => {
    const m = /^(\S+)\s+(\d+(?:\.\d+)*(?:-[\w.]+)?)$/.exec(entry);
    if (!m) throw new Error(`${file}: library entry "${entry}" is not "<package> <exact version>", e.g. "p-retry 7.1.1"`);
    return { name: m[1]!, version: m[2]! };
  });
  const newer = values.get('newer');
  return {
    library: {
      packages,
      preferLibrary: values.get('prefer-library')!,
      preferHandwritten: values.get('prefer-handwritten')!,
      ...(newer ? { newer } : {}),
    },
  };
}
