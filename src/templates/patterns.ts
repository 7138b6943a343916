import { closestMatch, unknownValueMessage } from '../errors.js';
import {
  getTemplateRegistry,
  PATTERN_LANGUAGES,
  verificationFor,
  type PatternLanguage,
  type SourceLanguage,
  type TemplateFile,
  type TemplateRegistry,
  type VerificationStatus,
} from './registry.js';
import { transpileToJavaScript } from './transpile.js';
import { compareVersions, isVersion } from './versions.js';

export interface PatternTarget {
  python?: string;
  node?: string;
  ecmascript?: string;
  dotnet?: string;
  tokio?: string;
}

export interface PatternSummary {
  id: string;
  title: string;
  summary: string;
  languages: PatternLanguage[];
  tags: string[];
}

export interface PatternDetail {
  id: string;
  language: PatternLanguage;
  title: string;
  summary: string;
  code: string;
  /** `main`, or `legacy` when an older target needed the fallback variant. */
  variant: 'main' | 'legacy';
  file: string;
  minimumVersions: Record<string, string>;
  apis: string[];
  pitfalls: string[];
  relatedRules: string[];
  tags: string[];
  /** What the target means for this pattern (fallback advice, or why the target is below what we can offer). */
  targetNotes: string[];
  verification: { status: VerificationStatus; toolchain: string; how: string };
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
  return registry.templates.filter((t) => !t.legacy && (language === undefined || t.language === language));
}

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

/** Returns one pattern in one language, picking the fallback variant an older target needs. */
export function getPattern(
  options: { id: string; language: PatternLanguage; target?: PatternTarget },
  registry: TemplateRegistry = getTemplateRegistry(),
): PatternDetail {
  const { id, language } = options;
  if (!(PATTERN_LANGUAGES as readonly string[]).includes(language)) {
    throw new Error(unknownValueMessage('language', language, PATTERN_LANGUAGES));
  }
  const target = options.target ?? {};
  validateTarget(language, target);
  const source = sourceOf(language);
  const candidates = registry.templates.filter((t) => t.language === source);
  const main = candidates.find((t) => !t.legacy && t.header.id === id);
  if (!main) {
    const known = mainTemplates(registry, source).map((t) => t.header.id);
    const near = closestMatch(id, known);
    throw new Error(
      `Unknown pattern "${id}" for ${language}. Known: ${known.join(', ')}.${near ? ` Closest: "${near}".` : ''}`,
    );
  }

  let chosen = main;
  const targetNotes: string[] = [];
  const missing = shortfalls(main, language, target);
  if (missing.length > 0) {
    const legacy = candidates.find((t) => t.legacy && t.header.id === id && shortfalls(t, language, target).length === 0);
    const needs = missing.map((m) => `${m.runtime} ${m.minimum} (target: ${m.target})`).join(', ');
    if (legacy) {
      chosen = legacy;
      targetNotes.push(`The main template needs ${needs}; this is the fallback variant for older versions.`);
    } else {
      targetNotes.push(`This template needs ${needs}.`);
      for (const m of missing) {
        const advice = main.header.fallbacks.filter(
          (f) => f.runtime === m.runtime && compareVersions(m.target, f.version) >= 0,
        );
        if (advice.length > 0) for (const f of advice) targetNotes.push(`For ${f.runtime} ${f.version}+: ${f.advice}`);
        else targetNotes.push(`No fallback is recorded for ${m.runtime} ${m.target}; upgrade to ${m.runtime} ${m.minimum} or later.`);
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
  const h = chosen.header;
  return {
    id,
    language,
    title: h.title,
    summary: h.summary,
    code: language === 'javascript' ? transpileToJavaScript(chosen.code, chosen.file) : chosen.code,
    variant: chosen.legacy ? 'legacy' : 'main',
    file: chosen.file,
    minimumVersions: h.minimum,
    apis: h.apis,
    pitfalls: h.pitfalls,
    relatedRules: h.rules,
    tags: h.tags,
    targetNotes,
    verification,
  };
}
