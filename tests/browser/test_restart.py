"""A server restart under an open tab loses no one's code: it is in localStorage and in the share link.

A user would notice a failure here as: the teacher restarts the server and the
class's code is gone, or the page looks alive while nothing answers.
"""

import os
import tempfile

from conftest import VIEWPORT, editor_text, nodes_by_label, replace_code, wait_for_graph, wait_until

from benchmarks.classroom_load import ServerProcess

CODE = "a = Value(3.0, label='a')\nb = a * a\nb.label = 'kept_across_restart'\nb.backward()\n"
SHOTS = os.environ.get("MICROGRAD_SANDBOX_SHOTS", tempfile.gettempdir())  # screenshots to look at


def _kept(page):
    wait_for_graph(page, lambda v: "kept_across_restart" in v["label"], what="the code from before the restart")
    assert editor_text(page) == CODE
    assert nodes_by_label(page)["a"]["grad"] == "6"


def test_restarting_the_server_under_an_open_tab_keeps_its_code(browser):
    server = ServerProcess()
    try:
        context = browser.new_context(viewport=VIEWPORT)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(server.url)
        wait_for_graph(page)
        replace_code(page, CODE)
        wait_for_graph(page, lambda v: "kept_across_restart" in v["label"], what="the typed code")
        page.get_by_role("button", name="Share").click()
        wait_until(page, lambda: "#code=" in page.url, what="the share link in the address bar")
        shared = page.url

        server.stop()
        banner = page.get_by_role("alert").filter(has_text="connection to the server was lost")
        banner.wait_for(timeout=20_000)  # the page says so instead of looking alive
        server.start()  # the same port, a fresh process: no session survives in memory
        page.screenshot(path=os.path.join(SHOTS, "restart-before-reload.png"))
        banner.get_by_role("button", name="Reload").click()
        _kept(page)  # the hash (and localStorage) bring the code back
        assert page.get_by_role("alert").filter(has_text="connection to the server was lost").count() == 0
        page.screenshot(path=os.path.join(SHOTS, "restart-after-reload.png"))

        page.goto(server.url)  # no hash: localStorage alone
        _kept(page)

        stranger = browser.new_context(viewport=VIEWPORT).new_page()  # no localStorage: the link alone
        stranger.goto(shared)
        _kept(stranger)
        context.close()
    finally:
        server.stop()
