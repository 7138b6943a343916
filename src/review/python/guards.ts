/**
 * Guarded uses: code that runs only on some Python versions, or only when a feature is present. A use behind
 * `if sys.version_info >= (3, 11):` (or a constant derived from it), `hasattr(asyncio, "timeout")`, or inside
 * `try:` ... `except ImportError / AttributeError:` is feature detection, neither invented nor too new. Everything
 * here reads the syntax only.
 */
import { unparen, type PyFile, type PyNode } from './analysis.js';

/** How a use stands with respect to the guards around it. */
export type GuardState =
  /** On the target version the branch never runs (`if sys.version_info < (3, 7):` for 3.11), or only for type checkers. */
  | 'dead'
  /** Behind a feature test or a version test we cannot evaluate: the author handles absence. */
  | 'guarded'
  | undefined;

/** Exceptions whose handler makes the `try` body a feature test. */
const FEATURE_ERRORS = /^(ImportError|ModuleNotFoundError|AttributeError|NameError|TypeError)$/;

/** A name that, by convention, holds a version test (`PY_37`, `PY311`, `PYTHON_3_11`, `_PY38_PLUS`). */
const VERSION_FLAG = /^_?(PY|PYTHON)_?3_?\d+/i;

/** `(3, 11)` / `(3, 11, 2)` as numbers; undefined for anything else. */
function versionTuple(node: PyNode): number[] | undefined {
  const n = unparen(node);
  if (n.type !== 'tuple') return undefined;
  const parts = n.namedChildren.map((c) => (c?.type === 'integer' ? Number(c.text) : Number.NaN));
  return parts.length >= 1 && parts.every((p) => Number.isInteger(p)) ? parts : undefined;
}

/** `sys.version_info`, `sys.version_info[:2]`, `version_info` imported from sys. */
function isVersionInfo(file: PyFile, node: PyNode): boolean {
  let n = unparen(node);
  if (n.type === 'subscript') n = unparen(n.childForFieldName('value') ?? n);
  return file.qualify(n) === 'sys.version_info';
}

