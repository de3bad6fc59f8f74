"""The browser's side of sessions: the URL hash, localStorage and the clipboard.

The hash is never sent to the server when a session starts, so the page reads
it (with the saved code) once it renders and sends both in one message, which
also settles which of the two wins without a race. The page keeps the editor's
code in localStorage itself, on every change: the server never sends it back.
"""

import param
from panel.custom import JSComponent

STORAGE_KEY = "micrograd-sandbox:code"  # localStorage key for the editor's text


class BrowserBridge(JSComponent):
    """Invisible: `boot` arrives once from the page; set `share` to act in it."""

    boot = param.Dict(default=None, allow_None=True, doc="{hash, saved, href} read by the page on load")
    share = param.Dict(default=None, allow_None=True, doc="{hash, n}: put hash in the URL, copy the link")
    copied = param.Boolean(default=False, doc="whether the clipboard took the last link")

    _esm = """
    const KEY = "STORAGE_KEY"
    // Soft-wrap long lines in the code editor: Panel's CodeEditor has no option for it. New Ace
    // sessions take the default; an editor already rendered (in a shadow root) is found and set.
    function aceEditors(root, found) {
      for (const el of root.querySelectorAll("*")) {
        if (el.classList.contains("ace_editor") && el.env && el.env.editor) { found.push(el.env.editor) }
        if (el.shadowRoot) { aceEditors(el.shadowRoot, found) }
      }
      return found
    }
    // NOTE: saved here, not from the server: typing would otherwise send every key's code back to the page
    function keepCode(ed) {
      if (ed.__keptInStorage) { return }
      ed.__keptInStorage = true
      ed.on("change", () => { try { window.localStorage.setItem(KEY, ed.getValue()) } catch (e) {} })
    }
    function softWrap(tries) {
      if (window.ace) { try { window.ace.config.setDefaultValue("session", "wrap", true) } catch (e) {} }
      const editors = aceEditors(document, [])
      for (const ed of editors) {
        if (!ed.session.getUseWrapMode()) { ed.session.setUseWrapMode(true) }
        keepCode(ed)
      }
      if (editors.length === 0 && tries > 0) { setTimeout(() => softWrap(tries - 1), 100) }
    }
    export function render({ model }) {
      let saved = null
      try { saved = window.localStorage.getItem(KEY) } catch (e) {}
      softWrap(100)  // read first: the editor's first text (the default example) is then saved over it
      model.boot = {hash: window.location.hash, saved: saved, href: window.location.href}
      window.addEventListener("hashchange", () => {
        if (!model.share || window.location.hash !== "#" + model.share.hash) {
          model.boot = {hash: window.location.hash, saved: null, href: window.location.href}
        }
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
