/** `async-expert-mcp review [options] <files|dirs|globs>`: the reviewer on files, for people and CI. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { changedLines, isChangedLine } from '../workspace/git-diff.js';
import { summarize, type Finding, type ReviewTarget } from './finding.js';
import { expandGlob, isGlob, isSourceFile, relativePath, walkDir } from './files.js';
import { formatJson } from './format/json.js';
import { formatSarif, type SarifRule } from './format/sarif.js';
import { formatText } from './format/text.js';
import type { ReviewReport } from './format/types.js';
import { MAX_CODE_BYTES } from './index.js';
import type { FileReview, LanguageReviewer } from './language.js';
import { entryForFile, LANGUAGE_ENTRIES, languageLabels, type LanguageEntry } from './languages.js';
import { planBatches, reviewFileBatch } from './paths.js';
import { normaliseTarget } from './target.js';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** When true (stderr is a terminal), a progress line is drawn on stderr; never on stdout, never when piped. */
  stderrIsTTY?: boolean;
}

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const REVIEW_USAGE = `Usage: async-expert-mcp review [options] <files|dirs|globs...>
       async-expert-mcp review --changed [--base REF] [paths...]

Reviews ${languageLabels()} files for async bugs and invented or too-new APIs.
Directories are walked for ${LANGUAGE_ENTRIES.flatMap((e) => e.extensions).join(' ')} (skipping node_modules, dist, .git);
globs support **, *, ? and {a,b} (quote them so the shell does not expand them).

Options:
  --format text|json|sarif     output format (default: text)
  --target-node N              Node version the code must run on (default: the oldest the nearest
                               package.json engines.node admits, else .nvmrc / .node-version, else 20)
  --target-ecmascript ES20XX   ECMAScript edition the code must run on (default: tsconfig.json target/lib)
  --target-python 3.X          Python version the code must run on (default: pyproject.toml requires-python,
                               .python-version or setup.cfg python_requires, else 3.11)
  --target-dotnet N            .NET major version the code must run on (default: the nearest .csproj
                               TargetFramework(s), else 8)
  --target-tokio 1.X           tokio version Rust code builds against (default: Cargo.lock, else Cargo.toml,
                               else the support calendar's default tokio line)
  --rules a,b                  only these rules (default: all)
  --changed                    review only lines added or changed in the git working tree and index
                               (untracked files count whole); paths, if given, narrow it
  --base REF                   with --changed: compare against this ref (default: HEAD)
  --fail-on error|warning      lowest severity that fails the run (default: error)
  --max-warnings N             also fail when there are more than N warnings
  -h, --help                   show this help

Exit status: 0 passed, 1 failed the gate (findings at or above --fail-on, or more than --max-warnings
warnings), 2 usage or I/O error.
`;

class UsageError extends Error {}

/** This package's version for the SARIF driver: src/review and dist/review are both two levels below the root. */
function packageVersion(): string | undefined {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version?: string }).version;
  } catch {
    return undefined;
  }
}

const FAIL_ON = ['error', 'warning'] as const;

interface Options {
  format: Format;
  target: ReviewTarget;
  rules?: string[];
  inputs: string[];
  help: boolean;
  changed: boolean;
  base?: string;
  failOn: (typeof FAIL_ON)[number];
  maxWarnings?: number;
}

function parseArgs(args: readonly string[]): Options {
  const opts: Options = { format: 'text', target: {}, inputs: [], help: false, changed: false, failOn: 'error' };
  const value = (i: number, flag: string): string => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    let arg = args[i]!;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, arg);
      i += 1;
      return v;
    };
    switch (arg) {
      case '-h':
      case '--help':
        opts.help = true;
        break;
      case '--format': {
        const f = take();
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`Unknown format "${f}". Allowed: ${FORMATS.join(', ')}`);
        opts.format = f as Format;
        break;
      }
      case '--target-node':
        opts.target.node = take();
        break;
      case '--target-ecmascript':
        opts.target.ecmascript = take();
        break;
      case '--target-python':
        opts.target.python = take();
        break;
      case '--target-dotnet':
        opts.target.dotnet = take();
        break;
      case '--target-tokio':
        opts.target.tokio = take();
        break;
      case '--rules':
        opts.rules = take().split(',').map((r) => r.trim()).filter(Boolean);
        break;
      case '--changed':
        opts.changed = true;
        break;
      case '--base':
        opts.base = take();
        break;
      case '--fail-on': {
        const f = take();
        if (!(FAIL_ON as readonly string[]).includes(f)) throw new UsageError(`Unknown --fail-on "${f}". Allowed: ${FAIL_ON.join(', ')}`);
        opts.failOn = f as Options['failOn'];
        break;
      }
      case '--max-warnings': {
        const n = take();
        if (!/^\d{1,9}$/.test(n)) throw new UsageError(`--max-warnings must be a whole number from 0 to 999999999; got "${n}"`);
        opts.maxWarnings = Number(n);
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`Unknown option "${arg}". Run with --help for the options.`);
        opts.inputs.push(arg);
    }
  }
  return opts;
}

