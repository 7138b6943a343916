/**
 * `async-expert-mcp hook`: Claude Code's PostToolUse hook (matcher `Edit|Write|MultiEdit`). Reads the hook's JSON
 * payload on stdin (`tool_input.file_path`, `cwd`), reviews that file with the project's targets, and answers the
 * way Claude Code reads hooks: exit 2 with a short list on stderr (fed back to the model) when there are errors or
 * warnings; exit 0 and silence when clean or not a reviewable language; exit 1 with one line (not blocking) on a
 * crash or timeout.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { relativePath } from '../workspace/files.js';
import { isSourceFile } from './files.js';
import { planBatches, reviewFileBatch } from './paths.js';

/** Claude Code's default hook timeout is 60 s; we stop well before it. */
export const HOOK_BUDGET_MS = 20_000;
const MAX_PAYLOAD_BYTES = 1024 * 1024;
const MAX_FILE_BYTES = 512 * 1024;
const MAX_LINES = 20;

export interface HookIo {
  stdin: string;
  stderr: (s: string) => void;
}

/** Runs the hook on a payload already read; returns the exit status. */
export async function runHook(io: HookIo, budgetMs = HOOK_BUDGET_MS): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((done) => {
    timer = setTimeout(() => {
      io.stderr(`async-expert-mcp hook: review stopped after ${budgetMs} ms (not blocking)\n`);
      done(1);
    }, budgetMs);
    timer.unref();
  });
  try {
    return await Promise.race([review(io), timeout]);
  } catch (error) {
    io.stderr(`async-expert-mcp hook: ${(error as Error).message.split('\n')[0]} (not blocking)\n`);
    return 1;
  } finally {
    clearTimeout(timer);
  }
}

async function review(io: HookIo): Promise<number> {
  if (Buffer.byteLength(io.stdin) > MAX_PAYLOAD_BYTES) throw new Error(`payload over ${MAX_PAYLOAD_BYTES} bytes`);
  const payload = JSON.parse(io.stdin) as { tool_input?: { file_path?: unknown }; cwd?: unknown };
  const filePath = payload.tool_input?.file_path;
  const cwd = typeof payload.cwd === 'string' ? payload.cwd : process.cwd();
  if (typeof filePath !== 'string') return 0; // a tool call without a file: nothing to review
  const file = isAbsolute(filePath) ? filePath : resolve(cwd, filePath);
  if (!isSourceFile(file) || !existsSync(file)) return 0;
  if (statSync(file).size > MAX_FILE_BYTES) return 0; // generated-size files are not reviewed
  const reviews = [];
  for (const batch of planBatches([file], {})) reviews.push(...(await reviewFileBatch(batch)));
  const findings = reviews.flatMap((r) => r.findings).filter((f) => f.severity !== 'info');
  if (findings.length === 0) return 0;
  const name = relativePath(cwd, file);
  const lines = findings.slice(0, MAX_LINES).map((f) => `${name}:${f.line}:${f.column} ${f.severity} [${f.ruleId}] ${f.message}`);
  if (findings.length > MAX_LINES) lines.push(`... and ${findings.length - MAX_LINES} more (run: async-expert-mcp review ${name})`);
  io.stderr(`async-expert-mcp found ${findings.length} async issue${findings.length > 1 ? 's' : ''} in ${name}:\n${lines.join('\n')}\n`);
  return 2;
}
