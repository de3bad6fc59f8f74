"""The colours that carry a sign: blue below zero, orange above, apart for colour-blind readers too.

The grad (or data) scale is diverging: ColorBrewer's blues (from RdBu) for
negative numbers, its oranges (from PuOr) for positive ones, near-white at
zero. Blue against orange stays apart under deuteranopia, protanopia and
tritanopia, where red against blue loses much of its difference for
protanopes (tests/app/graph/test_palette.py checks it with colorspacious's
Machado 2009 simulation). The scale is lightened towards white so black text
on a node stays readable (contrast at least 4.5:1, WCAG AA).

>>> len(PALETTE), PALETTE[5]
(11, '#fbfbfb')
"""

from bokeh.palettes import PuOr11, RdBu11

WHITE_BLEND = 0.45  # lighten the scale so black text stays readable on it
NEGATIVE_RAMP = RdBu11[:5]  # ColorBrewer's blues, darkest (most negative) first
ZERO = RdBu11[5]  # near-white
POSITIVE_RAMP = PuOr11[6:]  # ColorBrewer's oranges, lightest first
NEGATIVE, POSITIVE = RdBu11[1], PuOr11[9]  # full strength, for lines and points: a weight's sign, a class


def lighten(hex_colour, share=WHITE_BLEND):
    """The colour mixed with white: share 0 keeps it, 1 is white."""
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in rgb)


PALETTE = [lighten(c) for c in (*NEGATIVE_RAMP, ZERO, *POSITIVE_RAMP)]  # blue < 0 < orange, white at zero
