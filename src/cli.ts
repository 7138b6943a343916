#!/usr/bin/env node
import module from 'node:module';
import { parseArgs } from 'node:util';
import { createLogger, LOG_LEVELS, type LogLevel } from './log.js';
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from './server/transports/http-defaults.js';
import { DEFAULT_REVIEW_BUDGET_MS, defaultReviewWorkers } from './server/review-defaults.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

// V8's compile cache (module.enableCompileCache: Node 22.8+; absent on Node 20, where this does nothing) keeps the compiled code of ts-morph,
// the SDK and zod on disk, so later start-ups skip compiling them. Workers do not inherit the call, only the
// environment variable, hence NODE_COMPILE_CACHE for the review worker. Measured in bench/PROFILE.md.
const compileCache = (module as { enableCompileCache?: () => { directory?: string } }).enableCompileCache?.();
if (compileCache?.directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = compileCache.directory;

const USAGE = `Usage:
  ${PACKAGE_NAME}                     serve MCP over stdio (what MCP clients launch)
  ${PACKAGE_NAME} --http [options]    serve MCP over Streamable HTTP at /mcp (stateless)
  ${PACKAGE_NAME} review [options] <files|dirs|globs>
                                      review code for async bugs (text, JSON or SARIF); see review --help
  ${PACKAGE_NAME} hook                Claude Code PostToolUse hook: reviews the edited file named in the JSON on
                                      stdin; exit 2 with the findings on stderr, 0 when clean
  ${PACKAGE_NAME} --help | --version

HTTP options:
  --port <n>            port to listen on (default ${DEFAULT_HTTP_PORT}; 0 picks a free one)
  --host <address>      address to bind (default ${DEFAULT_HTTP_HOST}, loopback only)
  --auth-token <token>  require "Authorization: Bearer <token>" (or set ASYNC_EXPERT_MCP_TOKEN);
                        mandatory when --host is not a loopback address
  --allowed-host <name> accept this Host header name too (repeatable)
  --cors-origin <origin> let browser pages from this exact origin call the server, e.g. http://localhost:6274
                        (repeatable; default none: cross-origin requests are refused and no CORS headers are sent)
  --review-workers <n>  worker threads for review_code (default: ${defaultReviewWorkers()} here)

File access (review_files, review_diff):
  --root <dir>          let the tools read this folder (repeatable). Over stdio without it, the client's roots
                        (roots/list) are used, else the working directory; over HTTP there is no file access without it

Review limits (stdio and HTTP):
  --review-timeout-ms <n>  stop a review after this long and answer with an error (default ${DEFAULT_REVIEW_BUDGET_MS})

Common options:
  --log-level <level>   ${LOG_LEVELS.join(' | ')} (default info); logs go to stderr as JSON lines
`;

/** Exit codes: 0 success, 1 runtime failure, 2 usage error. */
const EXIT_USAGE = 2;

/** Parses a positive integer option, or exits with a usage error naming the range. */
function positiveInt(value: string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) usageError(`${flag} must be an integer from 1 to ${max}; got "${value}"`);
  return n;
}

function usageError(message: string): never {
  process.stderr.write(`${PACKAGE_NAME}: ${message}\n\n${USAGE}`);
  process.exit(EXIT_USAGE);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'hook') {
    const { runHook } = await import('./review/hook.js');
    let stdin = '';
    for await (const chunk of process.stdin) {
      stdin += String(chunk);
      if (stdin.length > 2 * 1024 * 1024) break; // runHook refuses it with one line
    }
    process.exitCode = await runHook({ stdin, stderr: (s) => process.stderr.write(s) });
    return;
  }
  if (argv[0] === 'review') {
    const { runReviewCli } = await import('./review/cli.js');
    process.exitCode = await runReviewCli(argv.slice(1), {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      cwd: process.cwd(),
      stderrIsTTY: process.stderr.isTTY === true,
    });
    return;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        http: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'auth-token': { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        'cors-origin': { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        'review-workers': { type: 'string' },
        'review-timeout-ms': { type: 'string' },
        root: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.version) {
    process.stdout.write(`${PACKAGE_VERSION}\n`);
    return;
  }
  const levelText = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(levelText)) {
    usageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}; got "${levelText}"`);
  }
  const logger = createLogger(levelText as LogLevel);
  const { createContext, createPoolRunner, startHttpServer, startStdioServer, warmUpInBackground } = await import('./server/start.js');
  if (!values.http && (values.port || values.host || values['auth-token'] || values['allowed-host'] || values['cors-origin'] || values['review-workers'])) {
    usageError('--port, --host, --auth-token, --allowed-host, --cors-origin and --review-workers only apply with --http');
  }
  const budgetMs = positiveInt(values['review-timeout-ms'], '--review-timeout-ms', DEFAULT_REVIEW_BUDGET_MS, 600_000);
  // Reviews run in worker threads: a review past its budget is stopped for real, and the main thread stays free
  // for other requests. stdio serves one client, so one worker is enough there.
  const threads = values.http ? positiveInt(values['review-workers'], '--review-workers', defaultReviewWorkers(), 64) : 1;
  const reviews = createPoolRunner({ threads, budgetMs });
  const { makeRoots } = await import('./workspace/roots.js');
  const cliRoots = values.root;
  try {
    if (cliRoots) makeRoots(cliRoots, 'cli'); // checked at start: a typo fails now, not on the first tool call
  } catch (error) {
    usageError(`--root: ${(error as Error).message}`);
  }
  const ctx = createContext(logger, reviews, { transport: values.http ? 'http' : 'stdio', cwd: process.cwd(), ...(cliRoots ? { cliRoots } : {}) });

  if (!values.http) {
    const stdio = await startStdioServer(ctx);
    // After the handshake: the review worker (TypeScript, lib files) and the catalogs (MBs of JSON) must not delay
    // the answer to `initialize`; both compete for the same cores.
    void stdio.initialized.then(() => {
      reviews.start?.();
      warmUpInBackground(logger, { typescript: false });
    });
    const stop = (): void => void stdio.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await stdio.closed;
    await reviews.close();
    return;
  }

  const port = values.port === undefined ? DEFAULT_HTTP_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    usageError(`--port must be an integer from 0 to 65535; got "${values.port}"`);
  }
  const authToken = values['auth-token'] ?? process.env.ASYNC_EXPERT_MCP_TOKEN;
  let running;
  try {
    running = await startHttpServer(ctx, {
      host: values.host ?? DEFAULT_HTTP_HOST,
      port,
      authToken: authToken || undefined,
      allowedHosts: values['allowed-host'],
      corsOrigins: values['cors-origin'],
    });
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith('Refusing')) usageError(message);
    throw error;
  }
  reviews.start?.();
  warmUpInBackground(logger, { typescript: true });
  // Tests and scripts read the chosen port from this line when --port 0 is used.
  process.stderr.write(`${PACKAGE_NAME} listening on ${running.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info('shutting down', { signal });
      void running.close().then(() => reviews.close()).then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

main(process.argv.slice(2)).then(
  // Exit once stdout has drained (a large review report into a pipe is written asynchronously), with the exit
  // status the command set (the review subcommand's 1 for error findings).
  () => process.stdout.write('', () => process.exit(process.exitCode ?? 0)),
  (error: unknown) => {
    process.stderr.write(`${PACKAGE_NAME}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
