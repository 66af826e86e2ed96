"""Page names for --page (cnnviz/state/page_names.py)."""
from __future__ import annotations

from cnnviz.state.page_names import PageNames


def test_keys_titles_and_translations_all_find_the_page():
    names = PageNames()
    names.add("lab", "Convolution Lab", "합성곱 실험실")
    names.add("evaluate", "Evaluation", "평가")
    names.add("train", "&Live training")
    assert names.keys() == ["lab", "evaluate", "train"]
    for name, key in [("lab", "lab"), ("LAB", "lab"), ("  convolution   lab ", "lab"), ("합성곱 실험실", "lab"),
                      ("evaluation", "evaluate"), ("Evaluation", "evaluate"), ("평가", "evaluate"),
                      ("Live training", "train"), ("live TRAINING", "train"), ("train", "train")]:
        assert names.key_for(name) == key, name
    assert names.key_for("nope") is None and names.key_for("") is None


def test_a_name_keeps_its_first_page():
    names = PageNames()
    names.add("a", "Same")
    names.add("b", "same")
    assert names.key_for("SAME") == "a"