/** Files to review, in a stable order; unreadable inputs are reported on stderr. */
function collectFiles(inputs: readonly string[], cwd: string, io: CliIo): { files: string[]; ioError: boolean } {
  const files = new Set<string>();
  let ioError = false;
  for (const input of inputs) {
    const full = resolve(cwd, input);
    if (existsSync(full)) {
      const st = statSync(full);
      if (st.isDirectory()) walkDir(full).forEach((f) => files.add(f));
      else if (isSourceFile(full)) files.add(full);
      else io.stderr(`${input}: not a ${languageLabels()} file; skipped\n`);
    } else if (isGlob(input)) {
      const matched = expandGlob(input, cwd);
      if (matched.length === 0) io.stderr(`${input}: no files match\n`);
      matched.forEach((f) => files.add(f));
    } else {
      io.stderr(`${input}: no such file or directory\n`);
      ioError = true;
    }
  }
  return { files: [...files].sort(), ioError };
}

/** Every language's reviewer, loaded once per CLI run, in the dispatcher's order. */
async function loadReviewers(): Promise<Array<{ entry: LanguageEntry; reviewer: LanguageReviewer }>> {
  return Promise.all(LANGUAGE_ENTRIES.map(async (entry) => ({ entry, reviewer: await entry.load() })));
}

