// Runs every Python template's self-check and reports what that established, for the template index
// (templates/verification.json). Build-time only: nothing at run time imports this file.
//
//   node scripts/templates/python.mjs [rootDir]     prints the records as JSON
//
// Each template is run as `python3 -X dev -W error <file>`: dev mode turns on asyncio debug mode (slow
// callbacks, never-awaited coroutines, unclosed resources) and -W error makes every warning fatal.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TEMPLATE_DIR = 'templates/python';
const TIMEOUT_MS = 60_000;
const PARALLEL = 2; // the build machines have 2 cores, shared
const OUTPUT_LIMIT = 4_000;

/**
 * @typedef {object} VerificationRecord
 * @property {string} file        path relative to rootDir, forward slashes (`templates/python/timeout.py`)
 * @property {string} id          the header's `id`, or "" when the header has none
 * @property {'executed' | 'failed' | 'unverified'} status
 * @property {string} toolchain   `python3 --version`, e.g. "Python 3.11.7", or why there is none
 * @property {string} how         the command and its outcome
 * @property {string} output      stdout then stderr, trimmed and capped
 * @property {string} sha256      of the file as run
 */

/**
 * @param {string} rootDir the project root (the folder that holds `templates/`)
 * @param {{ python?: string }} [options] `python`: the interpreter command (default `python3`)
 * @returns {Promise<VerificationRecord[]>} one record per `templates/python/**\/*.py`, sorted by file
 */
export async function verifyAll(rootDir, options = {}) {
  if (typeof rootDir !== 'string' || rootDir === '') {
    throw new TypeError(`rootDir must be a non-empty path string, got ${JSON.stringify(rootDir)}`);
  }
  const python = options.python ?? 'python3';
  const files = await findTemplates(rootDir);
  const version = await probeVersion(python);

  if (version === undefined) {
    return Promise.all(
      files.map(async (file) => ({
        ...(await describeFile(rootDir, file)),
        status: /** @type {const} */ ('unverified'),
        toolchain: `${python} not found`,
        how: `${python} not found`,
        output: '',
      })),
    );
  }

  /** @type {VerificationRecord[]} */
  const records = new Array(files.length);
  let next = 0;
  // A fixed pool of PARALLEL runners pulling from a shared index: never more than PARALLEL at once.
  const runner = async () => {
    while (next < files.length) {
      const index = next++;
      const file = /** @type {string} */ (files[index]);
      const [described, run] = await Promise.all([
        describeFile(rootDir, file),
        runTwiceIfStalled(rootDir, file, python),
      ]);
      records[index] = { ...described, ...run, toolchain: version };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, runner));
  return records;
}

/** Relative, forward-slash paths of every .py file under templates/python, sorted. */
async function findTemplates(rootDir) {
  /** @type {string[]} */
  const found = [];
  const walk = async (relDir) => {
    let entries;
    try {
      entries = await readdir(path.join(rootDir, relDir), { withFileTypes: true });
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return; // no templates yet
      throw error;
    }
    for (const entry of entries) {
      const rel = `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== '__pycache__') await walk(rel);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        found.push(rel);
      }
    }
  };
  await walk(TEMPLATE_DIR);
  return found.sort();
}

/** The header `id` and the sha256 of a template. */
async function describeFile(rootDir, file) {
  const text = await readFile(path.join(rootDir, file), 'utf8');
  return { file, id: headerId(text), sha256: createHash('sha256').update(text).digest('hex') };
}

/** The `id:` line of the `# @pattern` ... `# @end` block, or "" when absent. */
function headerId(text) {
  let inHeader = false;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '# @pattern') inHeader = true;
    else if (trimmed === '# @end') break;
    else if (inHeader) {
      const match = /^#\s*id:\s*(\S+)\s*$/.exec(trimmed);
      if (match) return /** @type {string} */ (match[1]);
    }
  }
  return '';
}

/** First line of `<python> --version`, or undefined when the command cannot run. */
function probeVersion(python) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(python, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk)); // Python 2 printed its version on stderr
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? out.trim().split('\n')[0] : undefined));
  });
}

/**
 * True when stderr holds nothing but asyncio debug-mode "slow callback" warnings ("Executing <Task ...> took
 * 0.101 seconds"). On a loaded machine the OS can pause the process past the 0.1 s threshold; a call that really
 * blocks the loop does so on every run, so one rerun tells the two apart.
 */
export function onlySlowCallbackWarnings(stderr) {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  return lines.length > 0 && lines.every((line) => /^Executing .* took \d+(?:\.\d+)? seconds$/.test(line.trim()));
}

/** Runs a template, and once more if the only complaint was a slow-callback warning. */
async function runTwiceIfStalled(rootDir, file, python) {
  const first = await runTemplate(rootDir, file, python);
  if (first.status === 'executed' || !first.stalledOnly) return withoutFlag(first);
  const second = withoutFlag(await runTemplate(rootDir, file, python));
  // `how` stays the plain command and outcome (it is what the second run established, and it keeps the committed
  // records stable); the output says that a rerun happened and why.
  const note = `[first run logged only an asyncio slow-callback warning, so it ran again]\n${first.output}`;
  return { ...second, output: `${note}\n[second run]\n${second.output}`.trim().slice(0, OUTPUT_LIMIT) };
}

function withoutFlag({ stalledOnly, ...result }) {
  return result;
}

/** Runs one template; "executed" needs exit code 0 and nothing on stderr. */
function runTemplate(rootDir, file, python) {
  const command = `${python} -X dev -W error ${file}`;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(python, ['-X', 'dev', '-W', 'error', file], {
      cwd: rootDir,
      // No __pycache__ next to the templates; a known locale so output is comparable between machines.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: 'failed', how: `${command} could not start: ${error.message}`, output: '' });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = `${stdout}${stderr}`.trim().slice(0, OUTPUT_LIMIT);
      if (timedOut) {
        resolve({ status: 'failed', how: `${command} timed out after ${TIMEOUT_MS / 1000} s`, output });
      } else if (code !== 0) {
        const outcome = signal ? `was killed by ${signal}` : `exited ${code}`;
        resolve({ status: 'failed', how: `${command} ${outcome}`, output });
      } else if (stderr.trim() !== '') {
        const stalledOnly = onlySlowCallbackWarnings(stderr);
        resolve({ status: 'failed', how: `${command} exited 0 but wrote to stderr`, output, stalledOnly });
      } else {
        resolve({ status: 'executed', how: `${command} exited 0`, output });
      }
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rootDir = path.resolve(process.argv[2] ?? '.');
  const records = await verifyAll(rootDir);
  process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  process.exitCode = records.some((r) => r.status === 'failed') ? 1 : 0;
}
