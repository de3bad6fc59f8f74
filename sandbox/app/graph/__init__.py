"""Drawing the computation graph: from a traced graph and its positions to the figure, and files of it.

- ``scene``: a graph plus positions as the columns the figure draws (no Bokeh);
  ``grouped_scene``, ``lens``: big graphs made of Modules, in boxes that open and fold (a repeat's copies
  of one computation stacked, one of them shown);
- ``find``: find a value by id or label, and its path to the output;
- ``graph_view``, ``group_layers``, ``framing``: the Bokeh figure, built once and patched;
- ``palette``: the colours of a sign (blue below zero, orange above), shared with the training views;
- ``explore``: the find box and the open/fold buttons under the graph;
- ``export``: DOT, JSON and SVG; ``standalone``: the figure as an .html or .png file.

May import: engine, layouts, Panel, Bokeh, numpy. No other room of the app: the
teaching, training and page rooms build on this one, and `micrograd-sandbox
render` uses it without a server.
"""
