// Pieces shared by the per-language template verifiers (python.mjs, typescript.mjs, csharp.mjs, rust.mjs).
// Build-time only: nothing at run time imports this file.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** How much of a command's output a record keeps. */
export const OUTPUT_LIMIT = 4_000;

/** Output trimmed and capped for a record. */
export const cap = (text) => text.trim().slice(0, OUTPUT_LIMIT);

/** Throws the TypeError every verifyAll gives for a missing root folder. */
export function checkRootDir(rootDir) {
  if (typeof rootDir !== 'string' || rootDir === '') {
    throw new TypeError(`rootDir must be a non-empty path string, got ${JSON.stringify(rootDir)}`);
  }
}

/**
 * Relative, forward-slash paths of every file ending in `ext` under `templateDir`, sorted. Only the folder itself
 * unless `recursive`; folders named in `skipDirs` are not entered. A missing folder means no templates yet.
 * @param {string} rootDir
 * @param {string} templateDir e.g. `templates/python`
 * @param {string} ext e.g. `.py`
 * @param {{ recursive?: boolean, skipDirs?: string[] }} [options]
 * @returns {Promise<string[]>}
 */
export async function findTemplates(rootDir, templateDir, ext, { recursive = false, skipDirs = [] } = {}) {
  /** @type {string[]} */
  const found = [];
  const walk = async (relDir) => {
    let entries;
    try {
      entries = await readdir(path.join(rootDir, relDir), { withFileTypes: true });
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const rel = `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (recursive && !skipDirs.includes(entry.name)) await walk(rel);
      } else if (entry.isFile() && entry.name.endsWith(ext)) {
        found.push(rel);
      }
    }
  };
  await walk(templateDir);
  return found.sort();
}

/**
 * The header `id` and the sha256 of a template.
 * @param {string} commentPrefix the line-comment marker of the template's language (`#`, `//`)
 */
export async function describeFile(rootDir, file, commentPrefix) {
  const text = await readFile(path.join(rootDir, file), 'utf8');
  return { file, id: headerId(text, commentPrefix), sha256: createHash('sha256').update(text).digest('hex') };
}

/** The `id:` line of the `<prefix> @pattern` ... `<prefix> @end` block, or "" when absent. */
export function headerId(text, commentPrefix) {
  const escaped = commentPrefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const idLine = new RegExp(`^${escaped}\\s*id:\\s*(\\S+)\\s*$`);
  let inHeader = false;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === `${commentPrefix} @pattern`) inHeader = true;
    else if (trimmed === `${commentPrefix} @end`) break;
    else if (inHeader) {
      const match = idLine.exec(trimmed);
      if (match) return /** @type {string} */ (match[1]);
    }
  }
  return '';
}

/**
 * Runs a command to completion, collecting its output; a timer kills it after timeoutMs. Never rejects: when the
 * command cannot start, `code` is null, `startError` holds the reason and stderr ends with it.
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, timedOut: boolean, startError?: string }>}
 */
export function run(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr: `${stderr}${error.message}`, timedOut, startError: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** First line of `<command> <args>` (stdout then stderr), or undefined when the command cannot run. */
export async function firstLine(command, args, env = process.env) {
  const r = await run(command, args, { cwd: process.cwd(), env, timeoutMs: 60_000 });
  return r.code === 0 ? `${r.stdout}${r.stderr}`.trim().split('\n')[0] : undefined;
}

/** "exited 1" or "was killed by SIGKILL": how a finished command ended. */
export function ending({ code, signal }) {
  return signal ? `was killed by ${signal}` : `exited ${code}`;
}

/**
 * Calls `work(index)` for every index below `count`, never more than `parallel` at once: a fixed pool of runners
 * pulling from a shared index.
 */
export async function runPool(count, parallel, work) {
  let next = 0;
  const runner = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, runner));
}

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl) {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(path.resolve(process.argv[1] ?? '')).href;
}

/**
 * The command line of a verifier: `node <script> [rootDir]` prints the records as JSON and exits 1 when any failed.
 * @param {(rootDir: string) => Promise<Array<{ status: string }>>} verifyAll
 * @param {{ summary?: string }} [options] `summary`: a label; when given, the count per status goes to stderr under it
 */
export async function runCli(verifyAll, { summary } = {}) {
  const rootDir = path.resolve(process.argv[2] ?? '.');
  const records = await verifyAll(rootDir);
  process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  if (summary !== undefined) {
    const counts = records.reduce((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    process.stderr.write(`${summary}: ${JSON.stringify(counts)}\n`);
  }
  process.exitCode = records.some((r) => r.status === 'failed') ? 1 : 0;
}

/**
 * The `key: value` lines of a template's header block, with the repeatable keys (`fallback`, `unmet`) as arrays.
 * A small reader for what the verifiers need (minimum, unmet); src/templates/header.ts is the full parser.
 * @returns {{ values: Map<string, string>, unmet: Array<{ item: string, reason: string }>, minimum: Record<string, string> }}
 */
export function readHeader(text, commentPrefix) {
  const values = new Map();
  const unmet = [];
  let inHeader = false;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === `${commentPrefix} @pattern`) inHeader = true;
    else if (trimmed === `${commentPrefix} @end`) break;
    else if (inHeader && trimmed.startsWith(commentPrefix)) {
      const match = /^([a-z]+):\s*(.*)$/.exec(trimmed.slice(commentPrefix.length).trim());
      if (!match) continue;
      const [, key, value] = /** @type {[string, string, string]} */ (match);
      if (key === 'unmet') {
        const u = /^([a-z0-9-]+):\s*(.+)$/.exec(value);
        if (u) unmet.push({ item: /** @type {string} */ (u[1]), reason: /** @type {string} */ (u[2]).trim() });
      } else if (key !== 'fallback') values.set(key, value.trim());
    }
  }
  /** @type {Record<string, string>} */
  const minimum = {};
  for (const pair of (values.get('minimum') ?? '').split(',')) {
    const [runtime, version] = pair.trim().split(/\s+/);
    if (runtime && version) minimum[runtime] = version;
  }
  return { values, unmet, minimum };
}

/** "a, b and c". */
export function joinAnd(parts) {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
