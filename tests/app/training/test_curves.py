"""The training curves, without a browser: every row kept, and cheap for the page to redraw while a run streams.

A user would notice a failure here as: a curve missing steps, dots that never
come back for a short run, an axis that jitters on every update, or a curve
that leaves its plot.
"""

import math

import pytest

from sandbox.app.training.curves import DOTS_MAX_ROWS, Y_FILL, Curves
from sandbox.app.training.training import metric_rows


def rows(steps, loss=lambda k: 1.0 / (1 + k), acc=lambda k: min(1.0, k / 50)):
    return metric_rows([{"step": k, "metrics": {"loss": loss(k), "acc": acc(k)}} for k in steps])


def loss_plot(curves):
    plot = curves._plots[0]
    assert plot.figure.name == "loss curve"
    return plot


def y_axis(plot):
    return plot.figure.y_range.start, plot.figure.y_range.end


def test_the_plots_draw_on_a_plain_canvas():
    curves = Curves()
    curves.show(rows(range(3)), total=100)
    assert [p.figure.output_backend for p in curves._plots] == ["canvas", "canvas"]


def test_every_row_reaches_the_line_and_the_dots_go_once_the_curve_is_long():
    curves = Curves()
    curves.show(rows(range(10)), total=1000)
    plot = loss_plot(curves)
    assert plot.dots and all(r.visible for r in plot.dots)
    for start in range(10, 400, 10):
        curves.add(rows(range(start, start + 10)), total=1000)
    line = plot.lines[0]
    assert list(line.data["step"]) == list(range(400))
    assert not any(r.visible for r in plot.dots)
    dots = plot.dots[0].data_source
    assert len(dots.data["step"]) <= DOTS_MAX_ROWS + 10  # no rows sent to hidden dots
    curves.show(rows(range(5)), total=1000)  # a new run, short again: the dots are back, with its rows
    assert all(r.visible for r in plot.dots) and list(dots.data["step"]) == list(range(5))


def test_the_y_axis_moves_in_jumps_and_always_holds_the_values():
    curves = Curves()
    curves.show(rows(range(2)), total=1000)
    plot = loss_plot(curves)
    moves, last = 0, y_axis(plot)
    for k in range(2, 300):
        curves.add(rows([k]), total=1000)
        low, high = plot.low, plot.high
        start, end = y_axis(plot)
        assert start <= low and high <= end  # never a value off the plot
        if (start, end) != last:
            moves, last = moves + 1, (start, end)
            assert high - low >= Y_FILL * (end - start)
    assert 0 < moves < 20  # a loss falling as 1/(1+k): a few jumps, not one per update


@pytest.mark.parametrize("flat", [0.0, 2.5, -1.0])
def test_a_flat_curve_gets_an_axis_of_its_own(flat):
    curves = Curves()
    curves.show(rows(range(5), loss=lambda k: flat), total=10)
    start, end = y_axis(loss_plot(curves))
    assert start < flat < end and math.isfinite(end - start)
