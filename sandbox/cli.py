"""`micrograd-sandbox`: serve the IDE (the default), run a script, or render its graph.

Each command lives in its own module, which provides ``add_arguments(parser)``
and ``main(args) -> exit code`` and imports nothing heavy at module level, so
``micrograd-sandbox run`` does not pay for importing Panel.
"""

import argparse
import importlib
import sys

COMMANDS = {
    "serve": ("sandbox.app.server", "start the web IDE on http://localhost:5006 (the default)"),
    "run": ("sandbox.runner.command", "run a script in the sandbox exactly as the app does"),
    "render": ("sandbox.render", "run a script and write its laid-out graph to a file"),
}


def build_parser():
    parser = argparse.ArgumentParser(prog="micrograd-sandbox", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(p)
    return parser


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "serve")
    args = build_parser().parse_args(argv)
    return importlib.import_module(COMMANDS[args.command][0]).main(args) or 0


if __name__ == "__main__":
    sys.exit(main())
