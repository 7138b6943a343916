import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { catalogLanguages, verifyApi, type ApiTarget, type ApiVerdict } from '../../catalog/index.js';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { isInsideRoots, resolveInRoots, RootsError, type Roots } from '../../workspace/roots.js';
import type { ServerContext } from '../context.js';
import { enumWithHelp, READ_ONLY_ANNOTATIONS, structuredResult } from './tool-result.js';

export const MAX_SYMBOLS = 100;
/** Longer than any real qualified name; bounds the work a single lookup can cause. */
export const MAX_SYMBOL_CHARS = 300;

export const targetSchema = z
  .object({
    python: z.string().optional().describe('Python version, e.g. "3.10".'),
    node: z.string().optional().describe('Node.js version: a major ("20") or a release ("20.3.0").'),
    ecmascript: z.string().optional().describe('ECMAScript edition, "ES2015" to "ES2025" or "ESNext".'),
    dotnet: z.string().optional().describe('.NET version, e.g. "8".'),
    tokio: z.string().optional().describe('tokio crate version, e.g. "1.24".'),
    futures: z.string().optional().describe('futures crate version, e.g. "0.3.21".'),
    'tokio-util': z.string().optional().describe('tokio-util crate version, e.g. "0.7".'),
  })
  .strict();

export const inputSchema = {
  language: enumWithHelp('language', catalogLanguages).describe(
    'Catalog to ask: python (asyncio and friends), javascript or typescript (built-ins and web globals), node (Node modules; web globals too), csharp, rust.',
  ),
  symbol: z.string().max(MAX_SYMBOL_CHARS).optional().describe(
    'One symbol in its natural spelling: "asyncio.timeout", "Promise.withResolvers", "promise.finally", "events.once", "timers/promises.setTimeout", "Task.WhenAll", "tokio::time::timeout".',
  ),
  symbols: z.array(z.string().max(MAX_SYMBOL_CHARS)).max(MAX_SYMBOLS).optional().describe(
    `Several symbols at once (up to ${MAX_SYMBOLS}); the answer is { results: [...] } in the same order. Give symbol or symbols, not both.`,
  ),
  target: targetSchema.optional().describe(
    'Versions the code must run on; an API newer than the target answers too_new. Without it, the latest version is assumed.',
  ),
  project: z.string().max(1000).optional().describe(
    'A folder or file inside a root whose installed dependencies answer for third-party symbols (default: the first root). Relative to a root or absolute inside one.',
  ),
};

const sinceSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

export const verdictSchema = z.object({
  status: z.enum(['verified', 'not_found', 'too_new', 'removed', 'cannot_verify']),
  symbol: z.string().describe('Canonical id when found, otherwise the symbol as asked.'),
  language: z.string(),
  kind: z.string().optional(),
  summary: z.string().optional(),
  since: sinceSchema.optional().describe('First version per axis, as a source dates it; Node lists one release per line (backports).'),
  atOrBefore: z.record(z.string(), z.string()).optional().describe(
    'Present in this version, the oldest the catalog checks, and dated by no source: it may be older. Not a "since".',
  ),
  noVersion: z.record(z.string(), z.string()).optional().describe('Axes on which no version applies, with the reason.'),
  caveats: z.record(z.string(), z.string()).optional().describe('Support caveats per axis (partial implementation, behind a flag).'),
  unavailable: z.record(z.string(), z.string()).optional().describe('Axes on which a source says it is not available at all, with the reason.'),
  deprecated: z.object({ since: z.record(z.string(), z.string()).optional(), message: z.string() }).optional(),
  removed: z.record(z.string(), z.string()).optional(),
  experimental: z.boolean().optional(),
  platforms: z.array(z.string()).optional(),
  signature: z.array(z.string()).optional(),
  parameters: z.array(z.string()).optional(),
  docUrl: z.string().optional(),
  provenance: z
    .array(z.object({
      source: z.string(), name: z.string().optional(), version: z.string().optional(), license: z.string().optional(),
      file: z.string().optional(), fields: z.array(z.string()),
    }))
    .optional(),
  notes: z.array(z.string()).optional(),
  via: z.string().optional().describe('How the spelling asked reached the entry (inherited member, type of a value, alias).'),
  scope: z.object({ id: z.string(), source: z.string(), rule: z.string() }).optional().describe(
    'For not_found: the scope enumerated completely that lacks the name, and where that completeness comes from.',
  ),
  checkedThrough: z.record(z.string(), z.string()).optional().describe('For not_found: the newest version each source was read through.'),
  suggestions: z.array(z.string()).optional(),
  coverage: z.string().optional(),
  reason: z.string().optional(),
  package: z.object({ name: z.string(), version: z.string() }).optional().describe('The installed package that answered (third-party symbols); provenance names the file read.'),
});

