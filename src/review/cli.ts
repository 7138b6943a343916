/** `async-expert-mcp review [options] <files|dirs|globs>`: the reviewer on files, for people and CI. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { summarize, type Finding, type ReviewTarget } from './finding.js';
import { expandGlob, isGlob, isSourceFile, relativePath, walkDir } from './files.js';
import { formatJson } from './format/json.js';
import { formatSarif, type SarifRule } from './format/sarif.js';
import { formatText } from './format/text.js';
import type { ReviewReport } from './format/types.js';
import { MAX_CODE_BYTES } from './index.js';
import type { FileReview, LanguageReviewer } from './language.js';
import { entryForFile, LANGUAGE_ENTRIES, languageLabels, type LanguageEntry } from './languages.js';
import { packageRootOf, projectTarget } from './project-target.js';
import { normaliseTarget } from './target.js';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const REVIEW_USAGE = `Usage: async-expert-mcp review [options] <files|dirs|globs...>

Reviews ${languageLabels()} files for async bugs and invented or too-new APIs.
Directories are walked for ${LANGUAGE_ENTRIES.flatMap((e) => e.extensions).join(' ')} (skipping node_modules, dist, .git);
globs support **, *, ? and {a,b} (quote them so the shell does not expand them).

Options:
  --format text|json|sarif     output format (default: text)
  --target-node N              Node version the code must run on (default: the oldest the nearest
                               package.json's engines.node admits, else 20)
  --target-ecmascript ES20XX   ECMAScript edition the code must run on
  --target-python 3.X          Python version the code must run on (default: 3.11)
  --target-dotnet N            .NET major version the code must run on (default: 8)
  --target-tokio 1.X           tokio version Rust code builds against (default: none, too-new-api silent)
  --rules a,b                  only these rules (default: all)
  -h, --help                   show this help

Exit status: 0 no error-severity findings, 1 error findings, 2 usage or I/O error.
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

interface Options {
  format: Format;
  target: ReviewTarget;
  rules?: string[];
  inputs: string[];
  help: boolean;
}

function parseArgs(args: readonly string[]): Options {
  const opts: Options = { format: 'text', target: {}, inputs: [], help: false };
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
    if (opts.inputs.length === 0) throw new UsageError('Name at least one file, directory or glob to review.');
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

  const { files: found, ioError: missing } = collectFiles(opts.inputs, io.cwd, io);
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
  if (files.length === 0) {
    io.stderr(`async-expert-mcp review: no ${languageLabels()} files to review.\n`);
    return 2;
  }

  // Without target flags, each project is reviewed against what it declares (package.json engines.node).
  const explicit = opts.target.node !== undefined || opts.target.ecmascript !== undefined;
  const groups = new Map<string | undefined, string[]>();
  for (const f of files) {
    const root = explicit ? undefined : packageRootOf(dirname(f));
    groups.set(root, [...(groups.get(root) ?? []), f]);
  }
  const reviews: FileReview[] = [];
  try {
    for (const [root, group] of groups) {
      const groupTarget = root === undefined ? target : { ...target, ...projectTarget(root).target };
      for (const { entry, reviewer } of reviewers) {
        const mine = group.filter((f) => entryForFile(f) === entry);
        if (mine.length > 0) reviews.push(...(await reviewer.reviewFiles(mine, groupTarget, selected.get(entry))));
      }
    }
    reviews.sort((a, b) => a.path.localeCompare(b.path));
  } catch (err) {
    io.stderr(`async-expert-mcp review: ${(err as Error).message}\n`);
    return 2;
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
  return report.summary.bySeverity.error > 0 ? 1 : 0;
}
