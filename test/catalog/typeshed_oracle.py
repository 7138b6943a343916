"""Completeness oracle for the Python catalog, written apart from its generator (Python's own ast module instead of
tree-sitter): lists every public name typeshed's stubs give the covered modules, their public submodules and their
classes (inherited members included) at one Python version, for every platform, as JSON on stdout.

usage: python3 typeshed_oracle.py <typeshed stdlib dir> <version, e.g. 3.15> <module>...
"""
import ast
import json
import os
import sys

STDLIB = sys.argv[1]
VERSION = tuple(int(x) for x in sys.argv[2].split('.'))
ROOTS = sys.argv[3:]
PLATFORMS = ['linux', 'darwin', 'win32']
PROTOCOL = {'__aenter__', '__aexit__', '__aiter__', '__anext__', '__await__', '__enter__', '__exit__'}


def versions_file():
    ranges = {}
    with open(os.path.join(STDLIB, 'VERSIONS')) as f:
        for line in f:
            line = line.split('#')[0].strip()
            if not line:
                continue
            name, rng = line.split(':')
            lo, _, hi = rng.strip().partition('-')
            ranges[name.strip()] = (tuple(map(int, lo.split('.'))), tuple(map(int, hi.split('.'))) if hi else None)
    return ranges


RANGES = versions_file()


def available(module):
    parts = module.split('.')
    for i in range(len(parts), 0, -1):
        r = RANGES.get('.'.join(parts[:i]))
        if r:
            return VERSION >= r[0] and (r[1] is None or VERSION <= r[1])
    return False


def stub_path(module):
    base = os.path.join(STDLIB, *module.split('.'))
    if os.path.exists(os.path.join(base, '__init__.pyi')):
        return os.path.join(base, '__init__.pyi'), True
    if os.path.exists(base + '.pyi'):
        return base + '.pyi', False
    return None, False


