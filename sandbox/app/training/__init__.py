"""Training a network live: a script that logs, shows a network or a decision boundary gets a panel.

- ``training``: the Training state (param, no Panel) and the events a run sends, batched;
- ``live``: one live run in the sandbox (Start), its events batched on a thread;
- ``trainer``: the effects: previews from edit runs, live runs on Start/Stop/Step, updates drawn;
- ``training_view``: the panel (buttons, status, the script's controls) over
  ``curves``, ``boundary_view`` and ``network_view``.

May import: graph (scenes and the figure's colours), styles, Panel, Bokeh,
HoloViews. Not page, teaching or serving: the page gives the Trainer what it
needs (how to start a run in the sandbox, where to draw).
"""
