import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packagePath } from '../paths.js';
import { loadContracts, type PatternContract } from './contracts.js';
import { parseTemplateHeaderOrThrow, type TemplateHeader } from './header.js';

/** Languages a pattern can be asked for. JavaScript is derived from the TypeScript template. */
export const PATTERN_LANGUAGES = ['python', 'typescript', 'javascript', 'csharp', 'rust'] as const;
export type PatternLanguage = (typeof PATTERN_LANGUAGES)[number];
export type SourceLanguage = Exclude<PatternLanguage, 'javascript'>;

interface SourceSpec {
  ext: string;
  comment: '#' | '//';
}

export const SOURCE_SPECS: Readonly<Record<SourceLanguage, SourceSpec>> = {
  python: { ext: '.py', comment: '#' },
  typescript: { ext: '.ts', comment: '//' },
  csharp: { ext: '.cs', comment: '//' },
  rust: { ext: '.rs', comment: '//' },
};

export type VerificationStatus = 'executed' | 'compiled' | 'unverified';

/** One run of a template's code: the exact runtime versions (keys as in the header's `minimum`) and what ran. */
export interface RuntimeRun {
  versions: Record<string, string>;
  by: string;
}

/** A compiler or type checker that accepted the file, and what it checked against. */
export interface CheckRun {
  tool: string;
  version: string;
  target: string;
}

/** The outcome per contract item id (templates/contracts/README.md). */
export interface ContractOutcome {
  passed: string[];
  failed: string[];
  unmet: string[];
}

/** One file's entry in templates/verification.json (format: templates/README.md, "Verification records"). */
export interface VerificationRecord {
  status: 'executed' | 'compiled' | 'failed' | 'unverified';
  toolchain: string;
  how: string;
  sha256: string;
  ranOn?: RuntimeRun[];
  checked?: CheckRun[];
  contract?: ContractOutcome;
}

export interface TemplateFile {
  language: SourceLanguage;
  /** Path relative to the package root, `/`-separated: `templates/python/timeout.py`. */
  file: string;
  /** An older-runtime variant (`legacy/`). */
  legacy: boolean;
  /** A library-backed variant (`library/`); its header carries `library`. */
  library: boolean;
  header: TemplateHeader;
  code: string;
  sha256: string;
}

export interface TemplateRegistry {
  templates: TemplateFile[];
  verification: Record<string, VerificationRecord>;
  /** By pattern id (templates/contracts/<id>.json). */
  contracts: Record<string, PatternContract>;
}

export const VERIFICATION_FILE = 'templates/verification.json';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function readLanguage(root: string, language: SourceLanguage): TemplateFile[] {
  const spec = SOURCE_SPECS[language];
  const out: TemplateFile[] = [];
  for (const sub of ['', 'legacy', 'library']) {
    const dir = path.join(root, 'templates', language, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith(spec.ext)) continue;
      const file = ['templates', language, sub, name].filter(Boolean).join('/');
      const code = readFileSync(path.join(root, file), 'utf8');
      const header = parseTemplateHeaderOrThrow(code, spec.comment, file);
      const stem = name.slice(0, -spec.ext.length);
      if (header.id !== stem) throw new Error(`${file}: header id "${header.id}" must equal the file name "${stem}"`);
      const library = sub === 'library';
      if (library !== (header.library !== undefined)) {
        throw new Error(`${file}: ${library ? 'a file under library/ needs' : 'only files under library/ may have'} a "library:" header line`);
      }
      out.push({ language, file, legacy: sub === 'legacy', library, header, code, sha256: sha256Hex(code) });
    }
  }
  return out;
}

/** Reads every template and the verification records below `root` (default: the package). */
export function loadTemplateRegistry(root: string = packagePath()): TemplateRegistry {
  const templates = (Object.keys(SOURCE_SPECS) as SourceLanguage[]).flatMap((l) => readLanguage(root, l));
  const verificationPath = path.join(root, VERIFICATION_FILE);
  const verification = existsSync(verificationPath)
    ? (JSON.parse(readFileSync(verificationPath, 'utf8')) as Record<string, VerificationRecord>)
    : {};
  const contracts = loadContracts(root);
  for (const t of templates) {
    const contract = contracts[t.header.id];
    for (const { item } of t.header.unmet) {
      if (!contract) throw new Error(`${t.file}: declares unmet "${item}" but there is no contract for "${t.header.id}"`);
      if (!contract.items.some((i) => i.id === item)) {
        const known = contract.items.map((i) => i.id).join(', ');
        throw new Error(`${t.file}: unmet "${item}" is not an item of the ${t.header.id} contract. Known: ${known}`);
      }
    }
  }
  return { templates, verification, contracts };
}