/** Compares `[3, minor]` (the target line, any patch) with a tuple: -1, 0, 1, or undefined when the patch decides. */
function compareTarget(target: string, tuple: number[]): number | undefined {
  const t = target.split('.').map(Number);
  for (let i = 0; i < tuple.length; i++) {
    const a = t[i];
    const b = tuple[i] as number;
    if (a === undefined) return undefined; // `(3, 11, 2)` against 3.11: depends on the patch release
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

const FLIP: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };

function applyOp(op: string, cmp: number): boolean | undefined {
  switch (op) {
    case '<': return cmp < 0;
    case '<=': return cmp <= 0;
    case '>': return cmp > 0;
    case '>=': return cmp >= 0;
    case '==': return cmp === 0;
    case '!=': return cmp !== 0;
    default: return undefined;
  }
}

/**
 * The value of a version test on the target, or undefined when the condition is not a version test we can
 * evaluate. `seen` stops constants that refer to each other.
 */
export function evalVersionTest(file: PyFile, cond: PyNode, target: string, seen = new Set<string>()): boolean | undefined {
  const c = unparen(cond);
  if (c.type === 'not_operator') {
    const v = evalVersionTest(file, c.childForFieldName('argument') ?? c, target, seen);
    return v === undefined ? undefined : !v;
  }
  if (c.type === 'boolean_operator') {
    const l = c.childForFieldName('left');
    const r = c.childForFieldName('right');
    const op = c.childForFieldName('operator')?.text;
    const a = l ? evalVersionTest(file, l, target, seen) : undefined;
    const b = r ? evalVersionTest(file, r, target, seen) : undefined;
    if (op === 'and') return a === false || b === false ? false : a === true && b === true ? true : undefined;
    if (op === 'or') return a === true || b === true ? true : a === false && b === false ? false : undefined;
    return undefined;
  }
  if (c.type === 'identifier') {
    if (seen.has(c.text)) return undefined;
    seen.add(c.text);
    const value = file.moduleValue(c.text);
    return value ? evalVersionTest(file, value, target, seen) : undefined;
  }
  if (c.type !== 'comparison_operator' || c.namedChildCount !== 2) return undefined;
  const [left, right] = c.namedChildren as [PyNode, PyNode];
  const op = c.children.find((k) => k !== null && !k.isNamed)?.text ?? '';
  if (isVersionInfo(file, left)) {
    const t = versionTuple(right);
    const cmp = t ? compareTarget(target, t) : undefined;
    return cmp === undefined ? undefined : applyOp(op, cmp);
  }
  if (isVersionInfo(file, right)) {
    const t = versionTuple(left);
    const cmp = t ? compareTarget(target, t) : undefined;
    return cmp === undefined || !FLIP[op] ? undefined : applyOp(FLIP[op] as string, cmp);
  }
  return undefined;
}

/** The condition tests the Python version or the presence of a feature, even if we cannot evaluate it. */
function isFeatureTest(file: PyFile, cond: PyNode, member: string | undefined, seen = new Set<string>()): boolean {
  const text = cond.text;
  if (/\bversion_info\b|\bPY_?VERSION\b/.test(text)) return true;
  if (member !== undefined && new RegExp(`\\bhasattr\\s*\\([^)]*['"]${member}['"]`).test(text)) return true;
  if (member !== undefined && new RegExp(`\\bgetattr\\s*\\([^)]*['"]${member}['"]`).test(text)) return true;
  for (const id of [cond, ...cond.descendantsOfType('identifier')]) {
    if (!id || id.type !== 'identifier') continue;
    if (VERSION_FLAG.test(id.text)) return true;
    if (seen.has(id.text)) continue;
    seen.add(id.text);
    const value = file.moduleValue(id.text);
    if (value && isFeatureTest(file, value, member, seen)) return true;
  }
  return false;
}

/** The except clauses of a try statement. */
function exceptClauses(tryStmt: PyNode): PyNode[] {
  return tryStmt.namedChildren.filter((c): c is PyNode => c?.type === 'except_clause');
}

/** The handler names only feature-detection errors (or everything). */
function catchesFeatureError(file: PyFile, clause: PyNode): boolean {
  const first = clause.namedChildren.find((c) => c !== null && c.type !== 'block' && c.type !== 'comment');
  if (!first) return false; // a bare except handles failures in general, not a missing feature
  const value = first.type === 'as_pattern' ? first.namedChild(0) ?? first : first;
  const v = unparen(value);
  const items = v.type === 'tuple' ? v.namedChildren : [v];
  return items.some((i) => i !== null && FEATURE_ERRORS.test((file.qualify(i) ?? i.text).replace(/^builtins\./, '')));
}

/**
 * Whether `node` (a use of `member`, e.g. `timeout` in `asyncio.timeout`) is dead on the target or guarded.
 * Walks out to the module: the nearest decisive guard wins.
 */
export function guardState(file: PyFile, node: PyNode, target: string, member?: string): GuardState {
  let guarded = false;
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'if_statement' || p.type === 'conditional_expression') {
      const { cond, inThen, inElse, earlier } = branchOf(p, child);
      if (!cond) continue;
      if (/^(typing\.)?TYPE_CHECKING$/.test(cond.text) && inThen) return 'dead';
      // In an elif/else: every earlier condition was false, and for an elif its own is true.
      const tests = inElse ? earlier.map((e) => ({ e, want: false })) : inThen ? [...earlier.map((e) => ({ e, want: false })), { e: cond, want: true }] : [];
      for (const { e, want } of tests) {
        const v = evalVersionTest(file, e, target);
        if (v !== undefined && v !== want) return 'dead';
        // A version test that holds on the target guards nothing: the code runs there as written.
        if (v === undefined && isFeatureTest(file, e, member)) guarded = true;
      }
    } else if (p.type === 'try_statement' && child.type === 'block' && p.childForFieldName('body')?.startIndex === child.startIndex) {
      if (exceptClauses(p).some((c) => catchesFeatureError(file, c))) guarded = true;
    } else if (p.type === 'function_definition' || p.type === 'class_definition') {
      // A module-level guard still covers what is defined inside it; keep walking.
    }
  }
  return guarded ? 'guarded' : undefined;
}

/**
 * For an if statement (or conditional expression) and the child on the way to a use: the condition of the branch
 * the use is in, whether it is the `then` or the final `else` part, and the conditions tested before it.
 */
function branchOf(p: PyNode, child: PyNode): { cond: PyNode | null; inThen: boolean; inElse: boolean; earlier: PyNode[] } {
  if (p.type === 'conditional_expression') {
    // `a if cond else b`: named children are a, cond, b.
    const [a, cond, b] = p.namedChildren;
    if (!cond) return { cond: null, inThen: false, inElse: false, earlier: [] };
    if (a && child.startIndex === a.startIndex) return { cond, inThen: true, inElse: false, earlier: [] };
    if (b && child.startIndex === b.startIndex) return { cond, inThen: false, inElse: true, earlier: [cond] };
    return { cond: null, inThen: false, inElse: false, earlier: [] };
  }
  const cond = p.childForFieldName('condition');
  const consequence = p.childForFieldName('consequence');
  if (consequence && child.startIndex === consequence.startIndex) return { cond, inThen: true, inElse: false, earlier: [] };
  const earlier: PyNode[] = cond ? [cond] : [];
  for (const alt of p.childrenForFieldName('alternative')) {
    if (alt.type === 'elif_clause') {
      const c = alt.childForFieldName('condition');
      if (alt.startIndex === child.startIndex) return { cond: c, inThen: true, inElse: false, earlier: [...earlier] };
      if (c) earlier.push(c);
    } else if (alt.type === 'else_clause' && alt.startIndex === child.startIndex) {
      return { cond, inThen: false, inElse: true, earlier };
    }
  }
  return { cond: null, inThen: false, inElse: false, earlier: [] };
}
