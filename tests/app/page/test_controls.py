"""The step bar's tooltips follow the step mode."""

from sandbox.app.page.controls import StepBar
from sandbox.app.page.state import Session


def test_next_says_towards_the_inputs_in_the_backward_pass():
    session = Session()
    bar = StepBar(session)
    assert bar.next.description.content == "one step forward"
    session.step_mode = "backward"
    assert "forward" not in bar.next.description.content and "inputs" in bar.next.description.content
    session.step_mode = "all"
    assert bar.next.description.content == "one step forward"
