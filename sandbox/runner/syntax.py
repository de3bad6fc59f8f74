"""The language layer's static half: every construct of Python's grammar, classified.

A script's syntax tree is checked node by node, and a node type that is not in
the tables below is refused: a new Python that adds a construct (as 3.12 added
``type X = ...``) cannot open a hole before someone has read what it does.
tests/runner/test_runner_syntax.py enumerates the running Python's ``ast`` and
fails on any node type not classified here.

Where a construct names something, the name is a plain string in the tree, and
each such string is checked here, whatever node holds it:

- attribute names (``a.b``, ``from m import b``, ``case C(b=x)``) against
  BLOCKED_ATTRIBUTES, the ones that lead from ordinary objects to the
  interpreter's insides;
- variable names (``x``, ``def f``, ``except E as x``, ``case x``, ...)
  against BLOCKED_NAMES.

Refused outright: class patterns with positional parts (``case C(x)`` reads the
attributes ``C.__match_args__`` names, which a script sets at run time), async
code (coroutines carry frames, and micrograd needs none), ``except*`` (CPython
3.11 to 3.13.1 has a type confusion bug there, the one behind RestrictedPython's
CVE-2025-22153), and constructs newer than the ones reviewed.
"""

import ast
import string

# Attributes that lead from ordinary objects to the interpreter's insides.
BLOCKED_ATTRIBUTES = frozenset({
    "__subclasses__", "__bases__", "__base__", "__mro__", "mro", "__globals__", "__builtins__", "__code__",
    "__closure__", "__dict__", "__getattribute__", "__reduce__", "__reduce_ex__", "__import__", "__loader__",
    "__spec__", "__self__", "__func__", "__traceback__", "__context__", "__cause__", "__objclass__",
    "__defaults__", "__kwdefaults__", "__wrapped__", "__module__", "__qualname__", "__getstate__",
    "__setstate__", "__init_subclass__", "__subclasshook__", "__class_getitem__", "__set_name__",
    "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "cr_origin", "ag_frame", "ag_code",
    "ag_await", "tb_frame", "tb_next", "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "f_trace",
    "f_generator", "co_code", "co_consts", "func_globals", "format_map",
})
ALLOWED_IMPORTS = ("math", "random", "engine", "micrograd", "datasets")  # top-level packages a script may import
BLOCKED_NAMES = frozenset({"__builtins__", "__import__", "__loader__", "__spec__", "__file__", "__cached__"})
FORMAT = "format"  # str.format walks attributes ("{0.__class__}"): only called on a literal template, checked here

# Nodes that hold no name and change nothing about what a script can reach: operators, literals,
# control flow, comprehensions, and what only wraps other checked nodes.
PLAIN = frozenset({
    "Module", "Expr", "Assign", "AugAssign", "AnnAssign", "Delete", "Pass", "Break", "Continue", "Return",
    "If", "For", "While", "With", "withitem", "Raise", "Try", "Assert", "Lambda", "arguments",
    "Yield", "YieldFrom", "IfExp", "BoolOp", "BinOp", "UnaryOp", "Compare", "NamedExpr",
    "Constant", "JoinedStr", "FormattedValue", "List", "Tuple", "Set", "Dict", "Starred",
    "Subscript", "Slice", "ListComp", "SetComp", "DictComp", "GeneratorExp", "comprehension",
    "Match", "match_case", "MatchValue", "MatchSingleton", "MatchSequence", "MatchOr", "TypeIgnore",
    "Load", "Store", "Del", "And", "Or", "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift",
    "RShift", "BitOr", "BitXor", "BitAnd", "FloorDiv", "Invert", "Not", "UAdd", "USub",
    "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn",
})
# Never in a tree that ast.parse(mode="exec") gives: abstract bases, other modes, deprecated aliases.
NEVER_PARSED = frozenset({
    "AST", "mod", "stmt", "expr", "expr_context", "boolop", "operator", "unaryop", "cmpop", "excepthandler",
    "pattern", "type_ignore", "type_param", "slice", "Interactive", "Expression", "FunctionType", "Suite",
    "Num", "Str", "Bytes", "NameConstant", "Ellipsis", "Index", "ExtSlice", "Param", "AugLoad", "AugStore",
})
REFUSED = {
    "AsyncFunctionDef": "async functions are", "Await": "await is", "AsyncFor": "async for is",
    "AsyncWith": "async with is", "TryStar": "except* is",
    # Python 3.12+: type parameters and aliases; 3.14: template strings (not yet reviewed for the sandbox)
    "TypeAlias": "type aliases are", "TypeVar": "type parameters are", "ParamSpec": "type parameters are",
    "TypeVarTuple": "type parameters are", "TemplateStr": "template strings are",
    "Interpolation": "template strings are",
}


