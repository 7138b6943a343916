import { closestMatch, unknownValueMessage } from '../errors.js';
import {
  getTemplateRegistry,
  PATTERN_LANGUAGES,
  verificationFor,
  type PatternLanguage,
  type SourceLanguage,
  type TemplateFile,
  type TemplateRegistry,
  type ServedVerification,
} from './registry.js';
import type { TemplateLibrary } from './header.js';
import { transpileToJavaScript } from './transpile.js';
import { compareVersions, isVersion } from './versions.js';

export interface PatternTarget {
  python?: string;
  node?: string;
  ecmascript?: string;
  dotnet?: string;
  tokio?: string;
}

/** A library-backed variant of a pattern in one language, as listed next to the hand-written template. */
export interface LibraryVariantSummary {
  language: PatternLanguage;
  /** `p-retry 7.1.1`, `Polly.Core 8.9.1`: the exact versions it was verified with. */
  packages: string[];
  preferLibrary: string;
}

export interface PatternSummary {
  id: string;
  title: string;
  summary: string;
  languages: PatternLanguage[];
  tags: string[];
  /** Library-backed variants (`get_pattern` with `variant: "library"`); absent when there is none. */
  libraryVariants?: LibraryVariantSummary[];
}

/** Which template of a pattern to return: the hand-written one (with its older-runtime fallback) or the library one. */
export const PATTERN_VARIANTS = ['main', 'library'] as const;
export type PatternVariantRequest = (typeof PATTERN_VARIANTS)[number];

export interface PatternDetail {
  id: string;
  language: PatternLanguage;
  title: string;
  summary: string;
  code: string;
  /** `main`, `legacy` when an older target needed the fallback variant, or `library` when asked for. */
  variant: 'main' | 'legacy' | 'library';
  file: string;
  minimumVersions: Record<string, string>;
  apis: string[];
  pitfalls: string[];
  relatedRules: string[];
  tags: string[];
  /** What the target means for this pattern (fallback advice, or why the target is below what we can offer). */
  targetNotes: string[];
  verification: ServedVerification;
  /** For `variant: "library"`: the packages and when to prefer the library or the hand-written template. */
  library?: TemplateLibrary;
  /** The other variants of this pattern in this language, so the caller knows it can ask for them. */
  otherVariants: Array<{ variant: 'main' | 'library'; packages?: string[]; preferWhen: string }>;
}

/** Which target keys apply to a language's templates. */
const TARGET_RUNTIMES: Readonly<Record<PatternLanguage, (keyof PatternTarget)[]>> = {
  python: ['python'],
  typescript: ['node', 'ecmascript'],
  javascript: ['node', 'ecmascript'],
  csharp: ['dotnet'],
  rust: ['tokio'],
};

const sourceOf = (language: PatternLanguage): SourceLanguage => (language === 'javascript' ? 'typescript' : language);

function mainTemplates(registry: TemplateRegistry, language?: SourceLanguage): TemplateFile[] {
  return registry.templates.filter((t) => !t.legacy && !t.library && (language === undefined || t.language === language));
}

function libraryTemplates(registry: TemplateRegistry, language: SourceLanguage, id?: string): TemplateFile[] {
  return registry.templates.filter((t) => t.library && t.language === language && (id === undefined || t.header.id === id));
}

const packagesOf = (t: TemplateFile): string[] => (t.header.library?.packages ?? []).map((p) => `${p.name} ${p.version}`);

