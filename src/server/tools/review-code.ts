import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { defaultTarget } from '../../catalog/index.js';
import { BASIS_KINDS, SEVERITIES, type ReviewInput } from '../../review/finding.js';
import { formatText } from '../../review/format/text.js';
import { clientLog } from '../client-log.js';
import type { ServerContext } from '../context.js';
import { enumWithHelp, READ_ONLY_ANNOTATIONS, structuredResult } from './tool-result.js';

const LANGUAGES = ['typescript', 'javascript', 'python', 'csharp', 'rust'] as const; // REVIEW_LANGUAGES, as a tuple for zod

export const inputSchema = {
  code: z.string().describe('The complete source text to review (a file or a self-contained snippet), at most 512 KB.'),
  language: enumWithHelp('language', LANGUAGES).describe('Language of the code: "typescript", "javascript", "python", "csharp" or "rust".'),
  filename: z
    .string()
    .max(300)
    .optional()
    .describe('Optional file name; its extension picks the dialect (".tsx", ".mjs"...) and it labels the text output.'),
  target: z
    .object({
      node: z.string().optional().describe('Node.js version the code must run on, e.g. "20" or "22.3". Default "20".'),
      ecmascript: z.string().optional().describe('ECMAScript edition the code must run on, e.g. "ES2022".'),
      python: z.string().optional().describe('Python version the code must run on, e.g. "3.11".'),
      dotnet: z.string().optional().describe('.NET major version C# code must run on, e.g. "8" (also "8.0", "net8.0"). Default "8".'),
      tokio: z.string().optional().describe(`tokio version Rust code builds against, e.g. "1.24" (also "1.24.2"). Default "${defaultTarget('tokio')}": the oldest tokio LTS line still supported (support calendar); pass the project's floor from Cargo.toml / Cargo.lock when it is older.`),
    })
    .strict()
    .optional()
    .describe('Versions the code must run on: APIs newer than these are reported as too-new-api.'),
  rules: z
    .array(z.string())
    .optional()
    .describe('Only these rule ids, e.g. ["floating-promise", "missing-timeout"]. Omit to run every rule; an unknown id is an error that lists the known ones.'),
};

export const findingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(SEVERITIES as [string, ...string[]]),
  message: z.string().describe('What is wrong and how to fix it.'),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
  confidence: z.enum(['high', 'medium']),
  suggestion: z.string().optional().describe('A short code fix, where one is clear.'),
  docsUri: z.string().describe('The rule doc, a skill:// resource of this server.'),
  patternId: z.string().optional().describe('A template (get_pattern) that shows the right way.'),
  basis: z
    .object({
      kind: z.enum(BASIS_KINDS as [string, ...string[]]),
      detail: z.string().optional().describe('The fact itself: the declared type and where, or the catalog fact and version.'),
    })
    .describe(
      'What the finding relied on. An error rests on a declared type, a catalog fact or the project configuration (or syntax a rule proves enough); an inferred type or a name is at most a warning.',
    ),
});

export const outputSchema = {
  findings: z.array(findingSchema),
  summary: z.object({
    byRule: z.record(z.string(), z.number().int()),
    bySeverity: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
    suppressed: z.number().int().describe('Findings silenced by async-expert-disable-next-line / -disable-line comments.'),
  }),
  reviewedWith: z.object({
    engine: z.string(),
    typescript: z.string().optional(),
    target: z.object({ node: z.string().optional(), ecmascript: z.string().optional(), python: z.string().optional(), dotnet: z.string().optional(), tokio: z.string().optional() }),
  }),
};

export const name = 'review_code';

export const config = {
  title: 'Review async code',
  description: [
    'Reviews TypeScript, JavaScript, Python, C# or Rust (tokio) code for async bugs and returns precise findings (rule id, severity,',
    'line/column, a message that names the fix, confidence, what it relied on, a suggested fix, the rule doc and a',
    'template id). Severity: error = the code misbehaves whenever that line runs (near-certain); warning = likely;',
    'info = advice.',
    'It catches dropped promises and tasks, missing awaits, needlessly sequential awaits, unbounded Promise.all /',
    'Task.WhenAll, blocking calls in async code (.Result, .Wait(), Thread.Sleep, std::thread::sleep, sync I/O), block_on',
    'inside async code, std Mutex guards held across .await, async void, tokens not',
    'passed on, I/O without timeouts, swallowed errors, races on shared state across await, and APIs that do not',
    'exist or are newer than the target runtime.',
    'Call it on code you just wrote or were given, before presenting or committing it; pass target.node (or',
    'target.python, target.dotnet, target.tokio) when the runtime is known. Do not call it for general questions (use get_checklist) or to check',
    'a single API name (use verify_api).',
    'Limits: one file or snippet per call, at most 512 KB; imports of other project files and untyped third-party',
    'packages are not resolved, so findings that need their types are skipped rather than guessed.',
    'Suppress a deliberate case in the code with `// async-expert-disable-next-line <rule> -- reason`.',
    'Example: { "code": "async function f() { fetch(url) }", "language": "typescript", "target": { "node": "20" } }.',
  ].join(' '),
  inputSchema,
  outputSchema,
  annotations: READ_ONLY_ANNOTATIONS,
};

export function registerReviewCode(server: McpServer, ctx: ServerContext): void {
  server.registerTool(name, config, async ({ code, language, filename, target, rules }, extra) => {
    const input: Omit<ReviewInput, 'signal'> = { code, language };
    if (filename !== undefined) input.filename = filename;
    if (target !== undefined) input.target = target;
    if (rules !== undefined) input.rules = rules;
    const started = performance.now();
    let result;
    try {
      // The runner enforces the time budget and honours MCP cancellation (extra.signal).
      result = await ctx.reviews.review(input, extra.signal);
    } catch (error) {
      const message = (error as Error).message;
      ctx.logger.info('review_code failed', { language, error: message });
      clientLog(server).log('warning', 'review_code failed', { language, error: message });
      throw error;
    }
    clientLog(server).log('debug', 'review_code finished', {
      language,
      lines: code.split('\n').length,
      findings: result.findings.length,
      ms: Math.round(performance.now() - started),
    });
    const text = formatText({
      results: [{ file: filename ?? `snippet (${language})`, findings: result.findings }],
      summary: { ...result.summary, files: 1 },
    });
    return structuredResult({ findings: result.findings, summary: result.summary, reviewedWith: result.reviewedWith }, text);
  });
}
