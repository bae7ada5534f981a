"""Remembered URLs (plenums.web.links) are exactly Django's reverse(), under any script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from plenums.web import links

ARGS = [
    ("plenums:phrase", ("高质量发展",)),
    ("plenums:phrase", ("A&B 50%",)),
    ("plenums:person", ("高香", "jiading")),
    ("plenums:session", ("jiading-7-9",)),
    ("plenums:committees", ()),
]


@pytest.mark.parametrize(("name", "args"), ARGS)
def test_path_is_reverse(name, args):
    for _ in range(2):  # computed, then remembered
        assert links.path(name, *args) == reverse(name, args=args)


def test_path_follows_the_script_prefix_and_language():
    try:
        set_script_prefix("/archive/")
        assert links.path("plenums:phrase", "十四五") == reverse("plenums:phrase", args=["十四五"])
        assert links.path("plenums:phrase", "十四五").startswith("/archive/phrases/")
    finally:
        set_script_prefix("/")
    assert links.path("plenums:phrase", "十四五").startswith("/phrases/")
    with translation.override("en"):
        assert links.path("plenums:home") == reverse("plenums:home")


def test_path_refuses_what_reverse_refuses():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            links.path("plenums:phrase", "a/b")


@pytest.mark.parametrize(("name", "args"), ARGS)
def test_paths_of_one_page_are_reverse(name, args):
    path = links.paths()
    for _ in range(2):
        assert path(name, *args) == reverse(name, args=args)


def test_paths_follow_the_script_prefix_they_were_made_under():
    try:
        set_script_prefix("/archive/")
        path = links.paths()
        assert path("plenums:phrase", "十四五") == reverse("plenums:phrase", args=["十四五"])
        assert path("plenums:phrase", "十四五").startswith("/archive/phrases/")
    finally:
        set_script_prefix("/")
    assert links.paths()("plenums:phrase", "十四五").startswith("/phrases/")
