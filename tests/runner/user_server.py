"""A stand-in web server run as an ordinary user: runs scripts through the runner on request.

Reads one JSON object per line on stdin ({"code", "limits"}), answers one per
line on stdout ({"result", "supervisor_pid", "server_pid"}); {"status": true}
asks for isolation_status() and the runner's tripwire token (the oracles'
language verdict). Started by tests/runner/servers.py.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from sandbox.runner import Layers, Limits, Runner  # noqa: E402


def main():
    runner = Runner(Layers.from_dict(json.loads(sys.argv[1])) if len(sys.argv) > 1 else Layers())
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("status"):
            reply = {"status": runner.status(), "tripwire": runner.tripwire}
        else:
            result = runner.run(request["code"], Limits.from_dict(request.get("limits", {})))
            reply = {"result": result.to_dict()}
        reply.update(supervisor_pid=runner.supervisor_pid, server_pid=os.getpid(), uid=os.getuid())
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    runner.close()


if __name__ == "__main__":
    main()
