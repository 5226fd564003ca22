"""Text work done before the writer: ``storage.prepared`` and ``RawPage.prepared``.

``load --jobs`` workers compute an article's content hash and index values
(``prepare_text``) and the archive uses them only for the text they were
computed from. These tests hold that: the values equal the archive's own,
a mismatched one is ignored (the index and hash stay the archive's), and a
new article's comments, inserted in one statement, keep their reply parents.
Real SQLite files; the task runs as a worker runs it.
"""
from __future__ import annotations

import pickle
import sqlite3
from unicodedata import combining

from hypothesis import given, settings
from hypothesis import strategies as st
from test_storage_queue import MARKET_TEXT, PORT_TEXT, article, index_equals_rebuild

from akhbar.cli.parallel import Task, run_task
from akhbar.scrapers.record import Article, Comment
from akhbar.storage import Archive, RawPage, content_hash, fulltext
from akhbar.storage.prepared import joined_comments, prepare_text
from akhbar.storage.textnorm import fold, fold_pieces, normalize_for_search

ENGLISH = "The council said the port works will start next week, and the residents were told."


def test_prepared_text_equals_what_the_archive_computes():
    for body in (PORT_TEXT, ENGLISH, "", "Le navire est arrivé dans le port de Nador"):
        item = Article(url="https://news.example/x.html", headline="Port: news", body=body,
                       comments=[Comment("شكرا على الخبر"), Comment("the port is closed")])
        prepared = prepare_text(item)
        assert prepared.content_hash == content_hash(body)
        assert prepared.values == fulltext.values_of(item.headline, body, [c.text for c in item.comments])
        assert prepared.matches(item, joined_comments(item))
        again = pickle.loads(pickle.dumps(prepared))  # as it crosses from a worker
        assert again == prepared and again.values == prepared.values


def test_ascii_text_folds_as_the_full_normalisation_does():
    for text in (ENGLISH, "MIXED Case 123 _x_", "", None, "tab\tand\nnewline"):
        assert fold(text) == normalize_for_search(text)


def test_a_prepared_text_of_another_text_is_not_used(tmp_path):
    """A stale or foreign PreparedText: the archive hashes and indexes the real text itself."""
    wrong = prepare_text(article(1, body=MARKET_TEXT))
    with Archive.open(tmp_path / "news.db") as archive:
        archive.save(article(1), RawPage(b"<p>page</p>", "stdin", prepared=wrong))
        archive.flush_index()
        row = archive.db.conn.execute("SELECT content_hash FROM articles").fetchone()
        assert row[0] == content_hash(PORT_TEXT)
        assert [h.id for h in archive.search("ميناء")] == [1]
        assert archive.search("السوق") == []
        assert index_equals_rebuild(archive)


def test_a_matching_prepared_text_is_used(tmp_path):
    """The writer takes the given values: the index is what a rebuild from the text gives."""
    item = article(1, comments=["تعليق أول", "رد على التعليق"])
    prepared = prepare_text(item)
    with Archive.open(tmp_path / "news.db") as archive:
        archive.save_many([(item, RawPage(b"<p>page</p>", "stdin", prepared=prepared), None)])
        assert archive._memo == {}  # flushed in the batch's transaction
        assert [h.id for h in archive.search("ميناء")] == [1]
        assert index_equals_rebuild(archive)


def test_a_new_articles_comments_keep_their_ids_positions_and_reply_parents(tmp_path):
    db = tmp_path / "news.db"
    replies = [Comment("أول", author="a"), Comment("رد", author="b", parent=0),
               Comment("ثالث", author="c"), Comment("رد على الثالث", author="a", parent=2),
               Comment("رد بلا أصل", author="d", parent=9), Comment("أول", author="a")]
    with Archive.open(db) as archive:
        archive.save(article(1, comments=["قبل"]))
        archive.save(Article(url="https://news.example/b.html", headline="خبر", body=PORT_TEXT,
                             comments=replies))
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, parent_id, position, text FROM comments "
                        "WHERE article_id = 2 ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [2, 3, 4, 5, 6, 7]
    assert [r[1] for r in rows] == [None, 2, None, 4, None, None]
    assert [r[2] for r in rows] == [0, 1, 2, 3, 4, 5]
    assert [r[3] for r in rows] == [c.text for c in replies]


