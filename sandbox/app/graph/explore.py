"""Exploring a big graph: the find box, and opening and folding groups. A thin view over the Session.

Each action makes a new scene (same positions, other groups open, a path
found) and hands it to ``show(scene, focus=None)``, which the page wires to
the graph view; messages go to ``notify(text)``. ``drawn(values, nodes)``
says how much of a big graph is drawn (the page adds the server's memory).
"""

import panel as pn
from panel.viewable import Viewer

from sandbox.app.graph.find import matches, path_to_output

FIND_OPTIONS_MAX = 5_000  # named values offered as completions (the box takes any id too)
HINT = "click a box to open it · double-click inside an open group to fold it"


class Explorer(Viewer):
    """A bar under the graph: the find box, and for grouped graphs the buttons that open and fold groups."""

    def __init__(self, session, show, notify, drawn, **params):
        super().__init__(**params)
        self.session, self.show, self.notify, self.drawn = session, show, notify, drawn
        self.find_box = pn.widgets.AutocompleteInput(
            placeholder="find: id or label", options=[], restrict=False, case_sensitive=False,
            search_strategy="includes", min_characters=2, width=190, margin=(5, 6))
        b = dict(color="light", margin=(5, 2))
        # no descriptions: their tooltips pop up over the training panel's buttons below
        self.next_hit = pn.widgets.Button(label="next match", width=90, disabled=True, **b)
        self.open_all = pn.widgets.Button(label="Open all", width=80, **b)
        self.fold_all = pn.widgets.Button(label="Fold all", width=80, **b)
        self.fold_one = pn.widgets.Button(label="Fold group", width=150, disabled=True, **b)
        self.hint = pn.pane.HTML("", margin=(4, 8), visible=False, sizing_mode="stretch_width", min_width=200,
                                 styles={"color": "#868e96", "font-size": "11px", "line-height": "14px"})
        self.groups = pn.Row(self.open_all, self.fold_all, self.fold_one, visible=False, margin=0)
        self.bar = pn.Row(self.find_box, self.next_hit, self.groups, self.hint, sizing_mode="stretch_width",
                          styles={"border-top": "1px solid #dee2e6", "flex-wrap": "wrap"})
        self.find_box.param.watch(lambda e: self.find(e.new), "value")
        self.next_hit.on_click(lambda e: self.find(self._last_query, step=True))
        self.open_all.on_click(lambda e: self._apply(*self._scene().open_all()))
        self.fold_all.on_click(lambda e: self._apply(self._scene().fold_all(), None))
        self.fold_one.on_click(lambda e: self.fold_selected())
        session.param.watch(self._follow, ["scene", "selected"])
        self._last_query, self._hit = None, -1

    def __panel__(self):
        return self.bar

    def _scene(self):
        return self.session.scene

    def _follow(self, *events):
        scene = self.session.scene
        grouped = scene is not None and scene.grouped
        self.groups.visible = self.hint.visible = grouped
        if grouped and any(e.name == "scene" for e in events):
            self.hint.object = f"{self.drawn(len(scene.order), scene.cut().drawn)}<br>{HINT}"
        if any(e.name == "scene" for e in events) and scene is not None:
            named = [n["id"] for n in scene.graph["nodes"] if n["label"]][:FIND_OPTIONS_MAX]
            if named != self.find_box.options:
                self.find_box.options = named
        group = scene.group_of(self.session.selected) if grouped and self.session.selected else None
        self.fold_one.disabled = group is None
        self.fold_one.label = f"Fold {scene.tree.label(group)}" if group else "Fold group"
        self._fold_target = group

    # -- actions ----------------------------------------------------------------------------------

    def _apply(self, scene, message, focus=None):
        if scene is not None:
            self.show(scene, focus=focus)
        if message:
            self.notify(message)

    def open_group(self, path):
        scene = self._scene()
        if scene is not None and scene.grouped:
            self._apply(*scene.open_group(path))

    def fold_at(self, x, y):
        scene = self._scene()
        path = scene.open_group_at(x, y) if scene is not None and scene.grouped else None
        if path:
            self._apply(scene.fold_group(path), None)

    def fold_selected(self):
        scene = self._scene()
        if scene is not None and scene.grouped and self._fold_target:
            self._apply(scene.fold_group(self._fold_target), None)

    def find(self, query, step=False):
        """Jump to the best match (the next one with ``step``) and light its path to the output."""
        scene = self._scene()
        if scene is None or not (query or "").strip():
            return
        found = matches(scene.graph["nodes"], query)
        if not found:
            self.notify(f"No value has an id or label like “{query}”.")
            return
        self._hit = self._hit + 1 if step and query == self._last_query else 0
        self._last_query = query
        self.next_hit.disabled = len(found) < 2
        node = found[self._hit % len(found)]
        if scene.grouped:
            scene = scene.show_node(node)
        scene = scene.with_found(path_to_output(scene.edges, node))
        self._apply(scene, None, focus=node)
        self.session.selected = node
        if len(found) > 1:
            more = "+" if len(found) >= 200 else ""
            self.notify(f"“{query}”: match {self._hit % len(found) + 1} of {len(found)}{more}: {node}. "
                        "“next match” shows the next one.")
