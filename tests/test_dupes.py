"""Near-duplicates: reposts and light edits are found, unrelated articles are not."""
from __future__ import annotations

import json
import random

import pytest
from test_history_pages import PARAGRAPHS, page
from typer.testing import CliRunner

from akhbar.cli.main import app
from akhbar.scrapers.arabic import normalize_for_search
from akhbar.scrapers.record import Article
from akhbar.storage import Archive
from akhbar.storage.dupes import SketchIndex, shingle_hashes, signature, similarity
from akhbar.storage.textnorm import fold

runner = CliRunner()
OTHER = [
    "فاز فريق الهلال الناظوري على ضيفه بهدفين دون رد في المباراة التي جمعتهما مساء الأحد "
    "بالملعب البلدي، ضمن منافسات الدورة الخامسة من البطولة الوطنية للهواة.",
    "وسجل هدفي المباراة اللاعب يوسف في الشوط الأول من ضربة جزاء، قبل أن يضيف زميله "
    "الهدف الثاني في الدقائق الأخيرة إثر هجمة مرتدة سريعة.",
    "وبهذا الفوز يرتقي الفريق إلى المركز الثالث في سبورة الترتيب، في انتظار مواجهة "
    "صعبة الأسبوع المقبل خارج الميدان أمام متصدر المجموعة.",
]
ENGLISH = ["The city council of Nador approved on Monday a new budget for public transport, "
           "with twelve new bus lines planned before the summer season starts.",
           "Residents of the southern districts had long asked for better connections to the "
           "university campus and the central market, officials said at the meeting."]


def test_fold_is_exactly_normalize_for_search():
    rng = random.Random(7)
    alphabet = ("أإآٱىیئةؤکـًٌٍَُِّْ٠١٢٣۴۵ABCabcÉéß ﻻﷲ\u0640" + "".join(map(chr, range(0x600, 0x6ff))))
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        assert fold(text) == normalize_for_search(text)
    assert fold(" ".join(PARAGRAPHS)) == normalize_for_search(" ".join(PARAGRAPHS))


def test_signature_agreement_tracks_jaccard():
    a = shingle_hashes(fold(" ".join(PARAGRAPHS)))
    b = shingle_hashes(fold(" ".join(PARAGRAPHS[:3])))
    c = shingle_hashes(fold(" ".join(OTHER)))
    agree = lambda x, y: sum(p == q for p, q in zip(signature(x), signature(y), strict=False)) / 63  # noqa: E731
    assert agree(a, a) == 1.0
    assert abs(agree(a, b) - similarity(a, b)[0]) < 0.25
    assert agree(a, c) < 0.1


def save(archive: Archive, url: str, body: list[str], site: str) -> int:
    return archive.save(Article(url=url, site=site, headline="h", body="\n\n".join(body))).article_id


@pytest.fixture
def corpus(tmp_path):
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        ids = {
            "original": save(archive, "https://www.nadorcity.com/a_1.html", PARAGRAPHS, "www.nadorcity.com"),
            # reposted by another site: its own intro and footer, hamza spelled differently
            "repost": save(archive, "https://www.other.ma/n/9",
                           ["نقلا عن ناظورسيتي:"] + [p.replace("أ", "ا") for p in PARAGRAPHS]
                           + ["تابعونا على صفحتنا."], "www.other.ma"),
            # lightly edited by the same site under a new URL
            "edited": save(archive, "https://www.nadorcity.com/a_2.html",
                           PARAGRAPHS[:3] + [PARAGRAPHS[3].replace("الساكنة", "السكان")],
                           "www.nadorcity.com"),
            "football": save(archive, "https://www.nadorcity.com/s_1.html", OTHER, "www.nadorcity.com"),
            "english": save(archive, "https://www.other.ma/n/10", ENGLISH, "www.other.ma"),
            "football_short": save(archive, "https://www.other.ma/n/11", OTHER[:1], "www.other.ma"),
        }
    return db, ids


