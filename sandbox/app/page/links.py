"""How code gets into the page and out of it: share links, the browser's saved code, and the boot that reads both.

The page reports its URL hash and the code saved in localStorage once it has
rendered (BrowserBridge); a share link wins over saved code, and saved code
over the default example. If the page never reports, the editor's code runs
anyway after BOOT_TIMEOUT_S.
"""

import panel as pn

from sandbox.app.page.bridge import BrowserBridge
from sandbox.app.page.share import ShareLinkError, parse_share, share_url

BOOT_TIMEOUT_S = 2.0  # run the editor's code anyway if the page never reports its hash and storage
LINK_VIEW_KEYS = ("layout", "colour", "size")  # session parameters a link may set


class Links:
    """The bridge to the browser and the effects of its messages.

    session: the Session; code(): the editor's code now; open_code(code): put code in the editor and run it;
    run(): run the editor's code as it is; open_default(): the default preset; notify(text): a message;
    lessons: the LessonState whose open lesson and met goals a link carries.
    """

    def __init__(self, session, code, open_code, run, open_default, notify, lessons=None):
        self.session, self.code, self.open_code, self.run = session, code, open_code, run
        self.lessons = lessons
        self.open_default, self.notify = open_default, notify
        self.bridge = BrowserBridge(width=0, height=0, margin=0)
        self.bridge.param.watch(self._booted, "boot")
        self.bridge.param.watch(self._copied, "copied")
        self._booted_once = False
        pn.state.onload(self._onload)

    def share(self):
        """Put the code and the view into the URL hash, and copy the link."""
        s = self.session
        url = share_url(self.code(), (self.bridge.boot or {}).get("href", ""),
                        layout=s.layout, colour=s.colour, size=s.size, preset=s.preset or None,
                        **(self.lessons.link() if self.lessons is not None else {}))
        n = (self.bridge.share or {}).get("n", 0) + 1
        self.bridge.copied = False
        self.bridge.share = {"hash": url.partition("#")[2], "n": n}
        self.notify("The link to this code is now in the address bar. Copying it…")

    def _onload(self):
        def fallback():
            if not self._booted_once:
                self.run()
        pn.state.add_periodic_callback(fallback, period=int(BOOT_TIMEOUT_S * 1000), count=1)

    def _booted(self, event):
        boot = event.new or {}
        first = not self._booted_once
        self._booted_once = True
        try:
            shared = parse_share(boot.get("hash") or "")
        except ShareLinkError as e:
            self.notify(f"{e} Showing the default example instead.")
            return self.open_default()
        if shared:
            for key in LINK_VIEW_KEYS:
                if shared.get(key) in self.session.param[key].objects:
                    setattr(self.session, key, shared[key])
            self.session.preset = shared.get("preset", "")
            if self.lessons is not None:
                self.lessons.restore(shared.get("lesson"), shared.get("done"))
            return self.open_code(shared["code"])
        if first and boot.get("saved"):
            return self.open_code(boot["saved"])  # what the browser has saved
        if first:
            self.run()

    def _copied(self, event):
        if event.new:
            self.notify("Link copied: anyone who opens it sees this code and this graph.")
