"""Dates as printed on news pages, to ISO 8601.

Runs on every page (meta values, ``<time>`` elements, bylines, every comment), so
it is a table-driven regex scanner rather than ``dateparser``: that library is
slow and, without a locale hint, wrong for Maghreb dates.

What it reads:

* ISO 8601 and machine formats: ``2021-09-12T14:30:00Z``, ``2021-09-12 14:30``,
  RFC 2822 from feeds (``Sun, 12 Sep 2021 14:30:00 +0100``), ``2021/09/12``.
* Numeric day-month-year: ``12/09/2021``, ``12.09.2021``, ``12-09-21``. These
  are read DAY FIRST, because akhbar's sites are Maghreb and European; only when
  the first number cannot be a month's day pairing (``09/13/2021``) is the
  US month-first order used.
* Month names in English, French, Spanish and German (``September 12, 2021``,
  ``12 Sep 2021``, ``1er février 2021``) and in Arabic in all regional forms:
  Moroccan (شتنبر، غشت، دجنبر), Egyptian/Gulf (سبتمبر، أغسطس), Levantine
  (أيلول، تشرين الأول), Algerian/Tunisian (جانفي، جويلية، أوت), with
  Arabic-Indic digits and any hamza/alef spelling (text goes through
  ``normalize_arabic`` first). Levantine double forms (``أيلول/سبتمبر``) too.
* An optional time after the date (``- 14:30``, ``at 3:04 pm``, ``à 14h30``,
  ``على الساعة 14:30``, ``10:05 مساء``) or just before it, and an offset
  (``Z``, ``+0100``, ``GMT+1``, ``CET``).

Hijri dates are not converted: their month names are not in the tables, so a
line giving both calendars yields the Gregorian one. Not read on purpose:
relative phrases ("منذ ساعتين", "2 days ago": no reference time in a pure
function), Unix timestamps and compact ``20210912`` (indistinguishable from ids),
a month without a day ("September 2021").
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .arabic import normalize_arabic
from .text import INVISIBLE

# --- month tables (keys are already folded: lower case, no accents, normalize_arabic) ---
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv", "enero", "januar", "janner",
        "يناير", "جانفي", "كانون الثاني", "كانون ثاني", "ينار"),
    2: ("february", "feb", "fevrier", "fevr", "fev", "febrero", "februar",
        "فبراير", "فيفري", "شباط", "فبرير"),
    3: ("march", "mar", "mars", "marzo", "marz", "maerz",
        "مارس", "اذار"),
    4: ("april", "apr", "avril", "avr", "abril",
        "ابريل", "افريل", "نيسان", "ابريل"),
    5: ("may", "mai", "mayo",
        "ماي", "مايو", "ايار", "مايه"),
    6: ("june", "jun", "juin", "junio", "juni",
        "يونيو", "يونيه", "جوان", "حزيران"),
    7: ("july", "jul", "juillet", "juil", "julio", "juli",
        "يوليوز", "يوليو", "يوليه", "جويليه", "جويلة", "تموز"),
    8: ("august", "aug", "aout", "agosto",
        "غشت", "اغسطس", "اوت", "اب"),
    9: ("september", "sept", "sep", "septembre", "septiembre", "setiembre",
        "شتنبر", "شتمبر", "سبتمبر", "ايلول"),
    10: ("october", "oct", "octobre", "octubre", "oktober", "okt",
         "اكتوبر", "تشرين الاول", "تشرين اول"),
    11: ("november", "nov", "novembre", "noviembre",
         "نونبر", "نوفمبر", "نوڤمبر", "تشرين الثاني", "تشرين ثاني"),
    12: ("december", "dec", "decembre", "diciembre", "dezember", "dez",
         "دجنبر", "دجمبر", "ديسمبر", "كانون الاول", "كانون اول"),
}
_MONTHS: dict[str, int] = {name: num for num, names in _MONTH_NAMES.items() for name in names}
_MONTH_ALT = "|".join(re.escape(n).replace(r"\ ", r"\s+")
                      for n in sorted(_MONTHS, key=len, reverse=True))

_LETTER_BEFORE = r"(?<![^\W\d_])"   # not preceded by a letter
_NO_LETTER_AFTER = r"(?![^\W\d_])"  # not followed by a letter
_MONTH = rf"{_LETTER_BEFORE}(?P<{{g}}>{_MONTH_ALT}){_NO_LETTER_AFTER}\.?"
# Levantine pages print both calendars' names: "أيلول/سبتمبر", "أيلول (سبتمبر)".
_SECOND_MONTH = rf"(?:\s*[/(]\s*(?:{_MONTH_ALT}){_NO_LETTER_AFTER}\s*\)?)?"
_SEP = r"[\s,،\-–/.]*"

_DATE = re.compile(
    # 2021-09-12, 2021/9/12, 2021.09.12
    r"(?<![\d.])(?P<iy>(?:19|20)\d\d)(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?![\d])"
    # 12/09/2021, 12.09.21, 12-09-2021
    r"|(?<![\w./:])(?P<nd>\d{1,2})(?P<nsep>[-/.])(?P<nm>\d{1,2})(?P=nsep)(?P<ny>(?:19|20)\d\d|\d\d)(?![\d]|[.:]\d)"
    # 12 September 2021, 1er février 2021, 12 de septiembre de 2021, 12 من شهر شتنبر 2021
    r"|(?<![\d.])(?P<ad>\d{1,2})(?:er|st|nd|rd|th)?[\s\-/.]*(?:de\s+)?(?:من\s+)?(?:شهر\s+)?"
    + _MONTH.format(g="am") + _SECOND_MONTH
    + rf"{_SEP}(?:de\s+)?(?P<ay>(?:19|20)\d\d)(?!\d)"
    # September 12, 2021 ; Sep. 12th 2021
    + "|" + _MONTH.format(g="bm") + _SECOND_MONTH
    + r"\s*(?P<bd>\d{1,2})(?:st|nd|rd|th)?(?!\d)[\s,،]+(?P<by>(?:19|20)\d\d)(?!\d)"
    # 2021年9月12日
    r"|(?P<cy>(?:19|20)\d\d)\s*年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*日"
)

_AMPM = (r"(?P<ampm>a\.?m\.?|p\.?m\.?|صباحا|صباح|ص|فجرا|مساءا|مساء|مسا|م|ظهرا|عصرا|ليلا)"
         + _NO_LETTER_AFTER)
_TZ = (r"(?P<tz>z(?![^\W\d_])|[+-]\d\d:?\d\d(?!\d)"
       r"|(?:gmt|utc)\s*(?:[+-]\s*\d{1,2}(?::?\d\d)?)?(?![^\W\d_])"
       r"|(?:est|edt|cst|cdt|mst|mdt|pst|pdt|cet|cest|bst|wet|west|eet|eest)(?![^\W\d_]))")
_CLOCK = (r"(?P<h>\d{1,2})(?:\s*(?::|h|ساعه)\s*(?P<mi>\d\d)(?:\s*:\s*(?P<s>\d\d)(?:[.,]\d+)?)?)?"
          rf"(?!\d)\s*(?:{_AMPM})?\s*(?:{_TZ})?")
# What may sit between a date and its time.
_TIME_AFTER = re.compile(
    r"(?:\s*م(?![^\W\d_]))?"                       # "2021م" (Gregorian marker)
    r"(?:t|[\s,،|\-–—•·@/]*(?:(?:at|a|à|um|le|on|علي|عند|في|على)\s+)?"
    r"(?:(?:ال)?ساعه\s*:?\s*)?(?:[\-–]\s*)?)" + _CLOCK)
# A time printed just before the date: "14:30 | 12/09/2021", "3:04 PM ET, Sun Sep 12, 2021".
_TIME_BEFORE = re.compile(_CLOCK + r"(?:\s*[a-z]{1,3})?[\s,،|\-–—•·]*(?:[^\W\d_]{2,12}\.?,?\s*)?$")

_TZ_NAMES = {"z": 0, "gmt": 0, "utc": 0, "wet": 0, "bst": 60, "cet": 60, "west": 60,
             "cest": 120, "eet": 120, "eest": 180, "est": -300, "edt": -240, "cst": -360,
             "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420}
_PM_WORDS = {"pm", "p.m.", "p.m", "pm.", "م", "مساء", "مساءا", "مسا", "عصرا"}
_AM_WORDS = {"am", "a.m.", "a.m", "am.", "ص", "صباحا", "صباح", "فجرا"}
_LATIN_FOLD = str.maketrans("éèêëàâäùûüôöîïçñáíóú", "eeeeaaauuuooiicnaiou")
_HAS_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")


def _fold(text: str) -> str:
    """Lower case, no accents, Arabic variants folded, Western digits."""
    if text.isascii():
        return text.lower()
    text = INVISIBLE.sub("", normalize_arabic(text))
    return text.casefold().translate(_LATIN_FOLD)


def _year(raw: str) -> int:
    """Two-digit years pivot like ``strptime``: 00-68 → 2000s, 69-99 → 1900s."""
    year = int(raw)
    if year >= 100:
        return year
    return year + 2000 if year < 69 else year + 1900


def _date_parts(m: re.Match[str]) -> tuple[int, int, int] | None:
    g = m.group
    if g("iy"):
        return int(g("iy")), int(g("im")), int(g("id"))
    if g("nd"):
        day, month = int(g("nd")), int(g("nm"))
        if month > 12 and day <= 12:  # only readable month-first (US)
            day, month = month, day
        return _year(g("ny")), month, day
    if g("ad"):
        return int(g("ay")), _MONTHS[re.sub(r"\s+", " ", g("am"))], int(g("ad"))
    if g("bd"):
        return int(g("by")), _MONTHS[re.sub(r"\s+", " ", g("bm"))], int(g("bd"))
    if g("cy"):
        return int(g("cy")), int(g("cm")), int(g("cd"))
    return None


_NUMERIC_OFFSET = re.compile(r"(?:gmt|utc)?([+-])(\d{1,2}):?(\d\d)?")


def _offset_minutes(tz: str) -> int | None:
    tz = tz.replace(" ", "")
    if tz in _TZ_NAMES:
        return _TZ_NAMES[tz]
    m = _NUMERIC_OFFSET.fullmatch(tz)
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return -minutes if m.group(1) == "-" else minutes


def _hour_24(hour: int, ampm: str | None) -> int:
    """Apply an English or Arabic am/pm word (ظهرا = noon, ليلا = night)."""
    if not ampm:
        return hour
    if ampm in _AM_WORDS:
        return 0 if hour == 12 else hour
    if ampm in _PM_WORDS:
        return hour if hour == 12 else hour + 12
    if ampm == "ظهرا":
        return hour + 12 if hour < 6 else hour
    if ampm == "ليلا":
        return hour + 12 if 6 <= hour < 12 else (0 if hour == 12 else hour)
    return hour


@lru_cache(maxsize=64)
def _zone(name: str) -> timezone | ZoneInfo | None:
    minutes = _offset_minutes(name.strip().lower())
    if minutes is not None:
        return timezone(timedelta(minutes=minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _format_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _time_match(folded: str, m: re.Match[str]) -> re.Match[str] | None:
    after = _TIME_AFTER.match(folded, m.end())
    if after and (after.group("mi") or after.group("ampm")):
        return after
    before = _TIME_BEFORE.search(folded[max(0, m.start() - 30):m.start()])
    if before and (before.group("mi") or before.group("ampm")):
        return before
    return None


def _render(date: datetime, clock: re.Match[str] | None, default_tz: str | None) -> str | None:
    # f-strings, not strftime: this runs for every meta date and every comment,
    # and strftime costs several microseconds a call (years are 1900-2100 here,
    # so the four-digit year is the same).
    day = f"{date.year:04d}-{date.month:02d}-{date.day:02d}"
    if clock is None:
        return day
    hour = _hour_24(int(clock.group("h")), clock.group("ampm"))
    minute, second = int(clock.group("mi") or 0), int(clock.group("s") or 0)
    if hour > 23 or minute > 59 or second > 60:
        return day
    second = min(second, 59)
    text = f"{day}T{hour:02d}:{minute:02d}:{second:02d}"
    tz = clock.group("tz")
    offset = _offset_minutes(tz) if tz else None
    if offset is None and default_tz:
        zone = _zone(default_tz)
        stamp = date.replace(hour=hour, minute=minute, second=second)
        delta = stamp.replace(tzinfo=zone).utcoffset() if zone else None
        offset = int(delta.total_seconds() // 60) if delta is not None else None
    return text if offset is None else text + _format_offset(offset)


# Machine timestamps (meta tags, JSON-LD, ``<time datetime>``) are nearly
# always strict ISO 8601. This reads them directly, for the same result as the
# scanner below at a tenth of the cost; anything it would have to judge
# (impossible dates, hour 24, leap second, no offset but a default zone) goes
# to the scanner.
_STRICT_ISO = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)"
                         r"(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?([Zz]|[+-]\d\d:?\d\d)?)?")


def _strict_iso(text: str, default_tz: str | None) -> str | None:
    """``_scan``'s answer for a strict ISO 8601 timestamp, else None."""
    m = _STRICT_ISO.fullmatch(text)
    if m is None:
        return None
    year, month, day, hour, minute, second, tz = m.groups()
    try:
        date = datetime(int(year), int(month), int(day))
    except ValueError:
        return None
    day_text = f"{date.year:04d}-{date.month:02d}-{date.day:02d}"
    if hour is None:
        return day_text
    h, mi, s = int(hour), int(minute), int(second or 0)
    if h > 23 or mi > 59 or s > 59 or (tz is None and default_tz):
        return None
    text = f"{day_text}T{h:02d}:{mi:02d}:{s:02d}"
    if tz is None:
        return text
    offset = _offset_minutes(tz.lower())
    return text if offset is None else text + _format_offset(offset)


