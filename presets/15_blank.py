"""Blank: a place to start
Value, MLP, show and log are ready to use; the graph redraws as you type.

Write an expression, call .backward(), and watch the gradients appear.
Use show(v) to choose what is drawn; otherwise every result you name is.
To train: `for k in steps(100):` (typing runs one step, Start runs them all),
`lr = param("lr", 0.1)` for a control, log(step=k, loss=loss) for the curves.
"""
a = Value(1.0, label="a")
b = Value(2.0, label="b")
out = (a * b + a).tanh()   # try: (a * b).exp(), a ** b, a / b
out.backward()
