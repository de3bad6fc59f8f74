"""The language layer: AST checks, an import allowlist and curated builtins.

This layer exists for clear messages ("line 3: import of 'os' is not allowed in
the sandbox") and for depth. It is never the only wall: the OS layers (uid,
rlimits, seccomp, namespaces) hold with it switched off.

It must accept ordinary micrograd code: user classes with dunder methods,
``_prev``, ``p.data -= lr * p.grad``. So it refuses only names that reach the
interpreter's insides (frames, code objects, globals of functions, subclass
walks), not dunders as such.
"""

import ast
import builtins
import string
import sys
import types

import engine
import engine.datasets
import engine.graph
import engine.losses
import engine.nn
import engine.optim
import engine.value

ALLOWED_IMPORTS = ("math", "random", "engine", "micrograd", "datasets")  # top-level packages a script may import

# Attributes that lead from ordinary objects to the interpreter's insides.
BLOCKED_ATTRIBUTES = frozenset({
    "__subclasses__", "__bases__", "__base__", "__mro__", "mro", "__globals__", "__builtins__", "__code__",
    "__closure__", "__dict__", "__getattribute__", "__reduce__", "__reduce_ex__", "__import__", "__loader__",
    "__spec__", "__self__", "__func__", "__traceback__", "__context__", "__cause__", "__objclass__",
    "__defaults__", "__kwdefaults__", "__wrapped__", "__module__", "__qualname__", "__getstate__",
    "__setstate__", "__init_subclass__", "__subclasshook__", "__class_getitem__", "__set_name__",
    "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "ag_frame", "ag_code",
    "tb_frame", "tb_next", "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "f_trace",
    "co_code", "co_consts", "func_globals", "format_map",
})
BLOCKED_NAMES = frozenset({"__builtins__", "__import__", "__loader__", "__spec__", "__file__", "__cached__"})

# Python builtins a script may use; everything else (open, exec, eval, compile,
# input, breakpoint, vars, memoryview, ...) is absent.
SAFE_BUILTINS = (
    "abs", "all", "any", "ascii", "bin", "bool", "callable", "chr", "dict", "divmod", "enumerate",
    "filter", "float", "format", "frozenset", "hash", "hex", "int", "isinstance", "issubclass", "iter", "len",
    "list", "map", "max", "min", "next", "object", "oct", "ord", "pow", "print", "range", "repr", "reversed",
    "round", "set", "slice", "sorted", "str", "sum", "tuple", "zip", "property", "staticmethod", "bytearray",
    "classmethod", "super", "type", "hasattr", "id", "bytes", "complex", "globals", "locals", "dir",
    "NotImplemented", "Ellipsis", "None", "True", "False", "__build_class__",
)
SAFE_EXCEPTIONS = tuple(n for n in dir(builtins) if isinstance(getattr(builtins, n), type)
                        and issubclass(getattr(builtins, n), BaseException))


class PolicyError(Exception):
    """The script uses something the sandbox does not allow; carries the line and column."""

    def __init__(self, message, line=None, column=None):
        super().__init__(message)
        self.line, self.column = line, column


# -- modules the script can import: the engine under its own and micrograd's names --

def _alias_module(name, doc, **attrs):
    m = types.ModuleType(name, doc)
    m.__dict__.update(attrs)
    return m


def _build_aliases():
    """micrograd.engine / micrograd.nn give the engine's classes, so micrograd code pastes in unchanged."""
    mg_engine = _alias_module("micrograd.engine", "micrograd.engine, served by this project's engine",
                              Value=engine.value.Value, no_grad=engine.value.no_grad)
    mg = _alias_module("micrograd", "micrograd, served by this project's engine", engine=mg_engine, nn=engine.nn)
    return {"micrograd": mg, "micrograd.engine": mg_engine, "micrograd.nn": engine.nn, "datasets": engine.datasets}


ALIASES = _build_aliases()


def install_aliases():
    """Put the micrograd aliases in sys.modules (inside the zygote), so even plain imports find them."""
    sys.modules.update(ALIASES)


def _public_view(module, views):
    """A copy of a module with its public names only.

    Real modules lead elsewhere (``random._os`` is the os module, ``engine.nn.random``
    is random): a script gets views whose module attributes are views themselves.
    """
    if id(module) in views:
        return views[id(module)]
    view = types.ModuleType(module.__name__, module.__doc__)
    views[id(module)] = view
    for k, v in vars(module).items():
        if k.startswith("_"):
            continue
        if isinstance(v, types.ModuleType):
            if import_allowed(v.__name__):
                setattr(view, k, _public_view(v, views))
        else:
            setattr(view, k, v)
    return view


def _script_modules():
    import math
    import random

    real = {"math": math, "random": random, "engine": engine, "engine.value": engine.value,
            "engine.nn": engine.nn, "engine.graph": engine.graph, "engine.losses": engine.losses,
            "engine.optim": engine.optim, "engine.datasets": engine.datasets, **ALIASES}
    views = {}
    return {name: _public_view(m, views) for name, m in real.items()}


def import_allowed(name):
    return name.split(".")[0] in ALLOWED_IMPORTS