let cached: TemplateRegistry | undefined;

/** The package's templates, read on first use. */
export function getTemplateRegistry(): TemplateRegistry {
  cached ??= loadTemplateRegistry();
  return cached;
}

/**
 * What the test suite established for a file. A record counts only while the file is byte-identical to what was
 * verified: an edited template is "unverified" until the verification script runs again.
 */
/** A contract outcome as get_pattern serves it: unmet items come with the template's reason. */
export interface ServedContract {
  passed: string[];
  failed: string[];
  unmet: Array<{ item: string; reason: string }>;
}

/** What get_pattern and the README say about one file's verification. */
export interface ServedVerification {
  status: VerificationStatus;
  toolchain: string;
  how: string;
  /** "executed on X" or "executed on X; compiled/type-checked for minimum Y" (templates/README.md). */
  provenance?: string;
  contract?: ServedContract;
}

export function verificationFor(registry: TemplateRegistry, template: TemplateFile): ServedVerification {
  const record = registry.verification[template.file];
  if (!record) return { status: 'unverified', toolchain: 'none', how: 'no verification record for this file' };
  if (record.sha256 !== template.sha256) {
    return { status: 'unverified', toolchain: record.toolchain, how: 'the file changed after it was last verified' };
  }
  if (record.status === 'failed') return { status: 'unverified', toolchain: record.toolchain, how: `verification failed: ${record.how}` };
  const provenance = provenanceOf(record, template);
  return {
    status: record.status,
    toolchain: record.toolchain,
    how: record.how,
    ...(provenance ? { provenance } : {}),
    ...(record.contract ? { contract: contractView(record.contract, template) } : {}),
  };
}

/** The contract outcome as served: item ids that passed, and each unmet item with the template's reason. */
function contractView(outcome: ContractOutcome, template: TemplateFile): ServedContract {
  return {
    passed: outcome.passed,
    failed: outcome.failed,
    unmet: template.header.unmet.map((u) => ({ item: u.item, reason: u.reason })),
  };
}

const majorMinor = (version: string): string => [...version.split('.'), '0'].slice(0, 2).join('.');

/**
 * "executed on python 3.8.18, 3.11.7" from the record's runs; when no run of a runtime is at the header's minimum
 * (same major.minor), "executed on X; compiled/type-checked for minimum Y" with the checks that cover Y.
 */
export function provenanceOf(record: VerificationRecord, template: TemplateFile): string | undefined {
  const runs = record.ranOn ?? [];
  if (runs.length === 0 && (record.checked ?? []).length === 0) return undefined;
  const ran = new Map<string, string[]>();
  for (const r of runs) {
    for (const [runtime, version] of Object.entries(r.versions)) {
      const list = ran.get(runtime) ?? [];
      if (!list.includes(version)) list.push(version);
      ran.set(runtime, list);
    }
  }
  const executed = [...ran].map(([runtime, versions]) => `${runtime} ${versions.join(', ')}`).join('; ');
  const short = Object.entries(template.header.minimum).filter(([runtime, minimum]) => {
    const versions = ran.get(runtime);
    return versions !== undefined && !versions.some((v) => majorMinor(v) === majorMinor(minimum));
  });
  const notRun = Object.entries(template.header.minimum).filter(([runtime]) => ran.size > 0 && (runtime === 'python' || runtime === 'node') && !ran.has(runtime));
  const gaps = [...short, ...notRun];
  const head = runs.length > 0 ? `executed on ${executed}` : 'not executed';
  if (gaps.length === 0) return head;
  const checks = (record.checked ?? []).map((c) => `${c.tool} ${c.version} (${c.target})`).join(', ');
  const minimum = gaps.map(([runtime, version]) => `${runtime} ${version}`).join(', ');
  return `${head}; ${checks ? `compiled/type-checked for minimum ${minimum} by ${checks}` : `not run or checked at minimum ${minimum}`}`;
}
