"""``_strip_controls``' printable shortcuts give what the regular expression gives."""
from __future__ import annotations

from akhbar.scrapers import _CONTROLS, _strip_controls

SAMPLES = ["", "plain", "two\nlines\tand tab", "نص عربي\n\nفقرة", "nbsp\u00a0and\u00adsoft hyphen",
           "zero\u200bwidth", "line\u2028sep", "emoji \U0001f600", "\r\n", "\x0c"]


def test_every_control_and_neighbour_is_handled_as_the_regex_does() -> None:
    for code in list(range(0xA1)) + [0xAD, 0x200B, 0x2028, 0xFEFF]:
        for sample in SAMPLES:
            for text in (chr(code), sample + chr(code), chr(code) + sample, sample + chr(code) + sample):
                assert _strip_controls(text) == _CONTROLS.sub("", text), (code, sample)


def test_empty_and_none_pass_through() -> None:
    assert _strip_controls(None) is None
    assert _strip_controls("") == ""
    assert _strip_controls("a\nb") == "a\nb"
