"""No show(): every top-level value that nothing else uses is drawn (lists count too)."""
# ruff: noqa: F821
a = Value(1.0)
b = Value(2.0)
c = a + b
outs = [c * 2, c * 3]
lonely = Value(5.0)
