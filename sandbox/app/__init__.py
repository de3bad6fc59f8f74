"""The web IDE: type Value code on the left, watch its computation graph on the right.

The app is a house of rooms, one package per concern; each package's docstring
says what it holds and what it may import. The arrows run one way (held by
tests/app/test_rooms.py):

    server.py  ->  page, serving
    page       ->  graph, teaching, training, serving
    teaching   ->  graph
    training   ->  graph
    any room   ->  styles.py

- ``graph/``: drawing the computation graph: a run's graph and positions as the
  columns the figure draws, the Bokeh figure, big graphs in boxes, find, exports,
  standalone files;
- ``teaching/``: what the page says about a node or a step (the chain rule, the
  inspector): data first, thin views over it;
- ``training/``: training a network live: the Training state, the live run, the
  training panel with its curves, decision boundary and network view;
- ``serving/``: how one server process shares itself: the policy and rate
  limits, the book of sessions, /health, websocket delivery, memory, the lost
  connection banner;
- ``page/``: the page shell of one browser tab: the Session state, the toolbar,
  editor, console and links, runs in the background, and the IDE that wires
  every room's views to the session;
- ``server.py``: ``micrograd-sandbox serve``, which builds pages (so no room imports it);
- ``styles.py``: the stylesheet every room's views share (it imports no room).

The app never executes user code itself: every run goes through ``sandbox.runner``.
"""
