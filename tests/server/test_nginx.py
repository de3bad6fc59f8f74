"""deploy/nginx.conf in front of two server processes: sticky tabs, websockets through, a real browser session.

A user would notice a failure here as: a page that loads but never draws (the
websocket reached a process that does not know the session), or a classroom
whose tabs all pile onto one process.
"""

import http.cookiejar
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from benchmarks.classroom_load import free_port
from tests.needs import missing

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "deploy" / "nginx.conf"
JARS = 20  # fresh clients (cookie jars): both processes must get some
NGINX_START_S = 10


def render(listen, upstream_ports, prefix):
    """deploy/nginx.conf with its placeholders filled in."""
    upstreams = "\n".join(f"        server 127.0.0.1:{port};" for port in upstream_ports)
    text = CONFIG.read_text().replace("@LISTEN@", listen).replace("@UPSTREAMS@", upstreams)
    return text.replace("@PREFIX@", str(prefix))


@pytest.fixture
def nginx_in_front(start_server, tmp_path):
    """Two `serve` processes behind nginx on loopback; yields (nginx url, [backends])."""
    if shutil.which("nginx") is None:
        missing("nginx is not installed (tests/run.sh installs it)")
    port = free_port()
    origin = f"127.0.0.1:{port}"
    backends = [start_server("--allow-websocket-origin", origin) for _ in range(2)]
    conf = tmp_path / "nginx.conf"
    conf.write_text(render(origin, [b.port for b in backends], tmp_path))
    proc = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://{origin}/"
    deadline = time.monotonic() + NGINX_START_S
    while True:
        try:
            urllib.request.urlopen(url + "health", timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"nginx did not start: {proc.stderr.read().decode()}") from None
            time.sleep(0.2)
    yield url, backends
    proc.terminate()
    proc.wait(10)


def health_through(url, opener):
    with opener.open(url + "health", timeout=10) as r:
        return json.loads(r.read())


def test_a_client_stays_on_one_process_and_clients_spread_over_both(nginx_in_front):
    url, backends = nginx_in_front
    seen = set()
    for _ in range(JARS):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        opener.open(url, timeout=30).read()  # the page: sets the cookie
        pids = {health_through(url, opener)["pid"] for _ in range(3)}
        assert len(pids) == 1  # every request of this client reached the same process
        seen |= pids
    assert seen == {b.pid for b in backends}


def test_a_browser_session_works_through_nginx_websocket_included(nginx_in_front, browser):
    from tests.browser.conftest import VIEWPORT, nodes_by_label, replace_code, wait_for_graph

    url, backends = nginx_in_front
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        wait_for_graph(page)  # drawn: the websocket reached the process that made the session
        replace_code(page, "a = Value(2.0, label='a')\nb = a * a\nb.label = 'through_nginx'\nb.backward()\n")
        wait_for_graph(page, lambda v: "through_nginx" in v["label"], what="the edit through nginx")
        assert nodes_by_label(page)["a"]["grad"] == "4"
        mine = json.loads(page.request.get(url + "health").text())["pid"]  # with the tab's cookie
        open_by_pid = {b.pid: b.health()["sessions"]["open"] for b in backends}
        assert open_by_pid[mine] == 1 and sum(open_by_pid.values()) == 1, open_by_pid
    finally:
        context.close()
