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
export function verificationFor(
  registry: TemplateRegistry,
  template: TemplateFile,
): { status: VerificationStatus; toolchain: string; how: string } {
  const record = registry.verification[template.file];
  if (!record) return { status: 'unverified', toolchain: 'none', how: 'no verification record for this file' };
  if (record.sha256 !== template.sha256) {
    return { status: 'unverified', toolchain: record.toolchain, how: 'the file changed after it was last verified' };
  }
  if (record.status === 'failed') return { status: 'unverified', toolchain: record.toolchain, how: `verification failed: ${record.how}` };
  return { status: record.status, toolchain: record.toolchain, how: record.how };
}
