"""`micrograd-sandbox serve`: start the Panel server with the IDE, for one person or a classroom.

``--public`` is for a server anyone may reach: it refuses to start unless the
runner's OS layers (seccomp and namespaces) are active, gives runs tighter
limits and turns the rate limits on (sandbox/app/serving/policy.py). ``/health``
answers JSON: which isolation layers are active, runs in flight and queued,
sessions open (sandbox/app/serving/health.py). Several processes behind nginx:
deploy/README.md.
"""

import sys

DEFAULT_PORT = 5006
TITLE = "micrograd sandbox"
WEBSOCKET_MAX_BYTES = 50_000_000  # big graphs' first draw can exceed Bokeh's 20 MB default
SESSION_LIFETIME_S = 15.0  # a tab gone this long (its websocket closed) has its session destroyed
SESSION_CHECK_S = 5.0  # how often the server looks for such sessions
EXIT_REFUSED = 2  # `serve --public` on a machine without the OS layers


def add_arguments(parser):
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on (default 5006; 0: any)")
    parser.add_argument("--address", default="localhost", help="address to bind (default localhost)")
    parser.add_argument("--show", action="store_true", help="open a browser tab")
    parser.add_argument("--allow-websocket-origin", action="append", default=None, metavar="HOST[:PORT]",
                        help="extra origins allowed to connect (repeatable)")
    parser.add_argument("--public", action="store_true",
                        help="for a server anyone can reach: require the OS isolation layers, tighter limits, "
                             "rate limits per tab and per client address")
    parser.add_argument("--num-procs", type=int, default=1, metavar="N",
                        help="server processes sharing the port (forked; each has its own sandbox runner)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="scripts running at once per server process (default: twice the CPUs, "
                             "shared out between --num-procs processes)")
    parser.add_argument("--session-lifetime", type=float, default=SESSION_LIFETIME_S, metavar="SECONDS",
                        help="how long a closed tab's session is kept before it is freed (default 15)")


def serve(port=DEFAULT_PORT, address="localhost", show=False, threaded=False, origins=None, policy=None,
          num_procs=1, session_lifetime_s=SESSION_LIFETIME_S):
    """Start the server (returns the server; with threaded=True it runs in a thread)."""
    import panel as pn

    from sandbox.app.page.ide import build_page
    from sandbox.app.serving.collector import freeze_what_is_loaded
    from sandbox.app.serving.health import health_handler
    from sandbox.app.serving.sessions import set_policy
    from sandbox.app.serving.websocket_delivery import install

    install()  # a result must not wait for the next edit to reach its tab
    _settle_bokeh_settings()
    set_policy(policy)
    pn.extension("codeeditor", notifications=False)
    freeze_what_is_loaded()  # full collections walk only what tabs make (and forked servers share the rest)
    lifetime_ms = int(session_lifetime_s * 1000)
    kwargs = {"websocket_max_message_size": WEBSOCKET_MAX_BYTES, "extra_patterns": [(r"/health", health_handler())],
              "unused_session_lifetime_milliseconds": lifetime_ms,
              "check_unused_sessions_milliseconds": min(lifetime_ms, int(SESSION_CHECK_S * 1000))}
    if origins:
        kwargs["websocket_origin"] = origins
    if num_procs != 1:
        kwargs["num_procs"] = num_procs
    return pn.serve(build_page, port=port, address=address, show=show, title=TITLE, threaded=threaded, **kwargs)


def main(args):
    from sandbox.app.serving.policy import Policy
    from sandbox.runner.limits import MAX_WORKERS

    for name in ("num_procs", "workers"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            print(f"micrograd-sandbox serve: --{name.replace('_', '-')} must be at least 1", file=sys.stderr)
            return EXIT_REFUSED
    if args.workers is not None and args.workers > MAX_WORKERS:
        print(f"micrograd-sandbox serve: --workers can be at most {MAX_WORKERS} (runs at once per sandbox; "
              "use --num-procs for more)", file=sys.stderr)
        return EXIT_REFUSED
    status = _start_runner(args.workers)
    _log_to_stdout("micrograd_sandbox")
    if args.public and not (status or {}).get("os_layers_ok"):
        print("micrograd-sandbox serve: --public needs the sandbox's OS layers (seccomp and namespaces), and "
              f"they are not active here: {status}. Install bubblewrap and libseccomp2 (tests/run.sh does).",
              file=sys.stderr, flush=True)
        return EXIT_REFUSED
    if args.num_procs != 1:
        _runner_per_process(args.workers, args.num_procs)
        _stop_forked_servers_with_this_one()
    mode = "public" if args.public else "local"
    print(f"micrograd-sandbox: serving on http://{args.address}:{args.port} ({mode}, {args.num_procs} process(es))",
          flush=True)
    serve(port=args.port, address=args.address, show=args.show, origins=args.allow_websocket_origin,
          policy=Policy.for_public() if args.public else Policy(), num_procs=args.num_procs,
          session_lifetime_s=args.session_lifetime)
    return 0


def _settle_bokeh_settings():
    """Bokeh's defaults, set once: it otherwise looks each one up again (environment, config files).

    NOTE: every message, model and binary array gets an id through settings.simple_ids(), whose
    lookup reads the environment several times; set, it is a field read.
    """
    from bokeh.settings import settings

    settings.simple_ids.set_value(settings.simple_ids())


def _log_to_stdout(name):
    """The app's own log lines (e.g. server memory per big graph drawn) on stdout, Tornado's left as they are."""
    import logging

    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("micrograd-sandbox: %(message)s"))
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _capacity(workers):
    from sandbox.runner import Capacity

    return None if workers is None else Capacity.for_workers(workers)


def _start_runner(workers):
    """The runner's supervisor starts once per server process, before the first session."""
    try:
        from sandbox.runner import configure, isolation_status
    except ImportError:
        print("micrograd-sandbox: WARNING: sandbox.runner is missing; running code WITHOUT isolation", flush=True)
        return None
    configure(_capacity(workers))
    status = isolation_status()
    print(f"micrograd-sandbox: runner isolation: {status}", flush=True)
    return status


def _runner_per_process(workers, num_procs):
    """Forked server processes must not share one supervisor's pipes: each starts its own on first use.

    Without --workers, the machine's default share of scripts at once is divided between the
    processes: N processes on the same cores run no more scripts at once than one would.
    """
    from sandbox.runner import configure
    from sandbox.runner.limits import WORKERS

    configure(_capacity(workers or max(1, WORKERS // num_procs)))


def _stop_forked_servers_with_this_one():
    """--num-procs: SIGTERM (or Ctrl+C) on the process started stops the server processes it forks.

    Tornado's forking parent only waits on its children (and restarts one killed by a signal); ended
    itself, it would leave them serving the port. The handler is inherited by the children, where it
    does what the signal would have done.
    """
    import os
    import signal
    from pathlib import Path

    parent = os.getpid()

    def stop(signum, frame):
        if os.getpid() != parent:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        for task in Path(f"/proc/{parent}/task").iterdir():
            for child in (task / "children").read_text().split():
                os.kill(int(child), signal.SIGTERM)
        os._exit(0)  # not back into Tornado's loop, which would start new children

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)


if __name__ == "__main__":  # `python -m sandbox.app.server --port N`: the same as `micrograd-sandbox serve`
    import argparse

    parser = argparse.ArgumentParser(prog="micrograd-sandbox serve", description=__doc__)
    add_arguments(parser)
    sys.exit(main(parser.parse_args()))