def truth(test, platform):
    """True/False for sys.version_info and sys.platform tests; None when the stub tests something else."""
    if isinstance(test, ast.BoolOp):
        values = [truth(v, platform) for v in test.values]
        if None in values:
            return None
        return all(values) if isinstance(test.op, ast.And) else any(values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        v = truth(test.operand, platform)
        return None if v is None else not v
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = ast.unparse(test.left), test.ops[0], test.comparators[0]
        if left.startswith('sys.version_info') and isinstance(right, ast.Tuple):
            a, b = VERSION[:len(right.elts)], tuple(e.value for e in right.elts)
        elif left == 'sys.platform' and isinstance(right, ast.Constant):
            a, b = platform, right.value
        else:
            return None
        return {ast.GtE: a >= b, ast.Gt: a > b, ast.Lt: a < b, ast.LtE: a <= b, ast.Eq: a == b, ast.NotEq: a != b}.get(type(op))
    if isinstance(test, ast.Call) and ast.unparse(test.func) == 'sys.platform.startswith':
        return platform.startswith(test.args[0].value)
    return None


def live(body, platform):
    """The statements that apply at VERSION on the platform (unknown tests keep both branches)."""
    for stmt in body:
        if isinstance(stmt, ast.If):
            t = truth(stmt.test, platform)
            if t is not False:
                yield from live(stmt.body, platform)
            if t is not True:
                yield from live(stmt.orelse, platform)
        else:
            yield stmt


CACHE = {}


def namespace(module, platform):
    """name -> (kind, target, exported); kind: 'def' (node), 'import' ((module, name)), 'module' (module name)."""
    key = (module, platform)
    if key in CACHE:
        return CACHE[key]
    ns = {}
    CACHE[key] = ns
    path, is_pkg = stub_path(module)
    if not path or not available(module):
        return ns
    tree = ast.parse(open(path).read())
    package = module if is_pkg else module.rpartition('.')[0]
    all_names = None
    for stmt in live(tree.body, platform):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            ns[stmt.name] = ('def', stmt, True)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            ns[stmt.target.id] = ('def', stmt, True)
        elif isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                if isinstance(t, ast.Name):
                    if t.id == '__all__':
                        all_names = [e.value for e in stmt.value.elts] if isinstance(stmt.value, (ast.List, ast.Tuple)) else all_names
                    else:
                        ns[t.id] = ('def', stmt, True)
        elif isinstance(stmt, ast.AugAssign) and ast.unparse(stmt.target) == '__all__' and isinstance(stmt.value, (ast.List, ast.Tuple)):
            all_names = (all_names or []) + [e.value for e in stmt.value.elts]
        elif isinstance(stmt, ast.Import):
            for a in stmt.names:
                if a.asname:
                    ns[a.asname] = ('module', a.name, a.asname == a.name.split('.')[-1])
        elif isinstance(stmt, ast.ImportFrom):
            base = stmt.module or ''
            if stmt.level:
                parts = package.split('.')
                base = '.'.join(parts[:len(parts) - stmt.level + 1] + ([stmt.module] if stmt.module else []))
            for a in stmt.names:
                if a.name == '*':
                    other = namespace(base, platform)
                    names = other.get('__all__', (None, None, None))[1] or [n for n, v in other.items() if v[2] and not n.startswith('_')]
                    for n in names:
                        if n in other:
                            ns[n] = ('import', (base, n), True)
                    continue
                exported = a.asname is not None and a.asname == a.name
                target = ('module', f'{base}.{a.name}', exported) if stub_path(f'{base}.{a.name}')[0] and a.name not in namespace(base, platform) else ('import', (base, a.name), exported)
                ns[a.asname or a.name] = target
    if all_names is not None:
        ns['__all__'] = ('all', all_names, False)
        for n in all_names:
            if n in ns:
                k, t, _ = ns[n]
                ns[n] = (k, t, True)
    return ns


def resolve(module, name, platform, depth=0):
    """Follows imports to (module, ClassDef) or another definition; None when it leaves the stubs."""
    entry = namespace(module, platform).get(name)
    if entry is None and module != 'builtins' and depth == 0:
        entry = namespace('builtins', platform).get(name)
        module = 'builtins'
    if entry is None or depth > 10:
        return None
    kind, target, _ = entry
    if kind == 'import':
        return resolve(target[0], target[1], platform, depth + 1)
    if kind == 'def':
        return (module, target)
    return None


def class_members(module, cls, platform, seen):
    key = (module, cls.name)
    if key in seen:
        return set()
    seen.add(key)
    names = set()
    for b in cls.bases:
        node = b.value if isinstance(b, ast.Subscript) else b
        if isinstance(node, ast.Name):
            r = resolve(module, node.id, platform)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            mod = namespace(module, platform).get(node.value.id)
            r = resolve(mod[1], node.attr, platform) if mod and mod[0] == 'module' else None
        else:
            r = None
        if r and isinstance(r[1], ast.ClassDef) and not (r[0] == 'builtins' and r[1].name == 'object'):
            names |= class_members(r[0], r[1], platform, seen)
    for stmt in live(cls.body, platform):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(stmt.name)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            names.add(stmt.target.id)
        elif isinstance(stmt, ast.Assign):
            names |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
    return {n for n in names if not n.startswith('_') or n in PROTOCOL}


def is_exception(module, cls, platform, depth=0):
    if module == 'builtins' and cls.name == 'BaseException':
        return True
    for b in cls.bases:
        node = b.value if isinstance(b, ast.Subscript) else b
        r = resolve(module, node.id, platform) if isinstance(node, ast.Name) else None
        if r and isinstance(r[1], ast.ClassDef) and depth < 20 and is_exception(r[0], r[1], platform, depth + 1):
            return True
    return False


def submodules(pkg):
    path, is_pkg = stub_path(pkg)
    if not is_pkg:
        return []
    out = []
    for e in sorted(os.listdir(os.path.dirname(path))):
        name = e[:-4] if e.endswith('.pyi') else e
        if name.startswith('_') or name == '__init__':
            continue
        if e.endswith('.pyi') or os.path.exists(os.path.join(os.path.dirname(path), e, '__init__.pyi')):
            out.append(f'{pkg}.{name}')
            out += submodules(f'{pkg}.{name}')
    return out


symbols = set()
modules = [m for m in ROOTS if m != 'builtins'] + [s for m in ROOTS if m != 'builtins' for s in submodules(m)]
for platform in PLATFORMS:
    for module in modules + ['builtins']:
        if not available(module):
            continue
        prefix = '' if module == 'builtins' else f'{module}.'
        if module != 'builtins':
            symbols.add(module)
        for name, (kind, _, exported) in namespace(module, platform).items():
            if not exported or name.startswith('_') or kind in ('all', 'module'):
                continue
            r = resolve(module, name, platform)
            if module == 'builtins':
                # Of builtins the catalog covers aiter, anext and the exception classes.
                if not (name in ('aiter', 'anext') or (r and isinstance(r[1], ast.ClassDef) and is_exception(r[0], r[1], platform))):
                    continue
            symbols.add(prefix + name)
            if r and isinstance(r[1], ast.ClassDef):
                # Builtins classes outside the exception hierarchy (asyncio.TimeoutError is builtins.TimeoutError
                # from 3.11) list their members under builtins.
                for m in class_members(r[0], r[1], platform, set()):
                    symbols.add(f'{prefix}{name}.{m}')
print(json.dumps(sorted(symbols)))
