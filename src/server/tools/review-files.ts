import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatText } from '../../review/format/text.js';
import { isSourceFile } from '../../review/files.js';
import { collectFiles } from '../../workspace/collect.js';
import { RootsError } from '../../workspace/roots.js';
import type { ServerContext } from '../context.js';
import { reviewFilesInRoots } from '../file-review.js';
import { findingSchema, inputSchema as reviewCodeInput } from './review-code.js';
import { READ_ONLY_ANNOTATIONS, structuredResult } from './tool-result.js';

export const inputSchema = {
  paths: z
    .array(z.string().min(1).max(1000))
    .min(1)
    .max(100)
    .describe('Files, directories or globs ("src/**/*.ts"), relative to a root or absolute inside one. At most 100 entries; directories skip node_modules, dist, .git and virtualenvs.'),
  target: reviewCodeInput.target.describe('Versions the code must run on. Omit to take each axis from the project (package.json engines.node, .nvmrc, tsconfig.json, pyproject.toml, .csproj); an axis given here wins.'),
  rules: reviewCodeInput.rules,
};

const targetSchema = z.object({ node: z.string().optional(), ecmascript: z.string().optional(), python: z.string().optional(), dotnet: z.string().optional() });

export const outputSchema = {
  results: z.array(
    z.object({
      file: z.string().describe('Relative to the root when there is one root, else absolute.'),
      findings: z.array(findingSchema),
      target: targetSchema.describe('The target this file was reviewed against.'),
      targetSource: z.record(z.string(), z.string()).describe('Per target axis taken from the project: the file and field it came from.'),
    }),
  ),
  summary: z.object({
    byRule: z.record(z.string(), z.number().int()),
    bySeverity: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
    suppressed: z.number().int(),
    files: z.number().int(),
  }),
  roots: z.object({ dirs: z.array(z.string()), source: z.enum(['cli', 'client', 'cwd']), note: z.string().optional() }).describe('The folders this server may read and where they came from.'),
  skipped: z.array(z.string()).describe('Paths left out and why (too large, not a reviewable language, no match).'),
};

export const name = 'review_files';

export const config = {
  title: 'Review project files',
  description: [
    'Reviews files of the project in place (TypeScript/JavaScript, Python, C#, and every language the reviewer knows)',
    'for async bugs, with the same findings as review_code, in the context of the project: its tsconfig, its installed',
    'types, and targets read from its manifests (each result says which file a target came from).',
    'Call it after editing files, instead of pasting their text into review_code. To check only what changed since a',
    'commit, use review_diff. Paths must lie inside the roots (the folders the client shared, or --root); anything',
    'outside, through "..", an absolute path or a symlink, is refused with an error naming the roots.',
    'Limits: 500 files, 512 KB per file (larger files are skipped and listed), 16 MB in total, and the review time',
    'budget. Example: { "paths": ["src/**/*.ts", "worker.py"] }.',
  ].join(' '),
  inputSchema,
  outputSchema,
  annotations: READ_ONLY_ANNOTATIONS,
};

export function registerReviewFiles(server: McpServer, ctx: ServerContext): void {
  server.registerTool(name, config, async ({ paths, target, rules }, extra) => {
    if (!ctx.roots) throw new RootsError('This server has no roots');
    const roots = await ctx.roots();
    const collected = collectFiles(paths, roots, isSourceFile);
    const review = await reviewFilesInRoots(ctx, extra, roots, collected.files, { ...(target ? { target } : {}), ...(rules ? { rules } : {}) });
    const text = formatText(review) + (roots.note ? `\n${roots.note}\n` : '') + collected.skipped.map((s) => `skipped ${s}\n`).join('');
    return structuredResult({ ...review, roots: { dirs: [...roots.dirs], source: roots.source, ...(roots.note ? { note: roots.note } : {}) }, skipped: collected.skipped }, text);
  });
}