/** Runs the review subcommand; returns the exit status. */
export async function runReviewCli(args: string[], io: CliIo): Promise<number> {
  let opts: Options;
  let target: ReviewTarget;
  const reviewers = await loadReviewers();
  /** The ids of `--rules` that each language knows (undefined: all of its rules). */
  const selected = new Map<LanguageEntry, string[] | undefined>();
  try {
    opts = parseArgs(args);
    if (opts.help) {
      io.stdout(REVIEW_USAGE);
      return 0;
    }
    if (opts.inputs.length === 0 && !opts.changed) throw new UsageError('Name at least one file, directory or glob to review (or use --changed).');
    if (opts.base !== undefined && !opts.changed) throw new UsageError('--base only applies with --changed');
    // One --rules list serves every language: each id must be known to one of them.
    const known = [...new Set(reviewers.flatMap(({ reviewer }) => reviewer.rules.map((r) => r.id)))];
    if (opts.rules) {
      const unknown = opts.rules.filter((id) => !known.includes(id));
      if (unknown.length > 0) throw new UsageError(`Unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}. Known: ${known.join(', ')}`);
    }
    for (const { entry, reviewer } of reviewers) {
      const ids = reviewer.rules.map((r) => r.id);
      selected.set(entry, opts.rules?.filter((id) => ids.includes(id)));
    }
    target = normaliseTarget(opts.target);
  } catch (err) {
    io.stderr(`async-expert-mcp review: ${(err as Error).message}\n\n${REVIEW_USAGE}`);
    return 2;
  }

  let changed: Map<string, Set<number>> | undefined;
  let found: string[];
  let missing = false;
  if (opts.changed) {
    try {
      changed = (await changedLines(io.cwd, opts.base, opts.inputs)).lines;
    } catch (err) {
      io.stderr(`async-expert-mcp review: ${(err as Error).message}\n`);
      return 2;
    }
    found = [...changed.keys()].filter((f) => isSourceFile(f) && existsSync(f)).sort();
    if (found.length === 0) {
      // Nothing reviewable changed: a pass, reported in the chosen format.
      io.stderr(`async-expert-mcp review: no changed ${languageLabels()} files against ${opts.base ?? 'HEAD'}.\n`);
    }
  } else ({ files: found, ioError: missing } = collectFiles(opts.inputs, io.cwd, io));
  let ioError = missing;
  const files: string[] = [];
  for (const f of found) {
    try {
      const text = readFileSync(f, 'utf8');
      if (Buffer.byteLength(text) > MAX_CODE_BYTES) io.stderr(`${relativePath(io.cwd, f)}: larger than ${MAX_CODE_BYTES} bytes (512 KB), probably generated; skipped\n`);
      else if (text.includes('\u0000')) io.stderr(`${relativePath(io.cwd, f)}: contains NUL bytes, not source text; skipped\n`);
      else files.push(f);
    } catch (err) {
      io.stderr(`${relativePath(io.cwd, f)}: cannot read: ${(err as Error).message}\n`);
      ioError = true;
    }
  }
  if (files.length === 0 && !opts.changed) {
    io.stderr(`async-expert-mcp review: no ${languageLabels()} files to review.\n`);
    return 2;
  }

  // Each axis the flags leave open comes from the project around each file (package.json, tsconfig.json,
  // pyproject.toml, .csproj...).
  const explicit = Object.values(opts.target).some((v) => v !== undefined) ? target : undefined;
  const progress = io.stderrIsTTY === true;
  // Batches exist only to move the TTY progress line: each TS/JS batch builds its own Project and parses the lib
  // and @types files again (about a second each), so without a terminal one batch per language and target.
  const batchSize = progress ? 25 : undefined;
  const batches = planBatches(files, { ...(explicit ? { target: explicit } : {}), ...(opts.rules ? { rules: opts.rules } : {}), ...(batchSize ? { batchSize } : {}) });
  const reviews: FileReview[] = [];
  try {
    for (const batch of batches) {
      if (progress) io.stderr(`\rasync-expert-mcp review: ${reviews.length}/${files.length} files`);
      reviews.push(...(await reviewFileBatch(batch)));
    }
    if (progress) io.stderr('\r\u001b[K');
    reviews.sort((a, b) => a.path.localeCompare(b.path));
  } catch (err) {
    if (progress) io.stderr('\r\u001b[K');
    io.stderr(`async-expert-mcp review: ${(err as Error).message}\n`);
    return 2;
  }
  if (changed) {
    // Whole files are reviewed (a finding needs its context); only findings on added or changed lines are kept.
    for (const r of reviews) r.findings = r.findings.filter((f) => isChangedLine(changed.get(r.path), f.line));
  }
  const all: Finding[] = reviews.flatMap((r) => r.findings);
  const suppressed = reviews.reduce((n, r) => n + r.suppressed, 0);
  const report: ReviewReport = {
    results: reviews.map((r) => ({ file: relativePath(io.cwd, r.path), findings: r.findings })),
    summary: { ...summarize(all, suppressed), files: reviews.length },
  };
  if (opts.format === 'json') io.stdout(formatJson(report));
  else if (opts.format === 'sarif') {
    // The selected rules of each language, with each language's own doc URI.
    const sarifRules: SarifRule[] = [];
    for (const { entry, reviewer } of reviewers) {
      if (entry.id !== 'typescript' && !files.some((f) => entryForFile(f) === entry)) continue; // TS/JS rules are always listed
      const ids = selected.get(entry);
      for (const meta of reviewer.rules) {
        if (ids && !ids.includes(meta.id)) continue;
        // TS/JS descriptors take their help link from the first finding of that id (a rule id shared with Python
        // then links the doc of the language that reported it); the other languages link their own doc.
        sarifRules.push(entry.id === 'typescript' ? meta : { ...meta, helpUri: reviewer.docsUri(meta.id) });
      }
    }
    io.stdout(formatSarif(report, sarifRules, io.cwd, packageVersion()));
  }
  else io.stdout(formatText(report));
  if (ioError) return 2;
  return gateFails(report.summary.bySeverity, opts) ? 1 : 0;
}

/** The CI gate: findings at or above --fail-on, or more warnings than --max-warnings, fail the run. */
function gateFails(counts: { error: number; warning: number }, opts: Pick<Options, 'failOn' | 'maxWarnings'>): boolean {
  if (counts.error > 0) return true;
  if (opts.failOn === 'warning' && counts.warning > 0) return true;
  return opts.maxWarnings !== undefined && counts.warning > opts.maxWarnings;
}