/** Lists patterns, optionally for one language and matching a free-text query (every word must match). */
export function listPatterns(
  options: { language?: PatternLanguage; query?: string },
  registry: TemplateRegistry = getTemplateRegistry(),
): PatternSummary[] {
  const byId = new Map<string, { first: TemplateFile; languages: Set<PatternLanguage>; text: string }>();
  for (const t of mainTemplates(registry)) {
    const entry = byId.get(t.header.id) ?? { first: t, languages: new Set<PatternLanguage>(), text: '' };
    entry.languages.add(t.language);
    if (t.language === 'typescript') entry.languages.add('javascript');
    const h = t.header;
    entry.text += ` ${h.id} ${h.title} ${h.summary} ${h.tags.join(' ')} ${h.apis.join(' ')}`.toLowerCase();
    byId.set(t.header.id, entry);
  }
  const libraries = new Map<string, LibraryVariantSummary[]>();
  for (const t of registry.templates.filter((x) => x.library)) {
    const text = ` ${t.header.tags.join(' ')} ${t.header.apis.join(' ')} ${packagesOf(t).join(' ')}`.toLowerCase();
    const entry = byId.get(t.header.id);
    if (entry) entry.text += text;
    const languages: PatternLanguage[] = t.language === 'typescript' ? ['typescript', 'javascript'] : [t.language];
    for (const language of languages) {
      const list = libraries.get(t.header.id) ?? [];
      list.push({ language, packages: packagesOf(t), preferLibrary: t.header.library?.preferLibrary ?? '' });
      libraries.set(t.header.id, list);
    }
  }
  const words = (options.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const out: PatternSummary[] = [];
  for (const [id, { first, languages, text }] of [...byId].sort(([a], [b]) => a.localeCompare(b))) {
    if (options.language && !languages.has(options.language)) continue;
    if (!words.every((w) => text.includes(w))) continue;
    out.push({
      id,
      title: first.header.title,
      summary: first.header.summary,
      languages: PATTERN_LANGUAGES.filter((l) => languages.has(l)),
      tags: first.header.tags,
      ...(libraries.has(id) ? { libraryVariants: libraries.get(id) } : {}),
    });
  }
  return out;
}

/** Where `target` is below a template's minimum: the runtime, the target and the minimum. */
function shortfalls(template: TemplateFile, language: PatternLanguage, target: PatternTarget) {
  const out: { runtime: keyof PatternTarget; target: string; minimum: string }[] = [];
  for (const runtime of TARGET_RUNTIMES[language]) {
    const wanted = target[runtime];
    const minimum = template.header.minimum[runtime];
    if (wanted !== undefined && minimum !== undefined && compareVersions(wanted, minimum) < 0) {
      out.push({ runtime, target: wanted, minimum });
    }
  }
  return out;
}

/** Checks the target's keys and version syntax, naming what is allowed. */
function validateTarget(language: PatternLanguage, target: PatternTarget): void {
  for (const [key, value] of Object.entries(target)) {
    if (value === undefined) continue;
    if (!isVersion(value)) throw new Error(`target.${key} "${value}" is not a version (examples: "3.10", "20", "ES2022", "8", "1.24")`);
  }
  const allowed = TARGET_RUNTIMES[language];
  const extra = Object.keys(target).filter((k) => target[k as keyof PatternTarget] !== undefined && !allowed.includes(k as keyof PatternTarget));
  if (extra.length > 0) {
    throw new Error(`target.${extra[0]} does not apply to ${language} patterns; use ${allowed.map((k) => `target.${k}`).join(' or ')}`);
  }
}

/** Advice from a header's fallback lines for each runtime the target falls short on. */
function fallbackNotes(template: TemplateFile, missing: ReturnType<typeof shortfalls>): string[] {
  const notes: string[] = [];
  for (const m of missing) {
    const advice = template.header.fallbacks.filter((f) => f.runtime === m.runtime && compareVersions(m.target, f.version) >= 0);
    if (advice.length > 0) for (const f of advice) notes.push(`For ${f.runtime} ${f.version}+: ${f.advice}`);
    else notes.push(`No fallback is recorded for ${m.runtime} ${m.target}; upgrade to ${m.runtime} ${m.minimum} or later.`);
  }
  return notes;
}

const needsText = (missing: ReturnType<typeof shortfalls>): string =>
  missing.map((m) => `${m.runtime} ${m.minimum} (target: ${m.target})`).join(', ');

/**
 * Returns one pattern in one language: the hand-written template (the fallback variant when an older target needs
 * it), or with `variant: "library"` the library-backed one where there is one.
 */
export function getPattern(
  options: { id: string; language: PatternLanguage; target?: PatternTarget; variant?: PatternVariantRequest },
  registry: TemplateRegistry = getTemplateRegistry(),
): PatternDetail {
  const { id, language } = options;
  if (!(PATTERN_LANGUAGES as readonly string[]).includes(language)) {
    throw new Error(unknownValueMessage('language', language, PATTERN_LANGUAGES));
  }
  const requested = options.variant ?? 'main';
  if (!(PATTERN_VARIANTS as readonly string[]).includes(requested)) {
    throw new Error(unknownValueMessage('variant', requested, PATTERN_VARIANTS));
  }
  const target = options.target ?? {};
  validateTarget(language, target);
  const source = sourceOf(language);
  const candidates = registry.templates.filter((t) => t.language === source);
  const main = candidates.find((t) => !t.legacy && !t.library && t.header.id === id);
  if (!main) {
    const known = mainTemplates(registry, source).map((t) => t.header.id);
    const near = closestMatch(id, known);
    throw new Error(
      `Unknown pattern "${id}" for ${language}. Known: ${known.join(', ')}.${near ? ` Closest: "${near}".` : ''}`,
    );
  }
  const library = libraryTemplates(registry, source, id)[0];

  let chosen = main;
  const targetNotes: string[] = [];
  if (requested === 'library') {
    if (!library) {
      const withLibrary = libraryTemplates(registry, source).map((t) => `${t.header.id} (${packagesOf(t).join(', ')})`);
      throw new Error(
        `No library variant of "${id}" for ${language}. ` +
          (withLibrary.length ? `Library variants for ${language}: ${withLibrary.join('; ')}. ` : `There is no library variant for ${language}. `) +
          'Omit variant (or pass "main") for the hand-written template.',
      );
    }
    chosen = library;
    const missing = shortfalls(library, language, target);
    if (missing.length > 0) {
      targetNotes.push(`This library variant needs ${needsText(missing)}; the hand-written template (variant "main") may fit an older target.`);
      targetNotes.push(...fallbackNotes(library, missing));
    }
  } else {
    const missing = shortfalls(main, language, target);
    if (missing.length > 0) {
      const legacy = candidates.find((t) => t.legacy && t.header.id === id && shortfalls(t, language, target).length === 0);
      if (legacy) {
        chosen = legacy;
        targetNotes.push(`The main template needs ${needsText(missing)}; this is the fallback variant for older versions.`);
      } else {
        targetNotes.push(`This template needs ${needsText(missing)}.`);
        targetNotes.push(...fallbackNotes(main, missing));
      }
    }
  }

  const verified = verificationFor(registry, chosen);
  const verification =
    language === 'javascript'
      ? {
          ...verified,
          how: `JavaScript transpiled from ${chosen.file} (TypeScript, type annotations removed); the TypeScript source: ${verified.how}`,
        }
      : verified;
  const otherVariants: PatternDetail['otherVariants'] = [];
  if (chosen.library) {
    otherVariants.push({ variant: 'main', preferWhen: library?.header.library?.preferHandwritten ?? '' });
  } else if (library?.header.library) {
    otherVariants.push({ variant: 'library', packages: packagesOf(library), preferWhen: library.header.library.preferLibrary });
  }
  const h = chosen.header;
  return {
    id,
    language,
    title: h.title,
    summary: h.summary,
    code: language === 'javascript' ? transpileToJavaScript(chosen.code, chosen.file) : chosen.code,
    variant: chosen.library ? 'library' : chosen.legacy ? 'legacy' : 'main',
    file: chosen.file,
    minimumVersions: h.minimum,
    apis: h.apis,
    pitfalls: h.pitfalls,
    relatedRules: h.rules,
    tags: h.tags,
    targetNotes,
    verification,
    ...(h.library ? { library: h.library } : {}),
    otherVariants,
  };
}
