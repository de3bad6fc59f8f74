"""Keyboard: stepping and the inspector without a mouse, never while the editor (or any input) has focus.

    → or n   next step          ← or p   step back        Home / End   start / end of the pass
    ↓ or j   select the next value (the inspector follows)  ↑ or k   the previous one
    Esc      unselect            g        type a guess (predict mode)

Tab reaches every button; focus is outlined (styles.FOCUS_CSS). The editor
keeps Tab for indenting, so Esc in the editor leaves it (the next Tab goes on
to the graph's controls); a click or Tab brings you back. The page
listens (`Keys`, invisible) and sends each action as a message (a parameter
would lose a key: the server merges changes that arrive within 50 ms); `act`
applies it to the Session. Keys with Ctrl, Alt or Meta are left alone
(Ctrl+Enter runs the editor's code).
"""

import param
from panel.custom import JSComponent

KEYS = {"ArrowRight": "next", "n": "next", "ArrowLeft": "back", "p": "back", "Home": "start", "End": "end",
        "ArrowDown": "next value", "j": "next value", "ArrowUp": "previous value", "k": "previous value",
        "Escape": "unselect", "g": "guess"}  # key (KeyboardEvent.key) -> action
GUESS_PLACEHOLDER = "your guess"  # the predict box `g` focuses (predict_view.PredictView.guess)


class Keys(JSComponent):
    """Invisible: calls `on_action(action)` for each key the page handles, in the order pressed."""

    keys = param.Dict(default=KEYS, doc="key -> action; only these keys are taken from the page")

    def __init__(self, on_action=None, **params):
        super().__init__(**params)
        self.on_action = on_action

    def _handle_msg(self, data):
        if self.on_action is not None and isinstance(data, dict) and data.get("action") in KEYS.values():
            self.on_action(data["action"])

    _esm = """
    function deepActive() {
      let a = document.activeElement
      while (a && a.shadowRoot && a.shadowRoot.activeElement) { a = a.shadowRoot.activeElement }
      return a
    }
    function typing(el) {  // the editor, an input or a select keeps its keys
      if (!el) return false
      if (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)) return true
      return Boolean(el.closest && el.closest(".ace_editor"))
    }
    function findInput(root, placeholder) {
      for (const el of root.querySelectorAll("*")) {
        if (el.tagName === "INPUT" && el.placeholder === placeholder && el.offsetParent !== null) return el
        if (el.shadowRoot) { const found = findInput(el.shadowRoot, placeholder); if (found) return found }
      }
      return null
    }
    function aceEditors(root, found) {
      for (const el of root.querySelectorAll("*")) {
        if (el.classList.contains("ace_editor") && el.env && el.env.editor) { found.push(el.env.editor) }
        if (el.shadowRoot) { aceEditors(el.shadowRoot, found) }
      }
      return found
    }
    function escapeLeavesEditor(tries) {  // Esc ends a multi-cursor edit first, as Ace's own Esc does
      const editors = aceEditors(document, [])
      for (const ed of editors) {
        ed.commands.addCommand({name: "leaveEditor", bindKey: {win: "Esc", mac: "Esc"}, exec: (e) => {
          if (e.inMultiSelectMode) { e.exitMultiSelectMode() } else { e.blur() }
        }})
      }
      if (editors.length === 0 && tries > 0) { setTimeout(() => escapeLeavesEditor(tries - 1), 100) }
    }
    export function render({ model }) {
      escapeLeavesEditor(100)
      const onKey = (e) => {
        if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return
        const action = model.keys[e.key]
        if (action === undefined || typing(deepActive())) return
        e.preventDefault()
        if (action === "guess") {
          const box = findInput(document, "GUESS_PLACEHOLDER")
          if (box) box.focus()
          return
        }
        model.send_msg({action: action})
      }
      if (window.__microgradKeys) document.removeEventListener("keydown", window.__microgradKeys)
      window.__microgradKeys = onKey
      document.addEventListener("keydown", onKey)
      return document.createElement("span")
    }
    """.replace("GUESS_PLACEHOLDER", GUESS_PLACEHOLDER)


def act(session, action):
    """Apply a key's action to the session: a step, or another value selected."""
    if action in ("next", "back"):
        session.step_by(1 if action == "next" else -1)
    elif action in ("start", "end"):
        session.step_by(-session.steps if action == "start" else session.steps)
    elif action == "unselect":
        session.selected = ""
    elif action in ("next value", "previous value") and session.scene is not None:
        session.selected = neighbour(drawn_values(session.scene), session.selected,
                                     1 if action == "next value" else -1)


def drawn_values(scene):
    """The ids of the values on screen, in the graph's order (inputs first); a big graph's folded ones are not."""
    if scene.grouped:
        return [v for v in scene.cut().node_ids if v in scene.by_id]
    return scene.order


def neighbour(ids, current, delta):
    """The id delta places from current, stopping at the ends; the first (or last) when current is not there.

    >>> neighbour(["a", "b", "c"], "b", 1), neighbour(["a", "b", "c"], "c", 1), neighbour(["a", "b"], "", -1)
    ('c', 'c', 'b')
    """
    if not ids:
        return ""
    if current not in ids:
        return ids[0] if delta > 0 else ids[-1]
    return ids[max(0, min(len(ids) - 1, ids.index(current) + delta))]
