"""Where everything sits on the page: the toolbar, the editor beside the graph, and the row below them.

Embedded (``?embed=1``, an iframe in a course page) the page is the editor and
the graph only. A new feature's view is placed here with one line.
"""

import panel as pn

from sandbox.app.styles import CSS, FIT_NARROW_CSS, PAGE_NARROW_CSS, STACK_NARROW_CSS

EDITOR_SHARE = "36%"  # of the page's width; the graph takes what the editor leaves
EDITOR_MIN_WIDTH = {False: "320px", True: "220px"}  # embedded (an iframe, e.g. 700 x 450) the editor may shrink more
TRAINING_SHARE = "64%"  # of the row below for the training panel, when a script trains
BELOW_HEIGHT = 230  # pixels for the row of the training panel, the inspector and the console
# the page's <head> (a Jinja block of Panel's page): phones lay it out at their own width, not a desktop's 980 px
SCREEN_WIDTH_HEAD = ('{% block postamble %}<meta name="viewport" content="width=device-width, initial-scale=1">'
                     '{% endblock %}')


def page_layout(ide):
    """The page of one IDE (see ide.py for what each part is)."""
    explore = [] if ide.embed else [ide.explorer]
    # the banners float over the top of the graph: showing one never moves the editor or the graph
    graph_area = pn.Column(ide.banners, ide.graph, *explore, ide.steps, ide.narration, sizing_mode="stretch_both",
                           styles={"position": "relative", "min-width": "0"},  # shrinks: never wider than the page
                           css_classes=["graph-area"], stylesheets=[FIT_NARROW_CSS])
    lessons = [] if ide.embed else [ide.lesson_bar]
    editor_area = pn.Column(*lessons, ide.about, ide.editor, sizing_mode="stretch_both", css_classes=["editor-area"],
                            styles={"flex": f"0 0 {EDITOR_SHARE}", "min-width": EDITOR_MIN_WIDTH[ide.embed]})
    # on a narrow screen (styles.NARROW_PX) the editor goes above the graph, and the row below stacks too
    main = pn.Row(editor_area, graph_area, sizing_mode="stretch_both", css_classes=["main"],
                  stylesheets=[STACK_NARROW_CSS])
    if ide.embed:
        return pn.Column(ide.toolbar.embedded(), main, ide.links.bridge, ide.keys, sizing_mode="stretch_both",
                         stylesheets=[CSS, PAGE_NARROW_CSS])
    # the training panel shares the row below the editor and the graph: appearing, it moves neither
    training = pn.Column(ide.trainer.panel, visible=ide.trainer.training.param.visible, sizing_mode="stretch_both",
                         margin=(0, 6, 0, 0), styles={"flex": f"0 0 {TRAINING_SHARE}", "min-width": "0"})
    below = pn.Row(training, ide.inspector, ide.console, sizing_mode="stretch_width", height=BELOW_HEIGHT,
                   css_classes=["below"], stylesheets=[STACK_NARROW_CSS])
    return pn.Column(ide.toolbar, main, below, ide.links.bridge, ide.keys, sizing_mode="stretch_both",
                     stylesheets=[CSS, PAGE_NARROW_CSS])

