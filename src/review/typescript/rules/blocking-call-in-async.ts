import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, declarationOf, enclosingFunction, hasAsyncModifier, isMethodCall, skipOuter, someInSameFunction } from '../predicates.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'blocking-call-in-async',
  description: 'A synchronous blocking call inside an async function or promise callback stalls the whole event loop.',
  severity: 'warning',
  basis: 'declared-type',
  messages: {
    syncCall:
      '`{{name}}` blocks the event loop inside async code: every other request and timer waits until it returns. Use the asynchronous form ({{fix}}).',
    atomicsWait: '`Atomics.wait` blocks the thread inside async code. Use `await Atomics.waitAsync(...).value` or move the work to a worker thread.',
    busyWait: 'This loop spins on the clock and blocks the event loop. Wait with `await setTimeout(ms)` from `node:timers/promises` instead.',
  },
  patternId: 'offload-blocking',
};

const NODE_MODULES = ['fs', 'child_process', 'crypto', 'zlib'];
/** Receivers that name these modules when the checker cannot resolve them (plain JS, missing types). */
const MODULE_RECEIVER = /^(fs|fse|fsExtra|child_process|childProcess|cp|crypto|zlib)$/;
const CRYPTO_SYNC = new Set(['pbkdf2Sync', 'scryptSync', 'generateKeyPairSync', 'generateKeySync', 'generatePrimeSync', 'checkPrimeSync']);
const STARTUP = /^(main|bootstrap|start|startup|init|initialize|setup|boot|loadConfig|cli)$/i;

function fixFor(name: string, moduleName: string | undefined): string {
  const base = name.replace(/Sync$/, '');
  if (moduleName === 'fs' || /^(read|write|append|exists|stat|lstat|readdir|mkdir|rm|rmdir|unlink|copyFile|rename|access|open|close|realpath|chmod|chown|mkdtemp|cp)/.test(base)) {
    return base === 'exists' ? '`await fs.promises.access(path)` from `node:fs/promises`, in a try/catch' : `\`await ${base}(...)\` from \`node:fs/promises\``;
  }
  if (/^(exec|execFile|spawn)$/.test(base)) return `\`await promisify(${base})(...)\` from \`node:util\`, or \`spawn\` with events`;
  if (CRYPTO_SYNC.has(name)) return `\`await promisify(crypto.${base})(...)\``;
  return `\`await promisify(zlib.${base})(...)\` or a stream`;
}

/** Async code: an async function, or a function passed to then/catch/finally. */
function inAsyncCode(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  const fn = enclosingFunction(node);
  if (!fn) return undefined;
  if (hasAsyncModifier(fn)) return fn;
  const p = fn.parent;
  if (p && isMethodCall(p, ['then', 'catch', 'finally']) && p.arguments.some((a) => a === fn)) return fn;
  return undefined;
}

function functionName(fn: ts.FunctionLikeDeclaration): string {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const p = fn.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  return '';
}

function moduleOfSync(ctx: RuleContext, call: ts.CallExpression): string | undefined {
  const callee = skipOuter(call.expression);
  const decl = declarationOf(ctx.checker, ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  const file = decl?.getSourceFile().fileName ?? '';
  const m = /\/@types\/node\/(fs|child_process|crypto|zlib)\.d\.ts$/.exec(file);
  if (m) return m[1];
  if (decl) return undefined; // resolved to something else: a user function named fooSync
  const recv = calleeReceiver(call);
  if (recv && ts.isIdentifier(skipOuter(recv)) && MODULE_RECEIVER.test((skipOuter(recv) as ts.Identifier).text)) return 'fs';
  return undefined;
}

function awaitsBefore(fn: ts.FunctionLikeDeclaration, node: ts.Node): boolean {
  return fn.body !== undefined && someInSameFunction(fn.body, (n) => ts.isAwaitExpression(n) && n.getEnd() <= node.getStart());
}

function isClockRead(node: ts.Node): boolean {
  return /\b(Date\.now\(\)|performance\.now\(\)|new Date\(\)|process\.hrtime)/.test(node.getText());
}

export function create(ctx: RuleContext): RuleListeners {
  return {
    [ts.SyntaxKind.CallExpression](node) {
      const call = node as ts.CallExpression;
      const name = calleeName(call);
      if (!name) return;
      if (name === 'wait') {
        const recv = calleeReceiver(call);
        if (recv && ts.isIdentifier(recv) && recv.text === 'Atomics' && inAsyncCode(call)) ctx.report({ node: call, messageId: 'atomicsWait' });
        return;
      }
      if (!name.endsWith('Sync')) return;
      const fn = inAsyncCode(call);
      if (!fn) return;
      const mod = moduleOfSync(ctx, call);
      if (!mod || !NODE_MODULES.includes(mod)) return;
      if (mod === 'crypto' && !CRYPTO_SYNC.has(name)) return; // randomFillSync and friends are cheap
      // Start-up code reads its config once before it starts serving (before its first await): blocking costs nothing.
      if (mod === 'fs' && STARTUP.test(functionName(fn)) && !awaitsBefore(fn, call)) return;
      ctx.report({ node: call, messageId: 'syncCall', data: { name: `${name}()`, fix: fixFor(name, mod) } });
    },
    [ts.SyntaxKind.WhileStatement](node) {
      const loop = node as ts.WhileStatement;
      if (!isClockRead(loop.expression) || !inAsyncCode(loop)) return;
      const body = loop.statement;
      const empty = ts.isEmptyStatement(body) || (ts.isBlock(body) && body.statements.every((s) => ts.isEmptyStatement(s) || (ts.isExpressionStatement(s) && !/await/.test(s.getText()))));
      if (empty && !/await/.test(body.getText())) ctx.report({ node: loop, messageId: 'busyWait' });
    },
  };
}
