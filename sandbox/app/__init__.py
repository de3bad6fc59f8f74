"""The web IDE: type Value code on the left, watch its computation graph on the right.

Modules, from plain data to the page:

- ``share``: share links (``#code=`` zlib + base64url), pure functions;
- ``chain_rule``: the chain rule at a node and a finite-difference check, from a graph dict;
- ``scene``: a traced graph plus positions as the columns the figure draws (no Bokeh);
- ``state``: the session's state as param classes (no Panel);
- ``runs``: debounced, cancellable runs through the sandbox runner on a worker thread;
- ``graph_view``, ``controls``, ``inspector``, ``bridge``: the views;
- ``page``: one browser tab's IDE, wiring state, views and effects;
- ``server``: ``micrograd-sandbox serve``; ``standalone``: graphs as .html and .png files.

The app never executes user code itself: every run goes through ``sandbox.runner``.
"""