SCRIPT_MODULES = _script_modules()  # what `import X` gives a script under the language layer


def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    """__import__ for scripts: only allowed modules, as public views, never a file read."""
    if level != 0 or not import_allowed(name):
        raise ImportError(f"import of {name!r} is not allowed in the sandbox")
    module = SCRIPT_MODULES.get(name)
    if module is None:
        raise ImportError(f"no module named {name!r} in the sandbox")
    if fromlist:
        return module
    return SCRIPT_MODULES[name.split(".")[0]]


RUNTIME_BLOCKED = BLOCKED_ATTRIBUTES | {"format"}  # getattr(template, "format") would skip the template check


def guarded_getattr(obj, name, *default):
    """getattr that refuses the blocked names even when they are built at run time."""
    if isinstance(name, str) and name in RUNTIME_BLOCKED:
        raise AttributeError(f"attribute {name!r} is not allowed in the sandbox")
    return getattr(obj, name, *default)


def guarded_setattr(obj, name, value):
    if isinstance(name, str) and name in BLOCKED_ATTRIBUTES:
        raise AttributeError(f"attribute {name!r} is not allowed in the sandbox")
    setattr(obj, name, value)


def guarded_hasattr(obj, name):
    try:
        guarded_getattr(obj, name)
    except AttributeError:
        return False
    return True


def engine_names(modules):
    """What a script sees without importing: the engine's public names and the helpers' modules."""
    names = {"Value": engine.value.Value, "no_grad": engine.value.no_grad, "trace": engine.graph.trace,
             "datasets": modules["datasets"], "losses": modules["engine.losses"],
             "optim": modules["engine.optim"], "nn": modules["engine.nn"]}
    for module in (engine.nn, engine.losses, engine.optim):
        for k, v in vars(module).items():
            if not k.startswith("_") and not isinstance(v, types.ModuleType) and k not in ("functools",):
                names.setdefault(k, v)
    return names


def curated_builtins(extra):
    """The builtins dict for a script: safe builtins, guarded getattr and import, plus ``extra``."""
    b = {name: getattr(builtins, name) for name in SAFE_BUILTINS + SAFE_EXCEPTIONS}
    b.update(getattr=guarded_getattr, setattr=guarded_setattr, hasattr=guarded_hasattr, __import__=guarded_import)
    b.update(engine_names(SCRIPT_MODULES))
    b.update(extra)
    return b


def plain_builtins(extra):
    """With the language layer off: every real builtin, plus the sandbox helpers."""
    b = dict(vars(builtins))
    b.update(engine_names({**sys.modules, **ALIASES}))
    b.update(extra)
    return b


# -- AST checks --

def check(tree):
    """Raise PolicyError for the construct the sandbox refuses that comes first in the code."""
    problems = []
    for node in ast.walk(tree):
        try:
            _check_node(node)
        except PolicyError as e:
            problems.append(e)
    if problems:
        raise min(problems, key=lambda e: (e.line or 0, e.column or 0))


def _check_node(node):
    if isinstance(node, ast.Import):
        for alias in node.names:
            _check_import(alias.name, node)
    elif isinstance(node, ast.ImportFrom):
        _check_import("." * node.level + (node.module or ""), node)
    elif isinstance(node, ast.Attribute) and node.attr in BLOCKED_ATTRIBUTES:
        _refuse(f"attribute '{node.attr}' is not allowed in the sandbox", node)
    elif isinstance(node, ast.Name) and node.id in BLOCKED_NAMES:
        _refuse(f"name '{node.id}' is not allowed in the sandbox", node)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        _check_format_call(node)
        node.func.format_checked = True  # this .format is the one just checked; any other is refused
    elif isinstance(node, ast.Attribute) and node.attr == "format" and not getattr(node, "format_checked", False):
        _refuse("str.format is only allowed called on a literal string here; use an f-string", node)


def _check_import(name, node):
    if name.startswith(".") or not import_allowed(name):
        shown = name.split(".")[0] or name
        _refuse(f"import of '{shown}' is not allowed in the sandbox "
                f"(allowed: {', '.join(ALLOWED_IMPORTS)})", node)


def _check_format_call(node):
    """str.format can walk attributes ("{0.__class__}"): allow it on literal templates without walks."""
    template = node.func.value
    if not (isinstance(template, ast.Constant) and isinstance(template.value, str)):
        _refuse("str.format is only allowed on a literal string here; use an f-string", node)
    try:
        fields = list(_format_fields(template.value))
    except ValueError as e:
        _refuse(f"bad format string: {e}", node)
    for f in fields:
        if "." in f or "[" in f or "{" in f:
            _refuse("format fields with '.' or '[' are not allowed in the sandbox; use an f-string", node)


def _format_fields(template):
    """Every replacement field of a format string, nested ones in format specs too."""
    for _, field_name, spec, _ in string.Formatter().parse(template):
        if field_name is not None:
            yield field_name
        if spec:
            yield from _format_fields(spec)


def _refuse(message, node):
    raise PolicyError(message, getattr(node, "lineno", None), getattr(node, "col_offset", None))
