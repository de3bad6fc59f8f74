"""``/health``: one JSON document about this server process, for operators, load balancers and tests.

Which isolation layers the sandbox runner has, runs in flight and queued, the
workers, supervisor restarts, sessions open and the garbage collector's pauses. It answers 503 when a public
server lost its OS layers or the sandbox does not answer. No Panel here.
"""

import asyncio
import json
import os

from sandbox.app.serving.collector import pauses
from sandbox.app.serving.sessions import classroom
from sandbox.runner import default_runner, with_verdict

HEALTH_TIMEOUT_S = 5.0  # /health says the sandbox is not answering after this
ISOLATION_KEYS = ("language", "uid_drop", "rlimits", "seccomp", "namespaces", "os_layers_ok")


def health(sessions_open):
    """The /health document (runs in a thread: the runner's lock may be held while a supervisor starts)."""
    room, runner = classroom(), default_runner()
    try:
        status = with_verdict(runner.refresh_status(timeout=HEALTH_TIMEOUT_S))  # asks: a new zygote has a new pid
    except (TimeoutError, OSError, RuntimeError) as e:
        status = {"problem": f"the sandbox supervisor does not answer ({e})", "os_layers_ok": False}
    report = {
        "ok": bool(status["os_layers_ok"] or (not room.policy.public and "problem" not in status)),
        "public": room.policy.public,
        "isolation": {key: status.get(key) for key in ISOLATION_KEYS + ("problem",) if key in status},
        "runs": runner.load(),
        "workers": runner.capacity.to_dict(),
        "supervisor_restarts": runner.restarts,
        "sessions": {"open": sessions_open, "states": room.counts()["open"], "served": room.counts()["served"]},
        "pid": os.getpid(),
        "gc": pauses(),
    }
    if not room.policy.public:  # process ids help an operator (and the fault tests); the public need not see them
        report["supervisor_pid"] = runner.supervisor_pid
        report["zygote_pid"] = status.get("zygote_pid")
    return report


def health_handler():
    from tornado.web import RequestHandler

    class HealthHandler(RequestHandler):
        async def get(self):
            app = self.application
            sessions_open = sum(len(app.get_sessions(path)) for path in app.app_paths)
            report = await asyncio.get_running_loop().run_in_executor(None, health, sessions_open)
            self.set_header("Content-Type", "application/json")
            self.set_header("Cache-Control", "no-store")
            self.set_status(200 if report["ok"] else 503)
            self.write(json.dumps(report))

    return HealthHandler
