"""Call the training helpers with hostile arguments: odd models, huge loops, control names with escapes."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Trick(MLP):
    @property
    def layers(self):
        return [self] * 100


for attempt in (
    lambda: show_network(Trick(2, [1])),
    lambda: show_network(type("Fake", (), {"layers": []})()),
    lambda: show_boundary(lambda x: float("nan"), [[0.0, 0.0], [1.0, 1.0]], [1, -1]),
    lambda: show_boundary(lambda x: 10 ** 400, [[0.0, 0.0], [1.0, 1.0]], [1, -1]),
    lambda: show_boundary(MLP(2, [1]), [[float("inf"), 0.0]], [1]),
    lambda: param("lr\x1b[2J<script>", 1.0),
    lambda: param("lr", float("nan")),
    lambda: param("lr", 10 ** 400),
    lambda: [param(f"p{i}", 1.0) for i in range(1000)],
):
    try:
        attempt()
    except Exception as e:
        print(type(e).__name__)
for k in steps(10 ** 18):
    log(step=k, loss=float("inf"))
print("done")