def _scan(text: str | None, default_tz: str | None) -> str | None:
    if not text:
        return None
    if text[0] in "12":
        quick = _strict_iso(text, default_tz)
        if quick is not None:
            return quick
    if not _HAS_DIGIT.search(text):
        return None
    folded = _fold(text)
    for m in _DATE.finditer(folded):
        parts = _date_parts(m)
        if parts is None:
            continue
        year, month, day = parts
        if not 1900 <= year <= 2100:
            continue
        try:
            date = datetime(year, month, day)
        except ValueError:
            continue
        return _render(date, _time_match(folded, m), default_tz)
    return None


def parse_date(text: str | None, *, default_tz: str | None = None) -> str | None:
    """Read one date (and time) from a short text such as a meta value or a dateline.

    Returns ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SS`` when a time is printed,
    followed by ``+HH:MM`` when the text gives an offset or ``default_tz`` (an
    IANA name such as ``Africa/Casablanca`` or an offset such as ``+01:00``)
    says which clock the site uses. ``None`` when there is no valid date:
    impossible days (31 شتنبر) are rejected, relative phrases ("منذ ساعتين")
    are not guessed. Numeric dates are day-first (see the module docstring).
    """
    return _scan(text, default_tz)


def find_date_in_text(text: str | None, *, default_tz: str | None = None) -> str | None:
    """The first valid date-like phrase inside a longer line, as ``parse_date`` returns it.

    For datelines such as ``نشر في الأحد 12 شتنبر 2021 على الساعة 14:30``
    where the date is embedded in words. Only the first 2,000 characters are
    searched: a dateline sits near the start of whatever block it is in.
    """
    if not text:
        return None
    return _scan(text[:2000], default_tz)
