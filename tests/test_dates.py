"""parse_date / find_date_in_text on dates as real pages print them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers.dates import find_date_in_text, parse_date

MACHINE = [
    ("2021-09-12", "2021-09-12"),
    ("2021-09-12T14:30:00Z", "2021-09-12T14:30:00+00:00"),
    ("2015-02-24T19:56:33.374Z", "2015-02-24T19:56:33+00:00"),
    ("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"),
    ("2014-09-02T08:35:27-04:00", "2014-09-02T08:35:27-04:00"),
    ("2019-04-28 06:01:07", "2019-04-28T06:01:07"),
    ("2021-09-12 14:30", "2021-09-12T14:30:00"),
    ("2018-04-05T06:00", "2018-04-05T06:00:00"),
    ("2021/09/12", "2021-09-12"),
    ("Sun, 12 Sep 2021 14:30:00 +0100", "2021-09-12T14:30:00+01:00"),
    ("Sun, 12 Sep 2021 14:30:00 GMT", "2021-09-12T14:30:00+00:00"),
    ("Mon, 06 Jan 2020 08:05:09 -0500", "2020-01-06T08:05:09-05:00"),
    ("Tue, 7 Dec 2021 23:59:59 EST", "2021-12-07T23:59:59-05:00"),
    ("2021-09-12 14:30 GMT+1", "2021-09-12T14:30:00+01:00"),
]

NUMERIC = [
    ("12/09/2021", "2021-09-12"),          # day first: Maghreb/European pages
    ("12.09.2021", "2021-09-12"),
    ("12-09-2021", "2021-09-12"),
    ("05/03/2020 - 10:45", "2020-03-05T10:45:00"),
    ("09/13/2021", "2021-09-13"),          # only readable month-first
    ("12/09/21", "2021-09-12"),
    ("12.09.2021, 14:30 Uhr", "2021-09-12T14:30:00"),
    ("14:30 | 12/09/2021", "2021-09-12T14:30:00"),
]

LATIN_NAMES = [
    ("September 12, 2021", "2021-09-12"),
    ("12 Sep 2021", "2021-09-12"),
    ("Sep. 12, 2021 at 3:04 pm", "2021-09-12T15:04:00"),
    ("Sept 12th, 2021", "2021-09-12"),
    ("Published: March 3, 2020 12:01 a.m.", "2020-03-03T00:01:00"),
    ("3:04 PM ET, Sun September 12, 2021", "2021-09-12T15:04:00"),
    ("12 septembre 2021", "2021-09-12"),
    ("1er février 2021 à 14h30", "2021-02-01T14:30:00"),
    ("Publié le 03 AOÛT 2019 à 09h05", "2019-08-03T09:05:00"),
    ("12 de septiembre de 2021", "2021-09-12"),
    ("12. März 2021", "2021-03-12"),
    ("2021年9月12日", "2021-09-12"),
]

ARABIC = [
    ("12 شتنبر 2021", "2021-09-12"),
    ("١٢ شتنبر ٢٠٢١", "2021-09-12"),
    ("الأحد 12 شتنبر 2021 - 14:30", "2021-09-12T14:30:00"),
    ("الاثنين 3 غشت 2020", "2020-08-03"),
    ("الخميس 24 دجنبر 2020 - 22:10", "2020-12-24T22:10:00"),
    ("نونبر 05 2019", "2019-11-05"),  # month first, as on some English-templated sites
    ("05 نونبر 2019", "2019-11-05"),
    ("السبت 1 ماي 2021", "2021-05-01"),
    ("2 يوليوز 2022", "2022-07-02"),
    ("18 مايو 2021", "2021-05-18"),
    ("الأربعاء, 08 إبريل 2020 - 09:15 ص", "2020-04-08T09:15:00"),
    ("8 ابريل 2020 09:15 م", "2020-04-08T21:15:00"),
    ("8 أبريل 2020", "2020-04-08"),
    ("12 أغسطس 2021 | 10:30 صباحاً", "2021-08-12T10:30:00"),
    ("30 نوفمبر 2019 - 11:00 مساءً", "2019-11-30T23:00:00"),
    ("25 ديسمبر 2020", "2020-12-25"),
    ("12 أيلول 2021", "2021-09-12"),
    ("12 أيلول/سبتمبر 2021", "2021-09-12"),
    ("5 تشرين الأول 2020 10:05 مساءً", "2020-10-05T22:05:00"),
    ("١٥ تشرين الثاني ٢٠١٩", "2019-11-15"),
    ("1 كانون الثاني 2020", "2020-01-01"),
    ("31 كانون الأول 2020", "2020-12-31"),
    ("12 آب 2021", "2021-08-12"),
    ("3 آذار 2021", "2021-03-03"),
    ("الجمعة 14 شباط 2020", "2020-02-14"),
    ("3 جانفي 2021", "2021-01-03"),
    ("28 فيفري 2021", "2021-02-28"),
    ("10 أفريل 2019", "2019-04-10"),
    ("21 جوان 2020", "2020-06-21"),
    ("5 جويلية 2019 على الساعة 08:00", "2019-07-05T08:00:00"),
    ("15 أوت 2021", "2021-08-15"),
    ("نشر بتاريخ 12/09/2021 على الساعة 14:30", "2021-09-12T14:30:00"),
    ("١٢/٠٩/٢٠٢١", "2021-09-12"),
    ("الجمعة 5 صفر 1443 هـ الموافق 12 سبتمبر 2021م", "2021-09-12"),
    ("12 سـبـتـمـبـر 2021", "2021-09-12"),  # tatweel
]

INVALID = [
    None, "", "garbage", "no date here", "31 شتنبر 2021", "30 فبراير 2020",
    "31/04/2021", "2021-13-01", "2021-02-30", "12 شتنبر", "September 2021",
    "منذ ساعتين", "il y a 3 heures", "06.12.34.56.78", "192.168.1.1",
    "12:30", "Page 2 of 14", "1443 صفر 5", "99/99/9999", "12 Foo 2021",
]


@pytest.mark.parametrize("text,expected", MACHINE + NUMERIC + LATIN_NAMES + ARABIC)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", INVALID)
def test_parse_date_rejects(text: str | None) -> None:
    assert parse_date(text) is None


def test_leap_day_only_in_leap_years() -> None:
    assert parse_date("29 فبراير 2020") == "2020-02-29"
    assert parse_date("29 فبراير 2021") is None


@pytest.mark.parametrize("text,tz,expected", [
    ("الأحد 12 شتنبر 2021 - 14:30", "Africa/Casablanca", "2021-09-12T14:30:00+01:00"),
    ("12 janvier 2021 à 10h00", "Europe/Paris", "2021-01-12T10:00:00+01:00"),
    ("12 juillet 2021 à 10h00", "Europe/Paris", "2021-07-12T10:00:00+02:00"),  # DST
    ("2021-09-12 14:30", "+02:00", "2021-09-12T14:30:00+02:00"),
    ("2021-09-12 14:30 +0000", "Europe/Paris", "2021-09-12T14:30:00+00:00"),  # page wins
    ("12 شتنبر 2021", "Africa/Casablanca", "2021-09-12"),  # no time: no offset
    ("2021-09-12 14:30", "Not/AZone", "2021-09-12T14:30:00"),
])
def test_default_tz(text: str, tz: str, expected: str) -> None:
    assert parse_date(text, default_tz=tz) == expected


@pytest.mark.parametrize("line,expected", [
    ("نشر في الأحد 12 شتنبر 2021 على الساعة 14:30", "2021-09-12T14:30:00"),
    ("ناظورسيتي: متابعة | الثلاثاء 7 دجنبر 2021 - 18:45 | 1234 مشاهدة", "2021-12-07T18:45:00"),
    ("By Jane Doe | Published September 12, 2021 | Updated Sept. 13, 2021", "2021-09-12"),
    ("Rédigé par la rédaction le 03/02/2021 à 11:20, mis à jour le 04/02/2021",
     "2021-02-03T11:20:00"),
    ("مرحبا 31 شتنبر 2021 ثم 1 أكتوبر 2021", "2021-10-01"),  # impossible date skipped
    ("لا تاريخ في هذا السطر 12345", None),
])
def test_find_date_in_text(line: str, expected: str | None) -> None:
    assert find_date_in_text(line) == expected


def test_metadata_benchmark_published_times() -> None:
    """Every publishedTime in the shared metadata benchmark keeps its calendar date."""
    pages = Path("/work/shared/benchmarks/metadata/pages")
    if not pages.is_dir():
        pytest.skip("shared benchmark not present")
    seen = 0
    for meta in pages.glob("*/expected-metadata.json"):
        value = json.loads(meta.read_text(encoding="utf-8")).get("publishedTime")
        if value:
            seen += 1
            assert (parse_date(value) or "")[:10] == value[:10], value
    assert seen > 10