/** A single symbol answers with the verdict's fields at the top level; `symbols` answers `{ results }`. */
export const outputSchema = {
  ...verdictSchema.partial().shape,
  results: z.array(verdictSchema).optional(),
};

export const name = 'verify_api';

export const config = {
  title: 'Verify an async API',
  description: [
    'Checks whether an API really exists before you use it, against facts derived from authoritative type',
    'definitions (TypeScript libs, @types/node 20/22/24, typeshed, .NET reference packs, tokio/futures).',
    'Answers status verified | too_new (exists, but after the target version) | removed | not_found (only inside a',
    'scope enumerated completely from its source, with up to 3 real suggestions) | cannot_verify (anywhere else:',
    'the answer says why and what is covered), plus since (or atOrBefore: present in the oldest version checked, may',
    'be older), deprecation, signature, doc URL and provenance.',
    'Third-party packages: when the server can read the project (its roots), a symbol whose first segment names a',
    'dependency installed there ("p-map.pMapIterable", "undici.Agent.prototype.request", "httpx.AsyncClient.aclose")',
    'is checked against the installed version\'s own declarations (node_modules types or @types, the virtualenv\'s',
    'site-packages, the crate source of the Cargo.lock version from vendor/ or the cargo registry: "reqwest::Client::get",',
    'the XML docs of the referenced NuGet version: "Polly.ResiliencePipelineBuilder.AddRetry")',
    'and answers with package { name, version } and the file read; not_found only when those',
    'declarations are complete and closed and the package\'s own JavaScript neither names the member nor adds members under computed names; otherwise cannot_verify, with the reason.',
    'Call it for any API you are not certain of, or that depends on a version (Promise.withResolvers,',
    'asyncio.TaskGroup, AbortSignal.any), and for third-party calls you are unsure the installed version has.',
    'Examples: { "language": "python", "symbol": "asyncio.timeout", "target": { "python": "3.10" } };',
    '{ "language": "node", "symbols": ["events.once", "AbortSignal.any"], "target": { "node": "20" } }.',
  ].join(' '),
  inputSchema,
  outputSchema,
  annotations: READ_ONLY_ANNOTATIONS,
};

/** "Read from p-map 7.1.1 as installed (node_modules/p-map/index.d.ts)." for a third-party answer, else empty. */
function installedLine(v: ApiVerdict & { package?: { name: string; version: string } }): string {
  if (!v.package) return '';
  const file = v.provenance?.[0]?.file;
  return `Read from ${v.package.name} ${v.package.version} as installed${file ? ` (${file})` : ''}.`;
}

/** One line per verdict for clients that show only text. */
export function verdictLine(v: ApiVerdict): string {
  const dated = [
    ...Object.entries(v.since ?? {}).map(([k, s]) => `since ${k} ${Array.isArray(s) ? s.join(' / ') : s}`),
    ...Object.entries(v.atOrBefore ?? {}).map(([k, s]) => `at or before ${k} ${s}`),
  ];
  const since = dated.length ? ` ${dated.join(', ')}` : '';
  const extra = [
    v.deprecated ? `deprecated: ${v.deprecated.message}` : '',
    v.via ?? '',
    ...Object.entries(v.caveats ?? {}).map(([k, c]) => `${k}: ${c}`),
    v.suggestions?.length ? `did you mean ${v.suggestions.join(', ')}?` : '',
    v.reason ?? '',
    v.status === 'cannot_verify' && v.coverage ? `Covered: ${v.coverage}` : '',
    v.docUrl ? `Docs: ${v.docUrl}` : '',
    installedLine(v),
  ].filter((s) => s.length > 0);
  return `${v.symbol} (${v.language}): ${v.status}${since}${extra.length ? `. ${extra.join(' ')}` : ''}`;
}

