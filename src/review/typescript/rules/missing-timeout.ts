import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, declarationOf, dottedName, enclosingFunction, isFromNodeModule, isLibraryFile, skipOuter } from '../predicates.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'missing-timeout',
  description: 'Network or process I/O without a deadline can hang forever.',
  severity: 'warning',
  basis: 'declared-type',
  messages: {
    fetch:
      '`fetch` has no deadline: a server that accepts the connection and never answers hangs this call forever. Pass `{ signal: AbortSignal.timeout(ms) }` (combine with a caller\'s signal via `AbortSignal.any([...])`).',
    neverAborted:
      '`{{name}}.signal` never fires: nothing calls `{{name}}.abort()`, so this `fetch` still has no deadline. Use `AbortSignal.timeout(ms)`, or abort the controller from a timer.',
    http: '`{{name}}` has no timeout: a silent peer keeps the socket and this request open forever. Pass `{ timeout: ms }` (and destroy the request on its `timeout` event) or `{ signal: AbortSignal.timeout(ms) }`.',
    child: '`{{name}}` runs a child process with no deadline: a stuck command hangs this code forever. Pass `{ timeout: ms }` (or a `signal` that can fire).',
    axios: '`{{name}}` has no timeout (axios waits forever by default). Pass `{ timeout: ms }` or `{ signal: AbortSignal.timeout(ms) }`, or set it once with `axios.create({ timeout })`.',
  },
  patternId: 'timeout',
};

const TIMEOUT_WRAPPER = /(timeout|deadline|race|withTimeout|abortAfter)/i;
const CHILD = new Set(['exec', 'execFile', 'spawn', 'execSync', 'execFileSync', 'spawnSync']);
const HTTP = new Set(['request', 'get']);
const AXIOS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);

function objectProps(node: ts.Node | undefined): { names: Set<string>; spread: boolean; get(name: string): ts.Expression | undefined } | undefined {
  const n = node && skipOuter(node);
  if (!n || !ts.isObjectLiteralExpression(n)) return undefined;
  const names = new Set<string>();
  const values = new Map<string, ts.Expression>();
  let spread = false;
  for (const p of n.properties) {
    if (ts.isSpreadAssignment(p)) spread = true;
    else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
      names.add(p.name.text);
      values.set(p.name.text, p.initializer);
    } else if (ts.isShorthandPropertyAssignment(p)) {
      names.add(p.name.text);
      values.set(p.name.text, p.name);
    }
  }
  return { names, spread, get: (name) => values.get(name) };
}

/** A deadline is applied around the call (`withTimeout(fetch(...))`, `Promise.race([...])`) or inside a timeout helper. */
function wrappedInDeadline(call: ts.Node): boolean {
  for (let p = call.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isCallExpression(p) && TIMEOUT_WRAPPER.test(p.expression.getText())) return true;
    if (ts.isExpressionStatement(p) || ts.isVariableStatement(p) || ts.isReturnStatement(p)) break;
  }
  const fn = enclosingFunction(call);
  const name = fn?.name && ts.isIdentifier(fn.name) ? fn.name.text : fn?.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : '';
  return TIMEOUT_WRAPPER.test(name);
}

function scopeText(node: ts.Node): string {
  return (enclosingFunction(node) ?? node.getSourceFile()).getText();
}

/** True when the callee resolves to user code rather than the platform (a local `fetch` wrapper, say). */
function isUserDefined(ctx: RuleContext, callee: ts.Node): boolean {
  const decl = declarationOf(ctx.checker, callee);
  return decl !== undefined && !isLibraryFile(decl.getSourceFile());
}

/**
 * Without types, a receiver counts as a Node module only if it is bound to one (`require('http')`, an import):
 * a local `const http = axios.create(...)` is not the http module.
 */
