"""`micrograd-sandbox run FILE`: run a script in the sandbox exactly as the app does.

Exit status: 0 the script ran to its end, 1 it failed (the error is printed, or
is in the JSON), 2 usage errors such as a missing file.

What the script printed is the user's own text, never a line of ours: it alone
goes to stdout, with every character a terminal would obey (escapes, carriage
returns, bidi overrides) written out as an escape, and each line marked "| "
on a terminal; our own lines (the summary, the error, "[output truncated]")
go to stderr. ``--json`` is ASCII JSON, so no raw control character reaches a
terminal either.
"""

import json
import os
import sys

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MAX_SUMMARY_NODES = 5  # nodes named in the human summary
USER_LINE_MARK = "| "  # starts each line the script printed, when stdout is a terminal
CONTROLS = [c for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in (0x09, 0x0A)]  # all but tab, newline
BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))  # reorder the text shown after them
TERMINAL_SAFE = {**{c: f"\\x{c:02x}" for c in CONTROLS}, **{c: f"\\u{c:04x}" for c in BIDI}}  # str.translate


def add_arguments(parser):
    parser.add_argument("file", metavar="FILE", help="the Python script to run ('-' reads standard input)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the RunResult) instead")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="wall-clock limit (default 5)")
    parser.add_argument("--memory", type=int, metavar="MB", help="memory limit in MB (default 512)")
    parser.add_argument("--live", action="store_true",
                        help="run as the app's Start button does: every step of steps(n), 300 s limit")


def main(args):
    from sandbox.runner import Limits, start

    try:
        code = sys.stdin.read() if args.file == "-" else _read(args.file)
    except (OSError, UnicodeDecodeError) as e:
        print(f"micrograd-sandbox run: cannot read {args.file}: {e}", file=sys.stderr)
        return EXIT_USAGE
    overrides = {}
    if args.timeout is not None:
        if args.timeout <= 0:
            print("micrograd-sandbox run: --timeout must be positive", file=sys.stderr)
            return EXIT_USAGE
        overrides["timeout_s"] = args.timeout
        overrides["cpu_s"] = max(1, int(args.timeout + 0.999))
    if args.memory is not None:
        if args.memory <= 0:
            print("micrograd-sandbox run: --memory must be positive", file=sys.stderr)
            return EXIT_USAGE
        overrides["memory_mb"] = args.memory
    result = start(code, Limits.live(**overrides) if args.live else Limits(**overrides), live=args.live).wait()
    try:
        if args.json:
            print(json.dumps(result.to_dict(), allow_nan=False, separators=(",", ":")))  # ASCII: escapes only
        else:
            _print_human(result)
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK if result.ok else EXIT_FAILED


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def shown(text):
    r"""Text a run made, as a terminal shows it without obeying it.

    >>> shown("ok\x1b[2K\rfake \u202eevil")
    'ok\\x1b[2K\\x0dfake \\u202eevil'
    """
    return text.translate(TERMINAL_SAFE)


def _print_human(result):
    text = shown(result.stdout)
    if sys.stdout.isatty() and text:
        text = USER_LINE_MARK + text.replace("\n", "\n" + USER_LINE_MARK)
        text = text.removesuffix(USER_LINE_MARK)  # after the last newline no line starts
    sys.stdout.write(text)
    if result.stdout and not result.stdout.endswith("\n"):
        print()  # our lines start on a line of their own
    sys.stdout.flush()
    if result.stdout_truncated:
        print("[output truncated]", file=sys.stderr)
    nodes = result.graph["nodes"]
    if result.ok:
        named = [n["label"] or n["id"] for n in nodes if n["label"]][:MAX_SUMMARY_NODES]
        more = f" ({', '.join(named)}{', ...' if len(named) == MAX_SUMMARY_NODES else ''})" if named else ""
        print(f"ok: {len(nodes)} values, {len(result.graph['edges'])} edges{more}, {result.elapsed_s:.3f} s",
              file=sys.stderr)
    else:
        err = result.error
        print(f"error: {shown(err['message'])}", file=sys.stderr)
        for line in err.get("traceback", []):
            print(f"  {shown(line)}", file=sys.stderr)