/** The tool's logic without MCP: checks the symbol/symbols choice, then asks the catalog. */
export function runVerifyApi(args: { language: string; symbol?: string; symbols?: string[]; target?: ApiTarget }) {
  const hasOne = args.symbol !== undefined;
  const hasMany = args.symbols !== undefined;
  if (hasOne === hasMany) {
    throw new Error('Give exactly one of "symbol" (a string) or "symbols" (an array of 1 to 100 strings).');
  }
  if (hasMany) {
    const list = args.symbols ?? [];
    if (list.length === 0 || list.length > MAX_SYMBOLS) {
      throw new Error(`"symbols" must hold 1 to ${MAX_SYMBOLS} symbols, received ${list.length}.`);
    }
    return { results: list.map((s) => verifyApi(args.language, s, args.target)) };
  }
  return verifyApi(args.language, args.symbol ?? '', args.target);
}

/** Where installed dependencies are read from: the `project` folder (or a file's folder) inside a root, and that root. */
export function projectFolder(roots: Roots, project: string | undefined): { from: string; stopAt: string } {
  const resolved = project === undefined ? roots.dirs[0] : resolveInRoots(project, roots);
  if (resolved === undefined) throw new RootsError(`project "${project}" does not exist in the roots (${roots.dirs.map((d) => `"${d}"`).join(', ')})`);
  const from = statSync(resolved).isDirectory() ? resolved : dirname(resolved);
  const stopAt = roots.dirs.find((d) => isInsideRoots(from, { ...roots, dirs: [d] }))!;
  return { from, stopAt };
}

/**
 * verify_api with the project: each symbol is first offered to the installed dependencies (when roots are readable),
 * then to the catalog. Without roots (an HTTP server without --root) only the catalog answers.
 */
export async function runVerifyApiInProject(
  args: { language: string; symbol?: string; symbols?: string[]; target?: ApiTarget; project?: string },
  roots: Roots | undefined,
) {
  const answer = runVerifyApi(args); // checks the arguments and gives the catalog's word for each symbol
  if (roots === undefined || roots.dirs.length === 0) return answer;
  const { from, stopAt } = projectFolder(roots, args.project);
  const one = async (symbol: string, fallback: ApiVerdict): Promise<ApiVerdict> => {
    // Loaded on call: the installed-package readers pull in ts-morph and tree-sitter, which `initialize` does not need.
    const { verifyInstalled } = await import('../../workspace/packages.js');
    const installed = await verifyInstalled({ language: args.language, symbol, from, stopAt });
    if (!installed) return fallback;
    const { stats: _stats, ...verdict } = installed;
    return verdict;
  };
  if ('results' in answer) {
    const results: ApiVerdict[] = [];
    // One after another: symbols of one package share what the first read (and the budget).
    for (const [i, v] of answer.results.entries()) results.push(await one(args.symbols![i]!, v));
    return { results };
  }
  return one(args.symbol!, answer);
}

export function registerVerifyApi(server: McpServer, ctx: ServerContext): void {
  server.registerTool(name, config, async (args) => {
    let roots: Roots | undefined;
    try {
      roots = ctx.roots ? await ctx.roots() : undefined;
    } catch (error) {
      if (!(error instanceof RootsError)) throw error;
      roots = undefined; // no file access (HTTP without --root): the catalog alone answers
    }
    const answer = await runVerifyApiInProject(args, roots);
    const text = 'results' in answer ? answer.results.map(verdictLine).join('\n') : verdictLine(answer);
    return structuredResult({ ...answer }, text);
  });
}
