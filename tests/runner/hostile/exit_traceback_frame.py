"""A context manager's __exit__ receives the traceback object, whose frames lead out."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Catch:
    def __enter__(self):
        return self
    def __exit__(self, kind, value, tb):
        for name in ("tb_frame", "tb_next"):
            try:
                print(getattr(tb, name))
            except Exception as e:
                print("refused", name, type(e).__name__)
        match tb:
            case object(tb_frame=frame):
                while frame is not None:
                    match frame:
                        case object(f_builtins=b, f_back=back):
                            print(b)
                            frame = back
        return True
with Catch():
    1 / 0
