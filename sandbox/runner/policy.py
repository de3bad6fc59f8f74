"""The language layer: AST checks, an import allowlist and curated builtins.

This layer exists for clear messages ("line 3: import of 'os' is not allowed in
the sandbox") and for depth. It is never the only wall: the OS layers (uid,
rlimits, seccomp, namespaces) hold with it switched off.

It must accept ordinary micrograd code: user classes with dunder methods,
``_prev``, ``p.data -= lr * p.grad``. So it refuses only names that reach the
interpreter's insides (frames, code objects, globals of functions, subclass
walks), not dunders as such. The static half (every construct of the grammar,
classified) is syntax.py; the run-time half is here: names built at run time
are checked as exact strings, and the builtins that read their caller's frame
(globals, locals, dir) are bound to the script, so that the sandbox's own code,
calling back into the script (``Value(x, zip(iter(globals, 1), [0]))``), never
hands it a module's globals.
"""

import builtins
import sys
import types

import engine
import engine.datasets
import engine.graph
import engine.losses
import engine.nn
import engine.optim
import engine.value
from sandbox.runner.syntax import (  # noqa: F401 -- the language layer's names, in one place for its callers
    ALLOWED_IMPORTS,
    BLOCKED_ATTRIBUTES,
    BLOCKED_NAMES,
    FORMAT,
    PolicyError,
    check,
    import_allowed,
)

SCRIPT_NAME = "<script>"  # the filename user frames carry; everything else is our code or the engine's

# Python builtins a script may use; everything else (open, exec, eval, compile,
# input, breakpoint, vars, memoryview, ...) is absent. globals, locals and dir
# are the script-bound ones below.
SAFE_BUILTINS = (
    "abs", "all", "any", "ascii", "bin", "bool", "callable", "chr", "dict", "divmod", "enumerate",
    "filter", "float", "format", "frozenset", "hash", "hex", "int", "isinstance", "issubclass", "iter", "len",
    "list", "map", "max", "min", "next", "object", "oct", "ord", "pow", "print", "range", "repr", "reversed",
    "round", "set", "slice", "sorted", "str", "sum", "tuple", "zip", "property", "staticmethod", "bytearray",
    "classmethod", "super", "type", "id", "bytes", "complex",
    "NotImplemented", "Ellipsis", "None", "True", "False", "__build_class__",
)
SAFE_EXCEPTIONS = tuple(n for n in dir(builtins) if isinstance(getattr(builtins, n), type)
                        and issubclass(getattr(builtins, n), BaseException))
RUNTIME_BLOCKED = BLOCKED_ATTRIBUTES | {FORMAT}  # getattr(template, "format") would skip the template check


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


SCRIPT_MODULES = _script_modules()  # what `import X` gives a script under the language layer


def exact_str(name, what="attribute name"):
    """name as a plain str; a str subclass is copied first.

    A subclass's __eq__ and __hash__ are the script's code: they could answer
    the blocked-name check one way and the lookup that follows another. The
    copy (str.__str__ of a subclass makes one) is what is checked and used.
    """
    if type(name) is str:
        return name
    if issubclass(type(name), str):
        return str.__str__(name)
    raise TypeError(f"{what} must be a string, not '{type(name).__name__}'")


def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    """__import__ for scripts: only allowed modules, as public views, never a file read."""
    name = exact_str(name, "module name")
    if level != 0 or not import_allowed(name):
        raise ImportError(f"import of {name!r} is not allowed in the sandbox")
    module = SCRIPT_MODULES.get(name)
    if module is None:
        raise ImportError(f"no module named {name!r} in the sandbox")
    if fromlist:
        return module
    return SCRIPT_MODULES[name.split(".")[0]]


def _allowed_name(name, blocked):
    name = exact_str(name)
    if name in blocked:
        raise AttributeError(f"attribute {name!r} is not allowed in the sandbox")
    return name


def guarded_getattr(obj, name, *default):
    """getattr that refuses the blocked names even when they are built at run time."""
    return getattr(obj, _allowed_name(name, RUNTIME_BLOCKED), *default)


def guarded_hasattr(obj, name):
    try:
        guarded_getattr(obj, name)
    except AttributeError:
        return False
    return True


def guarded_setattr(obj, name, value):
    setattr(obj, _allowed_name(name, BLOCKED_ATTRIBUTES), value)


def guarded_delattr(obj, name):
    delattr(obj, _allowed_name(name, BLOCKED_ATTRIBUTES))


def script_scope(namespace):
    """globals, locals and dir for a script, bound to it.

    The real ones read their caller's frame, and the caller is not always the
    script: the engine iterating what a script passed it (``tuple(children)``)
    calls whatever the iterator calls from the engine's own frame. These never
    show a frame that is not the script's own.
    """
    def globals():
        """The script's global variables."""
        return namespace

    def locals():
        """The variables of the script's function (or module) that calls it."""
        return _script_frame("locals").f_locals

    def dir(*obj):
        """dir(obj): the attributes of obj; dir(): the names the script's calling scope has."""
        if obj:
            return builtins.dir(*obj)
        return sorted(_script_frame("dir").f_locals)

    return {"globals": globals, "locals": locals, "dir": dir}


def _script_frame(fn):
    frame = sys._getframe(2)  # the caller of the builtin
    if frame.f_code.co_filename != SCRIPT_NAME:
        raise RuntimeError(f"{fn}() was called from the sandbox's own code, not from the script")
    return frame


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


def curated_builtins(extra, namespace):
    """The builtins dict for a script: safe builtins, guarded getattr and import, plus ``extra``.

    namespace: the script's globals (what its globals() gives).
    """
    b = {name: getattr(builtins, name) for name in SAFE_BUILTINS + SAFE_EXCEPTIONS}
    b.update(getattr=guarded_getattr, setattr=guarded_setattr, hasattr=guarded_hasattr, delattr=guarded_delattr,
             __import__=guarded_import, **script_scope(namespace))
    b.update(engine_names(SCRIPT_MODULES))
    b.update(extra)
    return b


def plain_builtins(extra):
    """With the language layer off: every real builtin, plus the sandbox helpers."""
    b = dict(vars(builtins))
    b.update(engine_names({**sys.modules, **ALIASES}))
    b.update(extra)
    return b