def test_dupes_finds_repost_and_edit_but_not_unrelated(corpus):
    db, ids = corpus
    result = runner.invoke(app, ["dupes", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    pairs = {frozenset((r["a"]["id"], r["b"]["id"])): r for r in map(json.loads, result.output.splitlines())}
    group = {ids["original"], ids["repost"], ids["edited"]}
    expected = {frozenset((ids["original"], ids["repost"])), frozenset((ids["original"], ids["edited"]))}
    assert expected <= set(pairs)
    for pair in pairs:
        assert pair <= group, f"unrelated pair reported: {pair}"
    repost = pairs[frozenset((ids["original"], ids["repost"]))]
    assert repost["containment"] >= 0.95 and repost["similarity"] >= 0.8
    assert repost["b"]["site"] == "www.other.ma"


def test_threshold_filters(corpus):
    db, ids = corpus
    strict = runner.invoke(app, ["dupes", "--json", "--threshold", "0.99", "--db", str(db)])
    found = [{r["a"]["id"], r["b"]["id"]} for r in map(json.loads, strict.output.splitlines())]
    assert found == [{ids["original"], ids["repost"]}]  # the repost carries the whole text
    loose = runner.invoke(app, ["dupes", "--threshold", "0.3", "--db", str(db)])
    assert loose.exit_code == 0 and str(ids["repost"]) in loose.output
    assert "s_1.html" not in runner.invoke(app, ["dupes", "--db", str(db)]).output
    teaser = runner.invoke(app, ["dupes", "--json", "--threshold", "0.3", "--db", str(db)])
    assert {ids["football"], ids["football_short"]} in [  # a teaser is only 1/3 of the text
        {r["a"]["id"], r["b"]["id"]} for r in map(json.loads, teaser.output.splitlines())]
    bad = runner.invoke(app, ["dupes", "--threshold", "3", "--db", str(db)])
    assert bad.exit_code == 2


def test_an_edit_resketches_the_article(tmp_path):
    with Archive.open(tmp_path / "n.db") as archive:
        first = save(archive, "https://a.example/1", PARAGRAPHS, "a.example")
        save(archive, "https://b.example/1", PARAGRAPHS, "b.example")  # alias: same body
        save(archive, "https://a.example/1", OTHER, "a.example")       # article 1 now about football
        football = save(archive, "https://c.example/1", OTHER, "c.example")  # alias of article 1 now
        assert football == first
        index = SketchIndex(archive.db)
        assert index.backfill() == 1
        third = save(archive, "https://d.example/1", PARAGRAPHS[:3], "d.example")
        save(archive, "https://a.example/1", PARAGRAPHS, "a.example")  # and back again
        assert index.backfill() == 2  # the edited article and the new one
        pairs = [(p.a, p.b) for p in index.pairs(0.5)]
        assert pairs == [(first, third)]


def test_archives_without_sketches_are_backfilled(tmp_path):
    db = tmp_path / "n.db"
    with Archive.open(db) as archive:
        a = save(archive, "https://a.example/1", PARAGRAPHS, "a.example")
        b = save(archive, "https://b.example/1", ["مقدمة."] + PARAGRAPHS, "b.example")
        archive.db.conn.execute("DELETE FROM article_sketches")
        archive.db.conn.commit()
    result = runner.invoke(app, ["dupes", "--json", "--db", str(db)])
    row = json.loads(result.output.splitlines()[0])
    assert {row["a"]["id"], row["b"]["id"]} == {a, b}


def test_repost_pages_loaded_through_the_cli(tmp_path):
    db = tmp_path / "news.db"
    (tmp_path / "a.html").write_text(page("https://www.nadorcity.com/a_1.html", "مشروع", PARAGRAPHS, []),
                                     encoding="utf-8")
    (tmp_path / "b.html").write_text(page("https://www.other.ma/n/1", "الناظور: مشروع",
                                          ["نقلا عن موقع ناظورسيتي:"] + PARAGRAPHS, [], "موقع آخر"),
                                     encoding="utf-8")
    (tmp_path / "c.html").write_text(page("https://www.other.ma/n/2", "رياضة", OTHER, []),
                                     encoding="utf-8")
    assert runner.invoke(app, ["load", str(tmp_path), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["dupes", "--db", str(db)])
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "www.nadorcity.com" in lines[0] and "www.other.ma" in lines[0]
