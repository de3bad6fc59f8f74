"""How one server process shares itself between the tabs connected to it.

- ``policy``: what a run and a tab are granted: run limits, rate limits (``--public``);
- ``sessions``: the Classroom: open sessions by client address, and their Gates;
- ``health``: the ``/health`` document;
- ``websocket_delivery``: every deferred update reaches its tab (a fix to Panel 1.9);
- ``memory``: the server's resident memory, logged with big graphs drawn;
- ``collector``: the garbage collector's full collections kept short (pages frozen out of them);
- ``connection``: the banner a page shows when it loses the server.

May import: the runner (``sandbox.runner``), Panel, Bokeh, Tornado. No other
room of the app: the page and server.py build on this one.
"""