function namesModule(ctx: RuleContext, recv: ts.Expression, module: RegExp): boolean {
  const r = skipOuter(recv);
  if (!ts.isIdentifier(r)) return false;
  const sym = ctx.checker.getSymbolAtLocation(r);
  const decl = sym?.declarations?.[0];
  if (!decl) return false;
  let spec: ts.Expression | undefined;
  if (ts.isImportClause(decl)) spec = decl.parent.moduleSpecifier;
  else if (ts.isNamespaceImport(decl)) spec = decl.parent.parent.moduleSpecifier;
  else if (ts.isImportSpecifier(decl)) spec = decl.parent.parent.parent.moduleSpecifier;
  else if (ts.isVariableDeclaration(decl) && decl.initializer) {
    const init = skipOuter(decl.initializer);
    if (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require') spec = init.arguments[0];
  }
  return spec !== undefined && ts.isStringLiteral(spec) && module.test(spec.text);
}

/**
 * Whether the controller can ever abort: some use of this very variable (by symbol, so a namesake elsewhere does not
 * count) calls `.abort(...)` or hands the controller to other code, which may abort it.
 */
function canAbort(ctx: RuleContext, id: ts.Identifier, decl: ts.Declaration): boolean {
  const sym = ctx.checker.getSymbolAtLocation(id);
  let scope: ts.Node = decl;
  while (scope.parent && !ts.isBlock(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  let result = false;
  const walk = (n: ts.Node): void => {
    if (result) return;
    if (ts.isIdentifier(n) && n !== (decl as ts.VariableDeclaration).name && ctx.checker.getSymbolAtLocation(n) === sym) {
      const p = n.parent;
      if (ts.isPropertyAccessExpression(p) && p.expression === n) {
        if (p.name.text !== 'signal') result = true; // .abort(), or anything else done with it
      } else result = true; // passed, stored or returned: someone else may abort it
    }
    ts.forEachChild(n, walk);
  };
  walk(scope);
  return result;
}

export function create(ctx: RuleContext): RuleListeners {
  const fileText = ctx.sourceFile.text;
  const checkFetch = (call: ts.CallExpression): void => {
    const callee = skipOuter(call.expression);
    if (isUserDefined(ctx, ts.isPropertyAccessExpression(callee) ? callee.name : callee)) return;
    if (wrappedInDeadline(call)) return;
    const init = call.arguments[1];
    const first = call.arguments[0] && skipOuter(call.arguments[0]);
    if (!init) {
      // `fetch(new Request(url, { signal }))` carries its signal in the request.
      if (first && ts.isNewExpression(first) && /signal/.test(first.getText())) return;
      if (first && /\bRequest\b/.test(ctx.checker.typeToString(ctx.checker.getTypeAtLocation(first)))) return;
      ctx.report({ node: call, messageId: 'fetch', suggestion: `fetch(${call.arguments[0]?.getText(ctx.sourceFile) ?? 'url'}, { signal: AbortSignal.timeout(10_000) })` });
      return;
    }
    const props = objectProps(init);
    if (!props) return; // an options object built elsewhere: cannot tell
    const signal = props.get('signal');
    if (!signal) {
      if (!props.spread) ctx.report({ node: call, messageId: 'fetch' });
      return;
    }
    const s = skipOuter(signal);
    if (ts.isPropertyAccessExpression(s) && s.name.text === 'signal' && ts.isIdentifier(s.expression)) {
      const controller = s.expression.text;
      const decl = declarationOf(ctx.checker, s.expression);
      const isLocalController = decl !== undefined && ts.isVariableDeclaration(decl) && decl.initializer !== undefined && /^new AbortController\(/.test(skipOuter(decl.initializer).getText());
      if (!isLocalController) return;
      if (!canAbort(ctx, s.expression, decl)) ctx.report({ node: call, messageId: 'neverAborted', data: { name: controller } });
    }
  };

  return {
    [ts.SyntaxKind.CallExpression](node) {
      const call = node as ts.CallExpression;
      const name = calleeName(call);
      if (!name) return;
      const recv = calleeReceiver(call);
      if (name === 'fetch' && (!recv || /^(globalThis|window|self|global)$/.test(dottedName(recv) ?? ''))) {
        checkFetch(call);
        return;
      }
      if (HTTP.has(name) && recv) {
        const isHttp = isFromNodeModule(ctx.checker, (call.expression as ts.PropertyAccessExpression).name, ['http', 'https']) || namesModule(ctx, recv, /^(node:)?https?$/);
        if (isHttp) {
          if (call.arguments.some((a) => { const p = objectProps(a); return p !== undefined && (p.names.has('timeout') || p.names.has('signal') || p.spread); })) return;
          if (call.arguments.some((a) => ts.isIdentifier(skipOuter(a)) && /opt|config|param/i.test(a.getText()))) return;
          if (/\.setTimeout\(|\btimeout\s*:|\bsignal\b/.test(scopeText(call)) || wrappedInDeadline(call)) return;
          ctx.report({ node: call, messageId: 'http', data: { name: `${dottedName(recv)}.${name}` } });
          return;
        }
      }
      if (CHILD.has(name) || /Async$/.test(name)) {
        const callee = skipOuter(call.expression);
        const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        let isChild = CHILD.has(name) && (isFromNodeModule(ctx.checker, nameNode, ['child_process']) || (recv !== undefined && namesModule(ctx, recv, /^(node:)?child_process$/)));
        if (!isChild) {
          // const execAsync = promisify(exec)
          const decl = declarationOf(ctx.checker, nameNode);
          if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isCallExpression(skipOuter(decl.initializer))) {
            const init = skipOuter(decl.initializer) as ts.CallExpression;
            const inner = init.arguments[0];
            if (calleeName(init) === 'promisify' && inner && CHILD.has(inner.getText().replace(/^.*\./, ''))) isChild = true;
          }
        }
        if (!isChild) return;
        const opts = call.arguments.map((a) => objectProps(a)).find((p) => p !== undefined);
        if (opts && (opts.names.has('timeout') || opts.names.has('signal') || opts.spread)) return;
        if (call.arguments.some((a) => ts.isIdentifier(skipOuter(a)) && /opt|config/i.test(a.getText()))) return;
        if (wrappedInDeadline(call)) return;
        ctx.report({ node: call, messageId: 'child', data: { name }, confidence: /^spawn/.test(name) ? 'medium' : 'high' });
        return;
      }
      if (recv && ts.isIdentifier(skipOuter(recv)) && (skipOuter(recv) as ts.Identifier).text === 'axios' && AXIOS_METHODS.has(name)) {
        if (/axios\.defaults\.timeout|timeout\s*:/.test(fileText)) return;
        if (call.arguments.some((a) => { const p = objectProps(a); return p !== undefined && (p.names.has('timeout') || p.names.has('signal') || p.spread); })) return;
        if (call.arguments.some((a) => ts.isIdentifier(skipOuter(a)) && /opt|config/i.test(a.getText()))) return;
        if (wrappedInDeadline(call)) return;
        ctx.report({ node: call, messageId: 'axios', data: { name: `axios.${name}` }, confidence: 'medium' });
      }
    },
  };
}
