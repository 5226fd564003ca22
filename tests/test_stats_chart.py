"""``akhbar stats``' chart: articles and comments per day, in total and per site.

Real archives (SQLite files written through ``Archive.save`` at chosen dates),
the real CLI; the chart must show in plain (piped) output and ``--json`` must
give the same series.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from akhbar.cli.main import app
from akhbar.cli.render import daily_chart, sparkline
from akhbar.scrapers.record import Article, Comment
from akhbar.storage import Archive

runner = CliRunner()
TODAY = datetime.now(timezone.utc).date()  # the CLI charts the days up to today


def day(back: int) -> str:
    return (TODAY - timedelta(days=back)).isoformat()


def story(n: int, site: str, comments: int = 0, published: str | None = None) -> Article:
    words = " ".join(f"كلمة{n}_{i}" for i in range(40))
    return Article(url=f"https://{site}/a_{n}.html", site=site, headline=f"خبر {n}", body=words,
                   published=published,
                   comments=[Comment(f"تعليق {n} {i}", author=f"قارئ {i}") for i in range(comments)])


@pytest.fixture
def archive(tmp_path):
    """Three articles on two sites, seen 0, 0 and 3 days before TODAY; one seen 40 days before."""
    with Archive.open(tmp_path / "news.db") as arc:
        arc.save(story(1, "www.nadorcity.com", comments=2, published=f"{day(20)}T23:30:00+01:00"),
                 seen_at=f"{day(0)}T08:00:00+00:00")
        arc.save(story(2, "www.nadorcity.com", comments=1), seen_at=f"{day(0)}T23:59:59+00:00")
        arc.save(story(3, "hespress.example.ma", comments=3), seen_at=f"{day(3)}T12:00:00+00:00")
        arc.save(story(4, "hespress.example.ma"), seen_at=f"{day(40)}T12:00:00+00:00")
        yield arc


def test_sparkline_scales_each_day_and_never_hides_a_small_one():
    assert sparkline([0, 1, 4, 8]) == "·▁▄█"
    assert sparkline([0, 2, 4, 8]) == "·▂▄█"
    assert sparkline([0, 0, 0]) == "···"
    assert sparkline([1, 1000]) == "▁█"  # 1 of 1000 still shows: a quiet day is not an empty one
    assert sparkline([]) == ""


def test_daily_counts_per_site_and_total(archive):
    daily = archive.daily_counts(30, today=TODAY.isoformat())
    assert len(daily["days"]) == 30 and daily["days"][-1] == day(0) and daily["days"][0] == day(29)
    articles, comments = daily["articles"], daily["comments"]
    assert articles["total"][-1] == 2 and articles["total"][-4] == 1 and sum(articles["total"]) == 3
    assert articles["sites"]["www.nadorcity.com"][-1] == 2
    assert sum(articles["sites"]["hespress.example.ma"]) == 1  # the one 40 days ago is outside
    assert comments["total"][-1] == 3 and comments["total"][-4] == 3
    # Sites by their count in the window, most first.
    assert list(comments["sites"]) == ["hespress.example.ma", "www.nadorcity.com"]


def test_daily_counts_by_published_date(archive):
    daily = archive.daily_counts(30, by="published", today=TODAY.isoformat())
    # The day the site printed (23:30 at +01:00 is that day, not the next in UTC), not the load date.
    assert daily["articles"]["total"][daily["days"].index(day(20))] == 1
    assert sum(daily["articles"]["total"]) == 3  # the others fall back to first seen


def test_chart_lines_are_plain_text(archive):
    lines = daily_chart(archive.daily_counts(30, today=TODAY.isoformat()))
    text = "\n".join(lines)
    assert "articles per day" in text and "comments per day" in text
    total = next(line for line in lines if "all sites" in line)
    assert total.split()[2].endswith("▄··█")  # 3 days ago: 1 article; today: 2
    assert "\x1b" not in text  # no colour codes, a cron mail shows it as is


def test_stats_command_draws_the_chart_when_piped(archive):
    result = runner.invoke(app, ["stats", "--db", str(archive.path)])
    assert result.exit_code == 0, result.output
    assert "articles per day" in result.output and "comments per day" in result.output
    assert "www.nadorcity.com" in result.output
    assert any(block in result.output for block in "▁▂▃▄▅▆▇█")


def test_stats_json_gives_the_same_series(archive):
    result = runner.invoke(app, ["stats", "--db", str(archive.path), "--json", "--days", "7"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] == 4 and data["comments"] == 6  # the counts stay as before
    per_day = data["per_day"]
    assert len(per_day["days"]) == 7 and per_day["by"] == "seen"
    expected = archive.daily_counts(7)
    assert per_day == expected


def test_stats_rejects_an_unknown_by(archive):
    result = runner.invoke(app, ["stats", "--db", str(archive.path), "--by", "weekday"])
    assert result.exit_code == 2


def test_a_long_span_is_drawn_several_days_to_a_mark():
    days = [(TODAY - timedelta(days=back)).isoformat() for back in range(119, -1, -1)]
    values = [1, 0] * 59 + [0, 8]
    series = {"total": values, "sites": {"www.nadorcity.com": values}}
    lines = daily_chart({"days": days, "by": "seen", "articles": series, "comments": series})
    total = next(line for line in lines if "all sites" in line)
    marks = total.split()[2]
    assert len(marks) == 60 and marks[-1] == "█" and set(marks[:-1]) == {"▁"}  # pairs of days summed
    assert "each mark 2 days" in lines[1]
    assert total.split()[3:7] == ["67", "total,", "8", "max/day"]  # totals count single days
