"""The browser's side of sessions: the URL hash, localStorage and the clipboard.

The hash is never sent to the server when a session starts, so the page reads
it (with the saved code) once it renders and sends both in one message, which
also settles which of the two wins without a race.
"""

import param
from panel.custom import JSComponent

STORAGE_KEY = "micrograd-sandbox:code"  # localStorage key for the editor's text


class BrowserBridge(JSComponent):
    """Invisible: `boot` arrives once from the page; set `saved_code` or `share` to act in it."""

    boot = param.Dict(default=None, allow_None=True, doc="{hash, saved, href} read by the page on load")
    saved_code = param.String(default=None, allow_None=True, doc="written to localStorage when set")
    share = param.Dict(default=None, allow_None=True, doc="{hash, n}: put hash in the URL, copy the link")
    copied = param.Boolean(default=False, doc="whether the clipboard took the last link")

    _esm = """
    const KEY = "STORAGE_KEY"
    export function render({ model }) {
      let saved = null
      try { saved = window.localStorage.getItem(KEY) } catch (e) {}
      model.boot = {hash: window.location.hash, saved: saved, href: window.location.href}
      window.addEventListener("hashchange", () => {
        if (!model.share || window.location.hash !== "#" + model.share.hash) {
          model.boot = {hash: window.location.hash, saved: null, href: window.location.href}
        }
      })
      model.on("saved_code", () => {
        try { window.localStorage.setItem(KEY, model.saved_code) } catch (e) {}
      })
      model.on("share", () => {
        const want = "#" + model.share.hash
        if (window.location.hash !== want) { window.location.hash = want }
        if (navigator.clipboard) {
          navigator.clipboard.writeText(window.location.href).then(
            () => { model.copied = true }, () => { model.copied = false })
        }
      })
      return document.createElement("span")
    }
    """.replace("STORAGE_KEY", STORAGE_KEY)