def test_a_load_task_returns_the_prepared_text_of_its_record():
    data = ("<html><head><title>ميناء الناظور</title></head><body><article><h1>ميناء الناظور</h1>"
            + "".join(f"<p>{PORT_TEXT} {i}</p>" for i in range(4)) + "</article></body></html>").encode()
    task = Task(data, "https://news.example/a/1.html", prepare=True, compress=True)
    outcome = run_task(task)  # as a worker runs it
    assert outcome.article is not None and outcome.prepared is not None
    assert outcome.prepared.matches(outcome.article, joined_comments(outcome.article))
    assert outcome.prepared == prepare_text(outcome.article)
    in_writer = run_task(task, compress=False)  # extracted in the writer: the archive does it
    assert in_writer.prepared is None and in_writer.compressed is None


def test_a_batch_that_changes_an_article_it_saved_indexes_the_latest_text(tmp_path):
    """Values trusted without a read-back are dropped when a later page of the batch changes them."""
    with Archive.open(tmp_path / "news.db") as archive:
        results = archive.save_many([(article(1), None, "2026-01-01T00:00:00+00:00"),
                                     (article(2, comments=["تعليق"]), None, "2026-01-01T00:00:00+00:00"),
                                     (article(1, body=MARKET_TEXT), None, "2026-01-02T00:00:00+00:00"),
                                     (article(2, comments=["تعليق", "تعليق عن القطار"]), None,
                                      "2026-01-02T00:00:00+00:00")])
        assert [r.status for r in results] == ["new", "new", "updated", "unchanged"]
        assert results[3].new_comments == 1
        assert index_equals_rebuild(archive)
        assert [h.id for h in archive.search("السوق")] == [1]
        assert [h.id for h in archive.search("القطار")] == [2]


def test_another_connections_write_makes_the_writer_read_its_queued_texts_back(tmp_path):
    """Saved one transaction each, then changed by another connection before the batch."""
    db = tmp_path / "news.db"
    with Archive.open(db) as archive:
        archive.save(article(1))
        archive.save(article(2))
        other = sqlite3.connect(db)
        with other:
            other.execute("UPDATE articles SET body = ? WHERE id = 1", (MARKET_TEXT,))
        other.close()
        archive.flush_index()
        assert index_equals_rebuild(archive)
        assert [h.id for h in archive.search("السوق")] == [1]


def test_the_writers_own_change_of_a_queued_article_is_indexed(tmp_path):
    """No other connection wrote: the memo is trusted, except for what this writer changed."""
    with Archive.open(tmp_path / "news.db") as archive:
        archive.save(article(1), seen_at="2026-01-01T00:00:00+00:00")
        archive.save(article(2), seen_at="2026-01-01T00:00:00+00:00")
        archive.save(article(1, body=MARKET_TEXT, comments=["عن القطار"]),
                     seen_at="2026-01-02T00:00:00+00:00")
        assert archive._trusted() == {2}
        archive.flush_index()
        assert index_equals_rebuild(archive)
        assert [h.id for h in archive.search("القطار")] == [1]


# Characters where folding a piece alone could differ from folding the whole text: NFKC
# making a space (ﹰ, ¨) or composing (e + U+0301, Hangul jamo), harakat-only pieces, case
# folds that grow (ß, İ, ﬁ), Arabic letter and digit variants, every kind of whitespace.
_TRICKY = list("abc ABCİßſΣς\n\t\x0b\x1c\x1f\xa0\u2003\u3000\u1680\x85") + [
    "\u0301", "\u0308", "\u00a8", "\ufe70", "\ufb01", "\uff21", "\u064b", "\u0640", "\u0670",
    "أ", "ة", "ى", "ك", "ب", "\u0660", "\u06f5", "\u1100", "\u1161", "\u11a8", "e", "\u0327",
    "\u212b", "\ufdfa", "\u0345", "\u0399"]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=14))
def test_folding_piece_by_piece_splits_as_folding_the_whole_text(text):
    assert fold_pieces(text) == fold(text).split()
    assert fold_pieces(text) == fold(text).split()  # again: from the table of folded pieces


def test_folding_piece_by_piece_on_every_character():
    """Every character that folding changes, a combining mark or whitespace, in two contexts."""
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or (fold(char) == char and not combining(char)
                                       and not char.isspace()):
            continue
        for text in ("ا" + char + "ب", "x " + char + char + " y"):
            assert fold_pieces(text) == fold(text).split(), hex(code)
