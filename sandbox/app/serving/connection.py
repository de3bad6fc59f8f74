"""What the page says when it loses the server (a restart, a network drop, a closed laptop).

Without this the page looks alive but nothing answers: edits go nowhere and the
graph never changes. The code itself is safe (localStorage and the share link
keep it), so the message says so and offers the reload that brings it back.
"""

from bokeh.models import CustomJS

BANNER_ID = "micrograd-sandbox-disconnected"  # the banner's element id (tests look for it)
MESSAGE = ("The connection to the server was lost, so edits are not being run. "
           "Your code is kept in this browser: reload the page to carry on.")

# NOTE: appended to document.body, outside Panel's shadow roots, so no stylesheet of the app is needed
_SHOW_BANNER = """
if (document.getElementById(ID)) return
const bar = document.createElement("div")
bar.id = ID
bar.setAttribute("role", "alert")
bar.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:1000;padding:10px 16px;font:14px sans-serif;" +
  "background:#fff3bf;color:#5c3c00;border-bottom:1px solid #f59f00;display:flex;gap:12px;align-items:center"
const text = document.createElement("span")
text.textContent = MESSAGE
const reload = document.createElement("button")
reload.textContent = "Reload"
reload.style.cssText = "padding:4px 14px;font:inherit;cursor:pointer"
reload.onclick = () => window.location.reload()
bar.append(text, reload)
document.body.append(bar)
"""


def warn_when_disconnected(doc):
    """Show a banner with a Reload button when the websocket to the server closes."""
    doc.js_on_event("connection_lost", CustomJS(args={"ID": BANNER_ID, "MESSAGE": MESSAGE}, code=_SHOW_BANNER))