class PolicyError(Exception):
    """The script uses something the sandbox does not allow; carries the line and column."""

    def __init__(self, message, line=None, column=None):
        super().__init__(message)
        self.line, self.column = line, column


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
    kind = type(node).__name__
    if kind in PLAIN:
        return
    rule = CHECKED.get(kind)
    if rule is not None:
        rule(node)
    elif kind in REFUSED:
        _refuse(f"{REFUSED[kind]} not allowed in the sandbox", node)
    else:  # NEVER_PARSED, or a construct of a newer Python
        _refuse(f"'{kind}' is a construct the sandbox does not know, so it is not allowed", node)


# -- the checks of nodes that hold names --

def _attribute(node):
    _attribute_name(node.attr, node)
    if node.attr == FORMAT and not getattr(node, "format_checked", False):
        _refuse("str.format is only allowed called on a literal string here; use an f-string", node)


def _call(node):
    if isinstance(node.func, ast.Attribute) and node.func.attr == FORMAT:
        _check_format_call(node)
        node.func.format_checked = True  # this .format is the one just checked; any other is refused


def _name(node):
    _variable(node.id, node)


def _function(node):
    _variable(node.name, node)


def _arg(node):
    _variable(node.arg, node)


def _keyword(node):
    if node.arg is not None:
        _variable(node.arg, node)


def _except_handler(node):
    if node.name is not None:
        _variable(node.name, node)


def _scope_names(node):  # global / nonlocal
    for name in node.names:
        _variable(name, node)


def _import(node):
    for alias in node.names:
        _check_import(alias.name, node)


def _import_from(node):
    _check_import("." * node.level + (node.module or ""), node)
    for alias in node.names:
        if alias.name != "*":
            _attribute_name(alias.name, node)  # `from m import x` reads the attribute x of m


def _alias(node):
    if node.asname is not None:
        _variable(node.asname, node)


def _match_as(node):  # case x, case ... as x, case *x
    if node.name is not None:
        _variable(node.name, node)


def _match_mapping(node):
    if node.rest is not None:
        _variable(node.rest, node)


def _match_class(node):
    """case C(a=x): reads attribute a of the subject, named as a plain string (not an ast.Attribute)."""
    if node.patterns:
        _refuse("class patterns with positional parts (case C(x)) are not allowed in the sandbox; "
                "name the attributes instead: case C(a=x)", node)
    for attr in node.kwd_attrs:
        _attribute_name(attr, node)
        if attr == FORMAT:
            _refuse("str.format is only allowed called on a literal string here; use an f-string", node)


CHECKED = {
    "Attribute": _attribute, "Call": _call, "Name": _name, "FunctionDef": _function, "ClassDef": _function,
    "arg": _arg, "keyword": _keyword, "ExceptHandler": _except_handler, "Global": _scope_names,
    "Nonlocal": _scope_names, "Import": _import, "ImportFrom": _import_from, "alias": _alias,
    "MatchAs": _match_as, "MatchStar": _match_as, "MatchMapping": _match_mapping, "MatchClass": _match_class,
}


def _attribute_name(name, node):
    if name in BLOCKED_ATTRIBUTES:
        _refuse(f"attribute '{name}' is not allowed in the sandbox", node)


def _variable(name, node):
    if name in BLOCKED_NAMES:
        _refuse(f"name '{name}' is not allowed in the sandbox", node)


def import_allowed(name):
    return name.split(".")[0] in ALLOWED_IMPORTS


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
