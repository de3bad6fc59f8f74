"""The grad scale read by colour-blind eyes: signs apart, magnitudes in order, text readable on every colour.

Colour vision deficiency is simulated with colorspacious (Machado, Oliveira and Fernandes 2009, at full
severity) and colours compared by their distance in CAM02-UCS (about 1 is the least a person can see).
"""

import numpy as np
import pytest

from sandbox.app.graph.palette import NEGATIVE, PALETTE, POSITIVE

cs = pytest.importorskip("colorspacious")

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")  # at severity 100: deuteranopia, protanopia, ...
SIGN_APART_MIN = 10.0  # CAM02-UCS distance between -v and +v, for every v on the scale: two colours, not shades
STEP_APART_MIN = 4.0  # ... between neighbouring steps of the scale: a bigger gradient looks different
TEXT_CONTRAST_MIN = 4.5  # WCAG AA for black text on every colour of the scale


def _rgb(colours):
    return np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colours], dtype=float) / 255


def _seen(colours, deficiency):
    rgb = _rgb(colours)
    if deficiency is None:
        return rgb
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(cs.cspace_convert(rgb, space, "sRGB1"), 0, 1)


def _problems(palette, deficiency):
    """What a reader with this deficiency (None: none) could not tell apart on a diverging palette."""
    seen = _seen(palette, deficiency)
    n = len(palette)
    problems = []
    for i in range(n // 2):
        d = cs.deltaE(seen[i], seen[n - 1 - i], input_space="sRGB1")
        if d < SIGN_APART_MIN:
            problems.append(f"step {i} and its mirror {n - 1 - i} are {d:.1f} apart")
    for i in range(n - 1):
        d = cs.deltaE(seen[i], seen[i + 1], input_space="sRGB1")
        if d < STEP_APART_MIN:
            problems.append(f"steps {i} and {i + 1} are {d:.1f} apart")
    lightness = cs.cspace_convert(seen, "sRGB1", "CAM02-UCS")[:, 0]
    middle = n // 2
    if not (np.all(np.diff(lightness[:middle + 1]) > 0) and np.all(np.diff(lightness[middle:]) < 0)):
        problems.append("lightness does not fall from zero towards both ends")
    return problems


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_a_colour_blind_reader_tells_a_negative_gradient_from_a_positive_one(deficiency):
    assert _problems(PALETTE, deficiency) == []


def test_the_check_catches_scales_colour_blind_readers_cannot_read():
    """The same check fails a red-green scale for deuteranopes, and the red-blue one this scale replaced (its
    lightest red and blue, lightened alike) for protanopes: it can fail, and it is why the scale changed."""
    from bokeh.palettes import RdBu11, RdYlGn11

    from sandbox.app.graph.palette import lighten

    mirrors = lambda problems: [p for p in problems if "mirror" in p]
    red_green = [lighten(c) for c in RdYlGn11]
    assert len(mirrors(_problems(red_green, None))) <= 1  # most eyes tell all but its palest pair apart ...
    assert len(mirrors(_problems(red_green, "deuteranomaly"))) == 5  # ... a deuteranope no pair at all
    red_blue = [lighten(c) for c in RdBu11]
    assert _problems(red_blue, None) == [] and mirrors(_problems(red_blue, "protanomaly"))


def test_black_text_reads_on_every_colour_of_the_scale():
    rgb = _rgb(PALETTE)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    luminance = linear @ [0.2126, 0.7152, 0.0722]
    assert ((luminance + 0.05) / 0.05).min() >= TEXT_CONTRAST_MIN


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_sign_colours_of_weights_and_classes_stay_apart(deficiency):
    """The network view's edges and the decision boundary's points use the same two colours."""
    seen = _seen([NEGATIVE, POSITIVE], deficiency)
    assert cs.deltaE(seen[0], seen[1], input_space="sRGB1") >= 2 * SIGN_APART_MIN
