"""A decoy in the sandbox's insides, and the check that sees it come out.

The caller makes a random token for each supervisor; the zygote puts it where
only a script past the language layer can look: as a name in the real
builtins (so also in every module's globals, whose ``__builtins__`` is that
dict) and in the environment. A script that prints what it found there (a
dict of builtins, a module's globals, os.environ) writes the token, and the
supervisor, seeing it in the run's output, stops the run and keeps all of its
output from the caller. A careful attacker can avoid printing it, so this is
an alarm, not a wall; the tests use the same token to judge the language layer
by itself, with the OS layers on as well as off.
"""

import builtins
import os
import secrets

ENV = "MGSBX_TRIPWIRE"  # the variable that carries the token from the caller to the supervisor and the zygote
TOKEN_BYTES = 16  # random bytes of a token (its hex is twice as long)


def new_token():
    return secrets.token_hex(TOKEN_BYTES)


def plant(token):
    """In the zygote, before any run: the token as a builtin's name and value (it is in os.environ already)."""
    setattr(builtins, f"_tripwire_{token}", token)


class Detector:
    """Says whether the token went by in a run's output, read chunk by chunk (a chunk may cut it in two)."""

    def __init__(self, token):
        self.token = token.encode() if token else None
        self.tail = b""

    def seen(self, chunk):
        if self.token is None:
            return False
        data = self.tail + chunk
        self.tail = data[-(len(self.token) - 1):]
        return self.token in data


def from_environment():
    return os.environ.get(ENV) or None
