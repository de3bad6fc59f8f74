"""Presets: the scripts of the Presets menu, and the lesson section a preset's docstring may end with.

If these break, the menu shows a preset without its title, the editor opens a
preset with its goal's checks in it (or the goal cannot be read).
"""

import pytest

from presets import get_preset, list_presets, split_lesson

CODE = '"""Title\nWhat it is.\n\nLook at x.\n"""\nx = Value(1.0)\n'


def test_every_preset_has_a_title_a_description_and_code():
    for preset in list_presets():
        assert preset["title"] and preset["description"] and preset["code"].lstrip().startswith('"""'), preset["name"]


def test_a_lesson_section_is_cut_out_of_the_editors_code_and_read_as_data():
    with_lesson = CODE.replace('Look at x.\n"""', 'Look at x.\n\nLesson: make x big\n    x.data > 9\n\n'
                                                 '    x.grad == 1\n"""')
    code, lesson = split_lesson(with_lesson)
    assert code == CODE
    assert lesson == {"goal": "make x big", "checks": ["x.data > 9", "x.grad == 1"]}
    for preset in list_presets():
        assert "Lesson:" not in preset["code"], preset["name"]


def test_code_without_a_lesson_is_left_as_it_is():
    assert split_lesson(CODE) == (CODE, None)
    assert split_lesson("x = 1\n") == ("x = 1\n", None)
    assert split_lesson('x = """\nLesson: not a docstring\n"""\n') == ('x = """\nLesson: not a docstring\n"""\n', None)


@pytest.mark.parametrize("section, error", [
    ('Lesson: make x big\n    x.data > 9"""', "quotes on a line of their own"),
    ('Lesson: make x big\n"""', "one check a line"),
    ('Lesson:\n    x.data > 9\n"""', "goal after"),
])
def test_a_malformed_lesson_section_names_its_file(section, error):
    with pytest.raises(ValueError, match=f"03_broken.py: .*{error}"):
        split_lesson(CODE.replace('"""\nx', section + "\nx", 1), "03_broken.py")


def test_the_neuron_is_a_lesson_and_the_blank_page_is_not():
    assert get_preset("neuron")["lesson"]["goal"] == "get o above 0.9 by editing one number"
    assert get_preset("blank")["lesson"] is None
