"""HTML and control characters in labels and printed text: must come back as plain text."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
a = Value(1.0, label="<script>alert('x')</script>")
b = Value(2.0, label="<img src=x onerror=alert(1)>\u0000\u2028")
c = a * b
c.label = '"><b>bold</b>'
print("<h1>hi</h1>\x1b[31m")
