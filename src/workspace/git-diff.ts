/**
 * The lines added or changed in a git working tree (and its index) against a base ref, for reviews of "what was
 * just written". Runs git read-only, with the repository's code-running settings switched off: no external diff
 * or textconv drivers, no fsmonitor hook, no pager.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface ChangedFiles {
  /** Absolute path (as git names it under `cwd`) to the 1-based line numbers added or changed. */
  lines: Map<string, Set<number>>;
  /** The base commit the diff was taken against, as a full hash. */
  base: string;
}

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** A ref as git accepts it, and never an option: `HEAD`, `main`, `origin/main`, `HEAD~3`, a hash, `v1.2^`. */
const REF = /^(?!-)[\w./@{}~^+-]{1,200}$/;

const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.pager=cat', '-c', 'core.quotePath=false'];

function git(args: readonly string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...SAFE_CONFIG, ...args],
      { cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') reject(new GitError('git is not installed or not on PATH; install git to review changes'));
          else if (error.killed) reject(new GitError(`git ${args[0]} took longer than ${timeoutMs} ms and was stopped`));
          else reject(new GitError(`git ${args[0]} failed: ${String(stderr).trim().split('\n')[0] ?? error.message}`));
        } else resolve(stdout);
      },
    );
  });
}

/** Added line numbers per file from `git diff --unified=0` output (paths relative to `cwd`). */
export function parseUnifiedDiff(diff: string, cwd: string): Map<string, Set<number>> {
  const lines = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const name = line.slice(4);
      // `/dev/null`: the file was deleted, nothing of it to review.
      current = name === '/dev/null' ? undefined : new Set<number>();
      if (current) lines.set(join(cwd, name.replace(/^b\//, '')), current);
    } else if (line.startsWith('@@') && current) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      for (let i = 0; i < count; i++) current.add(start + i);
    }
  }
  for (const [file, set] of lines) if (set.size === 0) lines.delete(file);
  return lines;
}

/**
 * Lines added or changed in the working tree and index under `cwd` against `base` (default HEAD), plus every line
 * of untracked files that are not ignored. `paths` (relative to cwd) narrows the diff.
 */
export async function changedLines(cwd: string, base = 'HEAD', paths: readonly string[] = [], timeoutMs = 20_000): Promise<ChangedFiles> {
  if (!REF.test(base)) throw new GitError(`base "${base}" is not a git ref (a branch, tag, hash or HEAD~N; no spaces, not starting with "-")`);
  await git(['rev-parse', '--show-toplevel'], cwd, timeoutMs).catch(() => {
    throw new GitError(`"${cwd}" is not inside a git working tree`);
  });
  const hash = (await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${base}^{commit}`], cwd, timeoutMs).catch(() => {
    throw new GitError(`base "${base}" is not a commit in this repository`);
  })).trim();
  const pathArgs = ['--', ...(paths.length > 0 ? paths : ['.'])];
  const diff = await git(['diff', '--relative', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', hash, ...pathArgs], cwd, timeoutMs);
  const lines = parseUnifiedDiff(diff, cwd);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z', ...pathArgs], cwd, timeoutMs);
  for (const name of untracked.split('\0').filter(Boolean)) lines.set(join(cwd, name), new Set([Number.POSITIVE_INFINITY]));
  return { lines, base: hash };
}

/** True when `line` counts as changed in a file's set (an untracked file: every line). */
export function isChangedLine(set: ReadonlySet<number> | undefined, line: number): boolean {
  return set !== undefined && (set.has(Number.POSITIVE_INFINITY) || set.has(line));
}
