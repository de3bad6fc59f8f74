"""`micrograd-sandbox serve`: start the Panel server with the IDE."""

DEFAULT_PORT = 5006


def add_arguments(parser):
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on (default 5006)")
    parser.add_argument("--address", default="localhost", help="address to bind (default localhost)")
    parser.add_argument("--show", action="store_true", help="open a browser tab")


def main(args):
    import panel as pn

    def page():
        return pn.pane.Markdown("# micrograd-sandbox\nThe IDE is being built; the engine is ready.")

    print(f"micrograd-sandbox: serving on http://{args.address}:{args.port}", flush=True)
    pn.serve(page, port=args.port, address=args.address, show=args.show, title="micrograd-sandbox")
    return 0
