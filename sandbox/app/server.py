"""`micrograd-sandbox serve`: start the Panel server with the IDE."""

DEFAULT_PORT = 5006
TITLE = "micrograd sandbox"
WEBSOCKET_MAX_BYTES = 50_000_000  # big graphs' first draw can exceed Bokeh's 20 MB default


def add_arguments(parser):
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on (default 5006; 0: any)")
    parser.add_argument("--address", default="localhost", help="address to bind (default localhost)")
    parser.add_argument("--show", action="store_true", help="open a browser tab")
    parser.add_argument("--allow-websocket-origin", action="append", default=None, metavar="HOST[:PORT]",
                        help="extra origins allowed to connect (repeatable)")


def serve(port=DEFAULT_PORT, address="localhost", show=False, threaded=False, origins=None):
    """Start the server (returns the server; with threaded=True it runs in a thread)."""
    import panel as pn

    from sandbox.app.page import build_page

    pn.extension("codeeditor", notifications=False)
    kwargs = {"websocket_max_message_size": WEBSOCKET_MAX_BYTES}
    if origins:
        kwargs["websocket_origin"] = origins
    return pn.serve(build_page, port=port, address=address, show=show, title=TITLE, threaded=threaded, **kwargs)


def main(args):
    _start_runner()
    print(f"micrograd-sandbox: serving on http://{args.address}:{args.port}", flush=True)
    serve(port=args.port, address=args.address, show=args.show, origins=args.allow_websocket_origin)
    return 0


def _start_runner():
    """The runner's supervisor starts once per server process, before the first session."""
    try:
        from sandbox.runner import isolation_status
    except ImportError:
        print("micrograd-sandbox: WARNING: sandbox.runner is missing; running code WITHOUT isolation", flush=True)
        return
    status = isolation_status()
    print(f"micrograd-sandbox: runner isolation: {status}", flush=True)


if __name__ == "__main__":  # `python -m sandbox.app.server --port N`: the same as `micrograd-sandbox serve`
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="micrograd-sandbox serve", description=__doc__)
    add_arguments(parser)
    sys.exit(main(parser.parse_args()))
