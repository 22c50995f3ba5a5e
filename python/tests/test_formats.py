"""Scenario formats: KTAB's CSV known by its first row, and a format named for any file."""

import pytest

import parley
from conftest import FLAGSHIP

# KTAB's first row (name, description, actors, dimensions) says the format, whatever the
# header below it calls the columns.
KTAB = (
    'Tiny KTAB,"A test",3,1,\n'
    "Name,Description,Power,Pos 1,Sal 1,\n"
    "A,Alpha,100,20,50,\n"
    "B,Beta,60,70,40,\n"
    "C,Gamma,30,50,30,\n"
)


def test_ktab_is_detected_from_its_first_row(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text(KTAB)
    scenario = parley.Scenario.from_file(path)
    assert [a.id for a in scenario.actors] == ["A", "B", "C"]
    assert [i.id for i in scenario.issues] == ["Pos 1"]
    assert scenario.content_hash == parley.Scenario.from_text(KTAB, "ktab").content_hash


def test_a_named_format_reads_any_file_and_is_not_second_guessed(tmp_path):
    path = tmp_path / "tiny.dat"
    path.write_text(KTAB)
    with pytest.raises(parley.InputError, match="unknown extension"):
        parley.Scenario.from_file(path)
    assert len(parley.load(path, format="ktab").actors) == 3
    with pytest.raises(parley.InputError, match="no 'actor' column"):
        parley.Scenario.from_file(path, format="csv")
    with pytest.raises(parley.InputError, match="unknown scenario format 'xml'"):
        parley.Scenario.from_file(path, format="xml")
    yaml_txt = tmp_path / "flagship.txt"
    yaml_txt.write_text(FLAGSHIP.read_text())
    assert (
        parley.Scenario.from_file(yaml_txt, format="yaml").content_hash
        == parley.load(FLAGSHIP).content_hash
    )
