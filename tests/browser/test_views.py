"""The rest of what a person sees: zoom kept, running indicator, stale runs, play, layouts, exports, embed."""

import subprocess
import sys

from conftest import REPO, by_label, replace_code, values, wait_for_graph

SLOW = "for i in range(4_000_000):\n    pass\nslow = Value(1.0, label='slow')\n"
FAST = "fast = Value(2.0, label='fast')\ny = fast * 3\ny.backward()\n"

_RANGES = """() => {
  for (const m of Bokeh.documents[0].all_models)
    if (m.type === "Figure" || (m.x_range && m.y_range && m.renderers))
      return [m.x_range.start, m.x_range.end, m.y_range.start, m.y_range.end]
}"""


def test_zoom_and_pan_survive_an_edit(page):
    replace_code(page, "a = Value(2.0, label='a')\nb = a * 3\nb.label = 'b'\nb.backward()\n")
    wait_for_graph(page, lambda v: "b" in v["label"] and "a" in v["label"])
    box = page.locator(".bk-Canvas").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)  # zoom in
    page.wait_for_timeout(300)  # the wheel's last zoom step lands
    zoomed = page.evaluate(_RANGES)
    replace_code(page, "a = Value(5.0, label='a')\nb = a * 3\nb.label = 'b'\nb.backward()\n")
    wait_for_graph(page, lambda v: by_label(v)["a"]["data"] == "5")
    assert page.evaluate(_RANGES) == zoomed


def test_a_slow_run_shows_running_and_a_newer_edit_replaces_it(page):
    replace_code(page, SLOW)
    page.get_by_text("running…").first.wait_for(timeout=10_000)
    replace_code(page, FAST)  # cancels the slow run in flight
    wait_for_graph(page, lambda v: "fast" in v["label"], what="the newer edit's graph")
    page.wait_for_timeout(1500)
    assert "slow" not in values(page)["label"]  # the stale run never drew


def test_play_runs_the_backward_pass_to_the_end(page):
    replace_code(page, FAST)
    wait_for_graph(page, lambda v: "fast" in v["label"])
    page.get_by_role("button", name="Backward pass").click()
    page.locator("select").last.select_option("fast")
    page.get_by_role("button", name="▶ play").click()
    wait_for_graph(page, lambda v: "?" not in v["grad"], what="every grad revealed by play")
    page.get_by_role("button", name="▶ play").wait_for(timeout=10_000)  # it stopped at the end


def test_forward_steps_reveal_data_from_the_inputs(page):
    replace_code(page, FAST)
    wait_for_graph(page, lambda v: "fast" in v["label"])
    page.get_by_role("button", name="Forward pass").click()
    wait_for_graph(page, lambda v: all(d == "?" for d in v["data"]), what="all data hidden")
    page.get_by_role("button", name="next ›").click()
    wait_for_graph(page, lambda v: v["data"][0] != "?" and v["data"][-1] == "?", what="the first input's data")


def test_switching_to_force_then_back_lays_the_graph_out_again(page):
    before = wait_for_graph(page)
    page.get_by_text("force", exact=True).click()
    forced = wait_for_graph(page, lambda v: (v["x"], v["y"]) != (before["x"], before["y"]), what="force positions")
    assert forced["id"] == before["id"]
    page.get_by_text("layered", exact=True).click()
    wait_for_graph(page, lambda v: (v["x"], v["y"]) == (before["x"], before["y"]), what="layered positions again")


def test_exports_download_dot_json_and_svg(page):
    for label, expect in (("DOT", "digraph"), ("JSON", '"kind": "value"'), ("SVG", "<svg")):
        with page.expect_download() as download:
            page.get_by_role("button", name=label).click()
        assert expect in open(download.value.path()).read()


def test_embed_mode_shows_only_editor_and_graph(context, server_url):
    page = context.new_page()
    page.goto(server_url + "?embed=1")
    wait_for_graph(page)
    assert page.get_by_role("button", name="Share").count() == 0
    assert page.get_by_text("Inspector").count() == 0
    assert page.locator(".ace_content").count() == 1


RENDER_PNG = """
import sys
from engine import Value, trace
from layouts import PositionCache, graph_model
from sandbox.app.graph.standalone import write_png
a = Value(2.0, label="a")
out = a.tanh()
out.backward()
G = graph_model(trace(out, names={"a": a}).to_dict())
write_png(sys.argv[1], G, PositionCache().place(G))
"""


def test_render_writes_a_png_of_the_graph(tmp_path):
    # its own process: Playwright's sync API cannot nest inside the browser fixture's
    subprocess.run([sys.executable, "-c", RENDER_PNG, str(tmp_path / "g.png")], cwd=REPO, check=True, timeout=120)
    assert (tmp_path / "g.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
