"""Decoding page bytes like a browser: BOM, HTTP charset, <meta>, detection."""
from akhbar.scrapers import extract
from akhbar.scrapers.decode import binary_kind, decode_html, sniff_meta_charset

ARABIC = "صحيفة إسبانية تكشف أسباب الاجتماع الاخير بين مديري المخابرات المغربية والأمريكية"


def _page(charset_meta: str) -> str:
    return (f"<html lang='ar' dir='rtl'><head>{charset_meta}<title>{ARABIC}</title></head>"
            f"<body><h1>{ARABIC}</h1><p>{ARABIC}</p></body></html>")


def test_windows_1256_declared_only_in_meta():
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    data = _page(meta).encode("cp1256")
    assert sniff_meta_charset(data) == "cp1256"
    assert ARABIC in decode_html(data)
    assert extract(data).headline == ARABIC


def test_windows_1256_declared_only_in_http_header():
    data = _page("").encode("cp1256")
    assert ARABIC in decode_html(data, http_charset="windows-1256")


def test_windows_1256_undeclared_is_detected():
    data = (_page("") * 3).encode("cp1256")
    assert ARABIC in decode_html(data)


def test_wrong_declaration_does_not_win_over_valid_utf8():
    data = _page('<meta charset="utf-8">').encode("utf-8")
    # A server default "iso-8859-1" header must not turn valid UTF-8 into mojibake.
    assert ARABIC in decode_html(data, http_charset="iso-8859-1")
    # A page that claims UTF-8 but is really windows-1256 is detected, not mojibake.
    lying = _page('<meta charset="utf-8">').encode("cp1256") * 2
    assert ARABIC in decode_html(lying)


def test_bom_wins():
    data = b"\xef\xbb\xbf" + _page('<meta charset="windows-1256">').encode("utf-8")
    assert ARABIC in decode_html(data)


def test_binary_payloads_are_named():
    assert binary_kind(b"\x89PNG\r\n\x1a\n....") == "a PNG image"
    assert binary_kind(b"%PDF-1.7") == "a PDF document"
    assert binary_kind(b"<html><body>hi</body></html>") is None
