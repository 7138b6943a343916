import { existsSync, realpathSync, statSync } from 'node:fs';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatText } from '../../review/format/text.js';
import { isSourceFile } from '../../review/files.js';
import { changedLines, isChangedLine } from '../../workspace/git-diff.js';
import { DEFAULT_LIMITS, WorkspaceLimitError } from '../../workspace/limits.js';
import { isInsideRoots, RootsError, resolveInRoots } from '../../workspace/roots.js';
import type { ServerContext } from '../context.js';
import { reviewFilesInRoots } from '../file-review.js';
import { inputSchema as reviewFilesInput, outputSchema as reviewFilesOutput } from './review-files.js';
import { READ_ONLY_ANNOTATIONS, structuredResult } from './tool-result.js';

export const inputSchema = {
  base: z.string().min(1).max(200).optional().describe('The git ref to compare against: "HEAD" (default: what is not committed yet), "main", "HEAD~3", a hash.'),
  paths: z.array(z.string().min(1).max(1000)).max(100).optional().describe('Narrow the diff to these files or directories (inside the roots). Omit for every change.'),
  target: reviewFilesInput.target,
  rules: reviewFilesInput.rules,
};

export const outputSchema = {
  ...reviewFilesOutput,
  base: z.string().describe('The commit compared against, as a full hash.'),
};

export const name = 'review_diff';

export const config = {
  title: 'Review changed lines',
  description: [
    'Reviews what changed in the git working tree and index against a base ref (default HEAD), and reports findings',
    'only on lines added or changed (untracked files count whole), so you can check exactly what you just wrote.',
    'Whole files are reviewed for context, with project targets and types as in review_files. Call it after a round',
    'of edits and before committing; use review_files to review files whole. Each root that is a git work tree is',
    'diffed; git runs read-only. Limits as review_files (500 files, 512 KB each, 16 MB total, the time budget).',
    'Example: { "base": "main" }.',
  ].join(' '),
  inputSchema,
  outputSchema,
  annotations: READ_ONLY_ANNOTATIONS,
};

export function registerReviewDiff(server: McpServer, ctx: ServerContext): void {
  server.registerTool(name, config, async ({ base, paths, target, rules }, extra) => {
    if (!ctx.roots) throw new RootsError('This server has no roots');
    const roots = await ctx.roots();
    const narrowed = (paths ?? []).map((p) => {
      const real = resolveInRoots(p, roots);
      if (real === undefined) throw new RootsError(`Path "${p}" does not exist in the roots (${roots.dirs.map((d) => `"${d}"`).join(', ')})`);
      return real;
    });
    const changed = new Map<string, Set<number>>();
    let baseHash = '';
    for (const root of roots.dirs) {
      const mine = narrowed.filter((p) => isInsideRoots(p, { dirs: [root], source: roots.source }));
      if (narrowed.length > 0 && mine.length === 0) continue;
      const found = await changedLines(root, base, mine);
      baseHash ||= found.base;
      for (const [file, lines] of found.lines) changed.set(file, lines);
    }
    const skipped: string[] = [];
    // git names the link, not its target: a changed symlink that leads outside the roots is refused, never read.
    const byReal = new Map<string, Set<number>>();
    for (const [file, lines] of changed) {
      if (!isSourceFile(file) || !existsSync(file)) continue;
      const real = realpathSync(file);
      if (isInsideRoots(real, roots)) byReal.set(real, lines);
      else skipped.push(`${file}: a symlink that leads outside the roots; refused`);
    }
    const files = [...byReal.keys()].sort();
    const kept = files.filter((f) => {
      const bytes = statSync(f).size;
      if (bytes <= DEFAULT_LIMITS.maxFileBytes) return true;
      skipped.push(`${f}: ${bytes} bytes, over the per-file limit of ${DEFAULT_LIMITS.maxFileBytes} bytes (maxFileBytes)`);
      return false;
    });
    if (kept.length > DEFAULT_LIMITS.maxFiles) throw new WorkspaceLimitError(`More than ${DEFAULT_LIMITS.maxFiles} changed files (maxFiles); narrow with paths`);
    const totalBytes = kept.reduce((n, f) => n + statSync(f).size, 0);
    if (totalBytes > DEFAULT_LIMITS.maxTotalBytes) {
      throw new WorkspaceLimitError(`The changed files add up to more than ${DEFAULT_LIMITS.maxTotalBytes} bytes (maxTotalBytes); narrow with paths`);
    }
    const review = await reviewFilesInRoots(ctx, extra, roots, kept, {
      ...(target ? { target } : {}),
      ...(rules ? { rules } : {}),
      keep: (file, finding) => isChangedLine(byReal.get(file), finding.line),
    });
    const text = formatText(review) + (roots.note ? `\n${roots.note}\n` : '');
    return structuredResult({ ...review, base: baseHash, roots: { dirs: [...roots.dirs], source: roots.source, ...(roots.note ? { note: roots.note } : {}) }, skipped }, text);
  });
}
