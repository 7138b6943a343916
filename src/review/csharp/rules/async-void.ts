import { parseTypeText, type CsType } from '../types.js';
import type { CsRule, CsRuleContext } from '../rule.js';
import type { Basis } from '../../finding.js';
import { argumentsOf, calleeName, isAsyncFunction, parametersOf, receiverOf, returnTypeNode, type CsNode } from '../syntax.js';

/** Delegate types that return nothing: an async lambda converted to one is an async void method. */
const VOID_DELEGATE = /^(Action|TimerCallback|WaitCallback|ThreadStart|ParameterizedThreadStart|SendOrPostCallback|ContextCallback|WaitOrTimerCallback)$/;
/** Delegates raised as events: an async void handler is what events allow. */
const EVENT_DELEGATE = /(EventHandler|Handler)$/;

/** `(object sender, SomethingEventArgs e)`, or any parameter of an EventArgs type (`OnLoad(EventArgs e)` overrides). */
function isEventHandler(fn: CsNode): boolean {
  const params = parametersOf(fn);
  return params.some((p) => /EventArgs\??$/.test(p.childForFieldName('type')?.text ?? '')) ||
    (params.length === 2 && /^object\??$/.test(params[0]?.childForFieldName('type')?.text ?? '') && /^(sender|s|o|source)$/.test(params[0]?.childForFieldName('name')?.text ?? ''));
}

/** The parameter types a lambda argument may convert to, from every overload the catalog or this file knows. */
function delegateTypesFor(ctx: CsRuleContext, lambda: CsNode): { types: CsType[]; callee: string; basis: Basis } | undefined {
  const arg = lambda.parent?.type === 'argument' ? lambda.parent : undefined;
  const call = arg?.parent?.parent;
  if (!arg || !call) return undefined;
  const args = argumentsOf(call);
  const index = args.findIndex((a) => a.node.startIndex === arg.startIndex);
  const named = args[index]?.name;
  if (call.type === 'invocation_expression') {
    const name = calleeName(call);
    // List<T>.ForEach, Array.ForEach and the ForEach of every collection library take an Action.
    if (name === 'ForEach' && ctx.file.signaturesOf(call).length === 0) {
      const recv = receiverOf(call);
      const t = recv ? ctx.file.typeOf(recv)?.type : undefined;
      const known = !!t && (t.array || /^(List|ImmutableList)$/.test(t.name)) || recv?.text === 'Array';
      return { types: [{ name: 'Action', args: [] }], callee: 'ForEach', basis: known ? { kind: 'declared-type', detail: `${recv?.text === 'Array' ? 'Array.ForEach' : 'List<T>.ForEach'} takes an Action<T>` } : { kind: 'name', detail: 'collection ForEach methods take an Action<T>' } };
    }
    const all = ctx.file.signaturesOf(call);
    // The overloads this many arguments can bind (defaults are not in the catalog, so only exact counts and params).
    const exact = all.filter((s) => s.params.length === args.length || s.params.at(-1)?.isParams);
    const sigs = exact.length ? exact : all;
    if (sigs.length) {
      const types = sigs.flatMap((s) => {
        const p = named ? s.params.find((x) => x.name === named) : s.params[Math.min(index, s.params.length - 1)];
        return p && (named || index < s.params.length || p.isParams) ? [p.isParams && p.type.array ? { ...p.type, array: false } : p.type] : [];
      });
      return { types, callee: name, basis: ctx.file.callBasis(call) };
    }
    const decls = ctx.file.callInfo(call).decls ?? [];
    const types = decls.flatMap((d) => (d.params[index]?.type ? [d.params[index]!.type!] : []));
    return types.length ? { types, callee: name, basis: ctx.file.callBasis(call) } : undefined;
  }
  if (call.type === 'object_creation_expression') {
    // `new Thread(async () => ...)`, `new Timer(async _ => ..., null, 0, 1000)`: their delegates return void.
    const typeName = call.childForFieldName('type')?.text ?? '';
    if (/^(System\.Threading\.)?(Thread|Timer)$/.test(typeName) && index === 0) return { types: [{ name: typeName === 'Thread' ? 'ThreadStart' : 'TimerCallback', args: [] }], callee: `new ${typeName}`, basis: { kind: 'catalog', detail: `the ${typeName} constructor takes a ${typeName === 'Thread' ? 'ThreadStart' : 'TimerCallback'}` } };
  }
  return undefined;
}

export const asyncVoid: CsRule = {
  meta: {
    id: 'async-void',
    description: 'An async void method or lambda (outside event handlers): nobody can await it and its exceptions crash the process.',
    severity: 'warning',
    patternId: 'structured-concurrency',
    basis: 'syntax',
  },
  create(ctx) {
    const method = (fn: CsNode): void => {
      if (!isAsyncFunction(fn) || returnTypeNode(fn)?.text !== 'void' || isEventHandler(fn)) return;
      const name = fn.childForFieldName('name');
      ctx.report({
        node: name ?? fn,
        message: `\`async void ${name?.text ?? ''}\` cannot be awaited: callers go on before it finishes, and an exception in it is raised on the thread pool, where it crashes the process. Return \`Task\` and await it (async void is only for event handlers).`,
        suggestion: `async Task ${name?.text ?? ''}(...)`,
      });
    };
    const lambda = (fn: CsNode): void => {
      if (!isAsyncFunction(fn)) return;
      const p = fn.parent;
      // `Action a = async () => ...;`: a declared void delegate.
      if (p?.type === 'variable_declarator') {
        const type = p.parent?.childForFieldName('type');
        const t = type ? parseTypeText(type.text) : undefined;
        if (t && VOID_DELEGATE.test(t.name)) ctx.report({ node: fn, message: `This async lambda is stored as \`${type?.text}\`, which returns nothing: it becomes async void, so nobody can await it and its exceptions crash the process. Declare it as \`Func<Task>\` (or the matching \`Func<..., Task>\`) and await it.` });
        return;
      }
      if (p?.type === 'assignment_expression') return; // `x.Event += async (s, e) => ...`: an event handler
      const d = delegateTypesFor(ctx, fn);
      if (!d || d.types.length === 0) return;
      if (!d.types.every((t) => VOID_DELEGATE.test(t.name)) || d.types.some((t) => EVENT_DELEGATE.test(t.name))) return;
      const loops = /^(ForEach|For|Invoke)$/.test(d.callee);
      ctx.report({
        node: fn,
        basis: d.basis,
        severity: loops ? 'error' : 'warning',
        message: loops
          ? `\`${d.callee}\` takes an \`Action\`, so this async lambda is async void: \`${d.callee}\` returns as soon as each lambda reaches its first await, before the work is done, and exceptions crash the process. Use \`foreach\` with \`await\`, \`await Task.WhenAll(items.Select(async x => ...))\` (bounded), or \`Parallel.ForEachAsync\`.`
          : `\`${d.callee}\` takes a delegate that returns nothing, so this async lambda is async void: nothing awaits it and an exception in it crashes the process. Wrap the body in try/catch that logs, or hand the work to something that awaits a \`Task\`.`,
      });
    };
    return {
      method_declaration: method,
      local_function_statement: method,
      lambda_expression: lambda,
      anonymous_method_expression: lambda,
    };
  },
};
