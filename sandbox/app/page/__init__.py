"""The page shell: one browser tab's IDE, wiring every room's views to the session's state.

- ``state``: the Session (param, no Panel) and the sentences of the status line;
- ``runs``: debounced, cancellable runs through the sandbox runner on a worker thread,
  laid out there (``backend``: the runner and layouts the app stands on);
- ``editor``, ``controls`` (toolbar, step bar), ``banners``, ``console``: the page's own views;
- ``links``, ``share``, ``bridge``: share links, the browser's saved code, the boot;
- ``keys``: the keyboard: stepping and choosing values without a mouse;
- ``ide``: the IDE: every room's views wired to the Session, and the effects between
  them; ``arrangement``: where each view sits on the page.

May import: every room (graph, teaching, training, serving), styles, the runner,
layouts, presets. Nothing imports the page but server.py.
"""
