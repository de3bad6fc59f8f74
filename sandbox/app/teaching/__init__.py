"""What the page says about a node or a step: the chain rule at a value, each step narrated, guesses scored.

- ``chain_rule``: the chain rule at a node and a finite-difference check, from a graph dict;
- ``inspector``: one value's numbers and the chain rule at it, as escaped HTML;
  ``click_answer``: the same, all but the numerical check, worked out in the page the moment a value
  is clicked (the server's answer replaces it);
- ``inspector_view``: the inspector's pane under the graph, following the session;
- ``lessons``: the presets as a path of lessons, each goal a few checks read (never run) from its
  preset and checked against a run's result; ``lessons_state``: the open lesson and the met goals
  (param, no Panel); ``lessons_view``: the lesson bar above the editor.
- ``narration``: each forward or backward step as sentences with the numbers, and what to light;
  ``narration_view``: those sentences under the step bar while stepping;
- ``predict``: predict-then-reveal's state (grads hidden until guessed, the score), param only;
  ``predict_view``: its toggle, guess box and verdict in the inspector.

Teaching is data: a pure function of the traced graph (op, inputs, numbers ->
sentences and ids to light), with no Panel in it (``chain_rule``, ``inspector``);
its state is param (``predict``); its views are thin Viewers over the session (``*_view``).

May import: graph (to write numbers as the figure does), styles, Panel for the
views. Not page, training or serving: the page wires teaching in.
"""
