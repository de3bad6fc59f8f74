"""Write forged training events straight to the run's socket: huge, malformed, and too many."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
big = 64 * 64 * 8
for fd in range(3, 10):
    for data in (b'{"type":"param","name":"' + b"x" * 100000 + b'","value":1,"default":1,"low":null,"high":null}\n',
                 b'{"type":"param","name":"lr","value":"NaN","default":1,"low":null,"high":null}\n',
                 b'{"type":"progress","step":-1,"total":null,"state":"running","t":0}\n',
                 b'{"type":"network","step":0,"sizes":[1000000,1],"acts":["relu"],"weights":[],"biases":[],'
                 b'"weight_grads":[],"bias_grads":[]}\n',
                 b'{"type":"boundary","step":0,"box":[0,1,0,1],"shape":[100000,100000],"scores":[],"points":[],'
                 b'"labels":[]}\n',
                 b'{"type":"progress","step":1,"total":2,"state":"paused","t":0.1}\n' * 10000):
        try:
            os.write(fd, data)
        except Exception:
            pass
