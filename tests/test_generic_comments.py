"""extract_comments on the markups CMSs emit, on the sample pages and on real pages."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from comment_markup import ARTICLE, thread_of

from akhbar.scrapers.generic.comments import extract_comments
from akhbar.scrapers.generic.comments import form as comments_form
from akhbar.scrapers.generic.comments import probe as comments_probe
from akhbar.scrapers.generic.comments.thread import Thread
from akhbar.scrapers.page import parse_page
from akhbar.scrapers.text import clean
from benchmarks.extraction import shared_dir

SAMPLES = Path(__file__).resolve().parent.parent / "sample_pages" / "generic"
BENCHMARK = shared_dir() / "benchmarks" / "article-extraction" / "html"

def wp_comment(cid: int, author: str, when: str, text: str, children: str = "") -> str:
    kids = f"<ul class='children'>{children}</ul>" if children else ""
    return (f"<li id='comment-{cid}' class='comment'><article class='comment-body'>"
            f"<footer class='comment-meta'><div class='comment-author vcard'>"
            f"<img class='avatar' src='a.png' alt=''><b class='fn'>{author}</b> "
            f"<span class='says'>says:</span></div><div class='comment-metadata'>"
            f"<a href='#comment-{cid}'><time datetime='{when}'>printed date</time></a>"
            f"</div></footer><div class='comment-content'>{text}</div>"
            f"<div class='reply'><a class='comment-reply-link' href='#'>Reply</a></div>"
            f"</article>{kids}</li>")


WORDPRESS = ARTICLE + (
    "<div id='comments' class='comments-area'><h2 class='comments-title'>4 Comments</h2>"
    "<ol class='comment-list'>"
    + wp_comment(1, "Ann", "2021-09-12T10:00:00+01:00", "<p>First.</p><p>Second para.</p>",
                 wp_comment(2, "Bob", "2021-09-12T11:00:00+01:00", "<p>Reply to Ann.</p>",
                            wp_comment(3, "Cy", "2021-09-12T12:00:00+01:00", "<p>Reply to Bob.</p>")))
    + wp_comment(4, "Dee", "2021-09-13T09:00:00+01:00", "<p>Top level again.</p>")
    + "</ol><div id='respond' class='comment-respond'><h3 id='reply-title'>Leave a Reply</h3>"
    "<form id='commentform' class='comment-form' action='/wp-comments-post.php' method='post'>"
    "<p class='comment-notes'>Your email address will not be published.</p>"
    "<p><label for='comment'>Comment</label><textarea id='comment' name='comment'></textarea></p>"
    "<p class='form-submit'><input type='submit' value='Post Comment'></p></form></div></div>")


def test_wordpress_thread_with_reply_to_reply() -> None:
    thread = thread_of(WORDPRESS)
    assert [c.author for c in thread.comments] == ["Ann", "Bob", "Cy", "Dee"]
    assert [c.parent for c in thread.comments] == [None, 0, 1, None]
    assert thread.comments[0].text == "First.\n\nSecond para."
    assert thread.comments[1].published == "2021-09-12T11:00:00+01:00"
    # No "Reply" link, "says:", author or date line in the text.
    assert [c.text for c in thread.comments[1:]] == ["Reply to Ann.", "Reply to Bob.",
                                                     "Top level again."]
    assert thread.enabled is True
    assert thread.notice == "Your email address will not be published."
    assert thread.count == 4


def root_texts(thread: Thread) -> str:
    return " ".join(node.text() for node in thread.roots)


def test_roots_cover_comments_form_heading_but_never_the_body() -> None:
    thread = thread_of(WORDPRESS)
    covered = root_texts(thread)
    for piece in ("Reply to Bob.", "4 Comments", "Leave a Reply", "Your email address"):
        assert piece in covered
    assert "article body" not in covered


def test_generic_extractor_leaves_comments_out_of_the_body() -> None:
    from akhbar.scrapers import extract
    article = extract(f"<html><body>{WORDPRESS}</body></html>", "https://example.com/a")
    assert "article body" in article.body
    assert "Reply to Bob" not in article.body
    assert "email address" not in article.body
    assert article.comment_count == 4 and len(article.comments) == 4


DRUPAL = ARTICLE + (
    "<section class='comment-wrapper'><h2>Comments</h2>"
    "<a id='comment-1'></a><article class='comment'><footer><p class='comment__author'>"
    "<span>Ana</span></p><p class='comment__time'>dim 12/09/2021 - 19:20</p></footer>"
    "<div class='comment__content'><h3><a class='permalink' href='/comment/1'>Subject</a></h3>"
    "<div class='field--name-comment-body'><p>Top comment.</p></div>"
    "<ul class='links inline'><li class='comment-reply'><a href='/comment/reply/1'>Répondre</a>"
    "</li></ul></div></article>"
    "<div class='indented'><a id='comment-2'></a><article class='comment'><footer>"
    "<p class='comment__author'><span>Ben</span></p><p class='comment__time'>lun 13/09/2021 - 08:05"
    "</p></footer><div class='comment__content'><div class='field--name-comment-body'>"
    "<p>A reply.</p></div></div></article></div>"
    "<article class='comment'><footer><p class='comment__author'><span>Cal</span></p></footer>"
    "<div class='comment__content'><div class='field--name-comment-body'><p>Another top.</p>"
    "</div></div></article>"
    "<form class='comment-comment-form comment-form' action='/comment/reply/node/7/comment'>"
    "<textarea name='comment_body[0][value]'></textarea></form></section>")


def test_drupal_indented_replies() -> None:
    thread = thread_of(DRUPAL)
    assert [(c.author, c.text, c.parent) for c in thread.comments] == [
        ("Ana", "Top comment.", None), ("Ben", "A reply.", 0), ("Cal", "Another top.", None)]
    assert [c.published for c in thread.comments] == [
        "2021-09-12T19:20:00", "2021-09-13T08:05:00", None]
    assert thread.enabled is True


def test_microdata_comments() -> None:
    html = ARTICLE + (
        "<div id='talk'><div itemprop='comment' itemscope itemtype='https://schema.org/Comment'>"
        "<span itemprop='author' itemscope itemtype='https://schema.org/Person'>"
        "<meta itemprop='name' content='Omar'></span>"
        "<meta itemprop='dateCreated' content='2021-09-13'>"
        "<div itemprop='text'>Cars or only foot passengers?</div>"
        "<div itemprop='comment' itemscope itemtype='https://schema.org/Comment'>"
        "<span itemprop='author'>Lina</span><div itemprop='text'>Cars too.</div></div>"
        "</div></div>")
    thread = thread_of(html)
    assert [(c.author, c.published, c.text, c.parent) for c in thread.comments] == [
        ("Omar", "2021-09-13", "Cars or only foot passengers?", None),
        ("Lina", None, "Cars too.", 0)]
    assert thread.enabled is False


def test_jsonld_comments_when_markup_has_none() -> None:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "H",
            "commentCount": 7,
            "comment": [{"@type": "Comment", "text": "Top", "author": {"name": "A"},
                         "dateCreated": "2021-09-12T10:00:00Z",
                         "comment": [{"@type": "Comment", "text": "Nested", "author": "B"}]},
                        {"@type": "Comment", "text": "Second top", "author": [{"name": "C"}]}]}
    thread = thread_of(ARTICLE + f"<script type='application/ld+json'>{json.dumps(data)}</script>")
    assert [(c.author, c.text, c.parent) for c in thread.comments] == [
        ("A", "Top", None), ("B", "Nested", 0), ("C", "Second top", None)]
    assert thread.comments[0].published == "2021-09-12T10:00:00+00:00"
    assert thread.count == 7


def test_flat_list_with_depth_classes() -> None:
    html = ARTICLE + "<div class='comments'>" + "".join(
        f"<div class='comment depth-{d}'><span class='author'>U{i}</span>"
        f"<div class='comment-text'>Text {i}</div></div>"
        for i, d in enumerate([1, 2, 3, 2, 1])) + "</div>"
    thread = thread_of(html)
    assert [c.parent for c in thread.comments] == [None, 0, 1, 0, None]


ARABIC = ARTICLE + (
    "<div id='comments'><h3 class='comments-title'>12 تعليق</h3><ol class='commentlist'>"
    "<li class='comment'><div class='comment-author vcard'><cite class='fn'>أبو ياسين</cite>"
    " <span class='says'>قال:</span></div><div class='comment-meta'>"
    "<a href='#c1'>الأحد ١٢ شتنبر ٢٠٢١ على الساعة ١٤:٣٠</a></div>"
    "<div class='comment-text'><p>تحية للطاقم الصحفي</p></div>"
    "<div class='reply'><a href='#'>رد</a></div></li>"
    "<li class='comment'><div class='comment-author'><cite class='fn'>سناء</cite></div>"
    "<div class='comment-meta'>13 غشت 2021 - 10:05 مساءً</div>"
    "<div class='comment-text'><p>شكرا</p><p><a class='comment-reply-link' href='#'>الرد</a></p>"
    "</div></li></ol>"
    "<h3>تعليق جديد</h3>"
    "<div><p>التعليقات المنشورة لا تعبر بأي حال عن رأي الموقع وسياسته التحريرية</p>"
    "<p>شكرا لالتزام الموضوعية وعدم الإساءة والتجريح</p></div>"
    "<form action='/comment/add' method='post'><label>الاسم</label><input name='name'>"
    "<textarea name='body'></textarea><button>إرسال</button></form></div>")


def test_arabic_comments_dates_reply_words_and_notice() -> None:
    thread = thread_of(ARABIC)
    assert [(c.author, c.published, c.text) for c in thread.comments] == [
        ("أبو ياسين", "2021-09-12T14:30:00", "تحية للطاقم الصحفي"),
        ("سناء", "2021-08-13T22:05:00", "شكرا")]
    assert thread.enabled is True
    assert thread.notice == ("التعليقات المنشورة لا تعبر بأي حال عن رأي الموقع وسياسته التحريرية\n"
                             "شكرا لالتزام الموضوعية وعدم الإساءة والتجريح")
    assert thread.count == 12
    covered = root_texts(thread)
    assert "تعليق جديد" in covered and "شكرا لالتزام" in covered and "article body" not in covered


@pytest.mark.parametrize("heading,count", [
    ("12 Comments", 12), ("One comment", 1), ("No comments", 0), ("تعليقات (5)", 5),
    ("3 thoughts on “A title”", 3), ("27 commentaires", 27), ("Leave a comment", None),
])
def test_displayed_count(heading: str, count: int | None) -> None:
    thread = thread_of(ARTICLE + f"<div id='comments'><h2>{heading}</h2></div>")
    assert thread.count == count


@pytest.mark.parametrize("html,enabled", [
    ("<div id='respond'><p>Log in to comment.</p></div>", True),
    ("<form action='/api/feedback'><textarea name='comments'></textarea></form>", False),
    ("<form id='contact' action='/contact'><textarea name='message'></textarea></form>", False),
    ("<form class='search'><input name='q'></form>", False),
    ("<div class='comments-area'><form action='/post'><textarea></textarea></form></div>", True),
    ("<section><h3>تعليق جديد</h3><form action='/post/9'><textarea name='body'></textarea>"
     "</form></section>", True),                                   # heading names comments
    ("<section><h3>Contact the editors</h3><form action='/post/9'><textarea></textarea>"
     "</form></section>", False),
    ("<form method='post' action='/reactions/115482'><textarea name='body'></textarea></form>",
     True),
])
def test_comment_form_detection(html: str, enabled: bool) -> None:
    assert thread_of(ARTICLE + html).enabled is enabled


def test_form_widgets_are_not_a_notice() -> None:
    html = ARTICLE + (
        "<div id='respond'><form id='commentform' action='/wp-comments-post.php'>"
        "<textarea name='comment'></textarea><div id='comment-form-identity'>"
        "<p>Please log in using one of these methods to post your comment:</p></div>"
        "<div class='comment-form-service'><p>Connecting to %s</p></div>"
        "<p class='logged-in-as'>Logged in as Admin. Log out?</p></form></div>")
    thread = thread_of(html)
    assert thread.enabled is True and thread.notice is None


def test_lone_icon_or_widget_is_not_a_comment() -> None:
    html = ARTICLE + ("<div class='share'><div class='comment'><span class='comment-text'>"
                      "Comment</span></div></div>")
    assert thread_of(html).comments == []


@pytest.mark.parametrize("html", [
    "", "<html>", "<div class='comment'>", "<li class='comment'><div class='comment-content'>",
    "<script type='application/ld+json'>{broken</script>",
    "<script type='application/ld+json'>{\"comment\": [1, \"x\", {\"text\": null}]}</script>",
    "<div class='comment depth-2'><p class='comment-text'>orphan reply</p><span class='author'>"
    "x</span></div>",
    "<div class='comments'>" + "<div class='comment'><div class='comment-text'>deep" * 300,
])
def test_never_crashes_on_broken_html(html: str) -> None:
    thread = thread_of(html)
    for i, comment in enumerate(thread.comments):
        assert comment.text
        assert comment.parent is None or 0 <= comment.parent < i


def sample_pages() -> list[Path]:
    return sorted(SAMPLES.glob("*.html"))


@pytest.mark.parametrize("page", sample_pages(), ids=lambda p: p.stem)
def test_sample_pages_comment_fields(page: Path) -> None:
    """The comment fields of every generic sample page, whatever the other stages do."""
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    thread = extract_comments(parse_page(page.read_text(encoding="utf-8"),
                                         expected.get("_input_url")))
    assert [c.to_dict() for c in thread.comments] == expected["comments"]
    assert thread.enabled == expected["comments_enabled"]
    assert thread.notice == expected["comment_notice"]
    assert max(thread.count or 0, len(thread.comments)) == expected["comment_count"]


def test_real_pages_never_crash_and_stay_consistent() -> None:
    """The 111 benchmark pages: no exception, well-formed threads, roots never the body."""
    files = sorted(BENCHMARK.glob("*.html.gz"))
    if not files:
        pytest.skip("shared benchmark not present")
    truth = json.loads((BENCHMARK.parent / "ground-truth.json").read_text(encoding="utf-8"))
    for path in files:
        page = parse_page(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        thread = extract_comments(page)
        for i, comment in enumerate(thread.comments):
            assert comment.text.strip(), path.name
            assert comment.parent is None or 0 <= comment.parent < i, path.name
        body = truth[path.name.split(".")[0]]["articleBody"]
        probe = body[len(body) // 2:len(body) // 2 + 60].strip()
        for root in thread.roots:
            assert root.tag not in ("html", "body"), path.name
            assert not probe or probe not in root.text(separator=" "), path.name


@pytest.mark.parametrize("html,count", [
    ("<h4 class='claps'><button>11</button></h4>", None),          # bare number in a heading
    ("<span class='comment-count'>7</span>", 7),                   # bare number, named count
    ("<h2>Minister gives 3 replies to MPs</h2>", None),            # not a count heading
    ("<h3>Reader comments (3)</h3>", 3),
    ("<h3>عدد التعليقات: 9</h3>", 9),
])
def test_count_needs_a_count_heading(html: str, count: int | None) -> None:
    assert thread_of(ARTICLE + html).count == count


def test_old_wordpress_hatom_comments() -> None:
    """hAtom themes: ``blockquote.entry-content`` text, date in "wrote on … at …"."""
    html = ARTICLE + (
        "<div id='comment-stream'><h3>2 comments</h3><ol id='comment-list'>"
        "<li class='comment depth-1 hentry'><p class='entry-title vcard'><cite class='author fn'>"
        "Alex</cite> <span class='comment-meta'>wrote on <a href='#c1'><abbr class='published' "
        "title='2015-03-11'>March 11th, 2015</abbr> at 02:57</a>:</span></p>"
        "<blockquote class='entry-content'><p>How do you abort?</p></blockquote>"
        "<p class='comment-util'><a class='comment-reply-link' href='#'>Reply</a></p>"
        "<ol class='children'><li class='comment depth-2 hentry'><p class='vcard'>"
        "<cite class='author fn'>Nik</cite></p><blockquote class='entry-content'>"
        "<p>Not yet.</p></blockquote></li></ol></li></ol></div>")
    thread = thread_of(html)
    assert [(c.author, c.published, c.text, c.parent) for c in thread.comments] == [
        ("Alex", "2015-03-11T02:57:00", "How do you abort?", None), ("Nik", None, "Not yet.", 0)]


def test_share_box_textarea_is_not_a_comment_form() -> None:
    html = ARTICLE + "<div id='share'><textarea id='reaction-sharing-message'></textarea></div>"
    assert thread_of(html).enabled is False


def test_script_filled_comment_section_is_a_root() -> None:
    html = ARTICLE + ("<section id='comments' class='c-comments'><h4>Loading comments...</h4>"
                      "</section>")
    thread = thread_of(html)
    assert thread.comments == [] and "Loading comments" in root_texts(thread)
    assert "article body" not in root_texts(thread)


def test_jsonld_counts_of_listed_teasers_are_ignored() -> None:
    data = {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "item": {"@type": "VideoObject", "commentCount": 99}}]}
    thread = thread_of(ARTICLE + f"<script type='application/ld+json'>{json.dumps(data)}</script>")
    assert thread.count is None


def test_comment_paragraphs_without_a_named_text_container() -> None:
    html = ARTICLE + (
        "<div class='comments'><div class='comment'><span class='author'>Ali</span> "
        "<span class='date'>12/09/2021 14:30</span><p>Plain paragraph comment.</p>"
        "<p class='reply'><a href='#'>Reply</a></p></div>"
        "<div class='comment'><span class='author'>Bea</span><p>Second one.</p></div></div>")
    thread = thread_of(html)
    assert [(c.author, c.published, c.text) for c in thread.comments] == [
        ("Ali", "2021-09-12T14:30:00", "Plain paragraph comment."), ("Bea", None, "Second one.")]


# --- the speed pre-checks give exactly the answers of the plain queries -------------------

QUIRKS_CASES = (
    "<div class='COMMENT'><p>Upper-case class</p></div>"
    "<div class='Comment-Item'>x</div><div class='a\u00a0comment'>nbsp is no separator</div>"
    "<div class='a\tcomment\fb'>tab and form feed separate</div>"
    "<div id='RESPOND'><p>r</p></div><section class='Comments'>s</section>"
    "<span class='Comments-Count'>4</span><h2 id='Comments'>2 Comments</h2>"
    "<div itemtype='http://schema.org/comment'>lower-case type</div>"
    "<div itemtype='http://schema.org/Comment' itemprop='COMMENT'>t</div>"
    "<script type='Application/LD+JSON'>{\"commentCount\": 3}</script>"
    "<script id='comment-js' type='text/javascript'>var comment = 1;</script>"
    "<textarea class='comment'></textarea><h3 class='comments-title'>Comments (2)</h3>"
    "<svg><section class='comments'></section></svg><h4>Other</h4>"
    # Upper-case names holding lower-case matches: a match of the holder in quirks
    # mode only, whatever its subtree holds.
    "<div class='Comment'><p class='comment'>reply</p></div>"
    "<div class='Comments-Area'><div class='comments-area'>inner</div></div>"
)


def plain_queries(tree) -> dict:
    def once(nodes):
        return [n.mem_id for n in {n.mem_id: n for n in nodes}.values()]

    first = lambda sel: (tree.css_first(sel).mem_id if tree.css_first(sel) is not None  # noqa: E731
                         else None)
    return {"items": once(tree.css(comments_probe.ITEM_SEL)), "textareas": once(tree.css("textarea")),
            "respond": first(comments_probe.RESPOND_SEL),
            "respond_block": first(comments_probe.RESPOND_BLOCK_SEL),
            "counts": once(tree.css(comments_probe.COUNT_SEL)),
            "sections": once(tree.css(comments_probe.SECTION_SEL)),
            "scripts": once(tree.css(comments_probe.JSONLD_SEL))}


def probed(tree) -> dict:
    found = comments_probe.probe(tree)
    return {"items": [n.mem_id for n in found.items],
            "textareas": [n.mem_id for n in found.textareas],
            "respond": found.respond.mem_id if found.respond is not None else None,
            "respond_block": (found.respond_block.mem_id if found.respond_block is not None
                              else None),
            "counts": [n.mem_id for n, _ in found.counts],
            "sections": [n.mem_id for n in found.sections],
            "scripts": [n.mem_id for n in found.scripts]}


@pytest.mark.parametrize("doctype", ["<!DOCTYPE html>", ""], ids=["standards", "quirks"])
def test_probe_sorts_like_lexbor_in_both_modes(doctype: str) -> None:
    """Case rules differ between standards and quirks mode: the probe must follow Lexbor."""
    page = parse_page(f"{doctype}<html><body>{QUIRKS_CASES}</body></html>")
    want = plain_queries(page.tree)
    assert probed(page.tree) == want
    assert want["items"] and want["sections"] and want["scripts"]  # the cases do match


def test_probe_sorts_like_lexbor_on_real_pages() -> None:
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in sample_pages()]
    pages += [gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
              for p in sorted(BENCHMARK.glob("*.html.gz"))]
    for html in pages:
        tree = parse_page(html).tree
        assert probed(tree) == plain_queries(tree)


def reference_count(heading: str) -> int | None:
    """The count as the stage read it before its pre-check: clean, then the patterns."""
    text = clean(heading)
    return (comments_form._count_in(text) if text and len(text) <= 80 else None)


@pytest.mark.parametrize("heading", [
    "12 com\u00adments", "3 re\u017fponses", "5 KOMMENTARE", "7 R\u00c9ACTIONS", "2 tho\u200bughts",
    "١٢ تعليقا", "No comments", "ONE REPLY", "Comments: 4", "Latest news", "4 \u212aommentare",
    "12\n  Comments", "Ｃomments (3)", "", "2 COMENTAR\u0130OS", "a moment",
])
def test_heading_precheck_never_hides_a_count(heading: str) -> None:
    tree = parse_page(f"<html><body><h2>{heading}</h2></body></html>").tree
    node = tree.css_first("h2")
    _, count = comments_form.displayed_count([(node, True)])
    assert count == reference_count(node.text())


@pytest.mark.parametrize("text", ["", "a" * 300, "a" * 301, " " * 900 + "a" * 301,
                                  "\u00ad" * 1000 + "b" * 250, "x \n" * 400,
                                  "w\u200b" * 700, "\x1c" * 50 + "z" * 290])
def test_longer_than_is_len_of_clean(text: str) -> None:
    assert comments_form._longer_than(text, 300) == (len(clean(text)) > 300)


@pytest.mark.parametrize("key,count_key", [("comment", "commentCount"),
                                           ("\\u0063omment", "commentCo\\u0075nt"),
                                           ("comm\\u0065nt", "\\u0063ommentCount")])
def test_jsonld_keys_spelled_with_escapes_are_read(key: str, count_key: str) -> None:
    data = (f'{{"@type": "BlogPosting", "{count_key}": 7, "{key}": [{{"@type": "Comment", "text": "Nice.",'
            ' "author": {"name": "Ann"}}]}')
    thread = thread_of(ARTICLE + f'<script type="application/ld+json">{data}</script>')
    assert [(c.author, c.text) for c in thread.comments] == [("Ann", "Nice.")]
    assert thread.count == 7


def test_invisible_characters_are_those_clean_drops() -> None:
    from akhbar.scrapers import text
    assert comments_form._INVISIBLE.pattern == text._INVISIBLE.pattern


def heading_variants() -> list[str]:
    """Count headings bent every way ``re.I`` and ``clean`` allow: case, the
    non-ASCII folds (ſ, Kelvin K, İ, ı), invisible characters inside the word."""
    phrases = ["12 comments", "3 responses", "2 replies", "4 thoughts on x", "5 reactions",
               "6 réactions", "7 kommentare", "8 comentarios", "9 commentaires", "one reply",
               "no comments", "aucun commentaire", "comments (3)", "تعليقات (5)", "12 تعليق",
               "3 ردود", "moment 4", "upon 5", "the fact"]
    bends = [str.upper, str.title, lambda t: t.replace("s", "\u017f"),
             lambda t: t.replace("k", "\u212a"), lambda t: t.replace("i", "\u0130"),
             lambda t: t.replace("i", "\u0131"), lambda t: t.replace("m", "m\u00ad"),
             lambda t: t.replace("e", "e\u200b"), lambda t: t + " \u00a0»", lambda t: t]
    return [bend(phrase) for phrase in phrases for bend in bends]


def test_heading_precheck_agrees_on_bent_headings() -> None:
    for heading in heading_variants():
        tree = parse_page(f"<html><body><h3>{heading}</h3></body></html>").tree
        node = tree.css_first("h3")
        assert comments_form.displayed_count([(node, True)])[1] == reference_count(node.text()), \
            heading


def test_only_four_non_ascii_letters_fold_onto_ascii_under_re_i() -> None:
    """The heading pre-check avoids "i", "k" and "s" in its pieces because of these."""
    import re
    letter = re.compile("[a-z]", re.I)
    folded = {c for c in range(128, 0x110000) if letter.fullmatch(chr(c))}
    assert folded == {0x130, 0x131, 0x17F, 0x212A}  # İ ı ſ K(elvin)


def test_tag_ids_name_the_same_elements_as_tag_names() -> None:
    """``node.tag_id in tag_ids(*names)`` is ``node.tag in names`` (the walks of
    comments.items and metadata.byline read the id), on real pages and on custom,
    foreign and table elements (which parsing a bare tag would drop)."""
    from akhbar.scrapers.generic.comments import items as comments_items
    from akhbar.scrapers.generic.metadata import byline as meta_byline

    html = [p.read_text(encoding="utf-8", errors="replace") for p in sample_pages()]
    html.append("<table><tr><td><my-tag><svg><a>x</a><title>t</title></svg><br>"
                "<template><p>t</p></template><noscript>n</noscript></my-tag></td></tr></table>")
    names_sets = [comments_items._SKIP_TAGS, comments_items._BLOCK_TAGS, frozenset({"br"}),
                  frozenset({"a", "span"}), frozenset({"body", "html", "form"}),
                  meta_byline._NOT_BYLINE_TAGS, frozenset({"meta"}), frozenset({"script"})]
    ids = [comments_probe.tag_ids(*names) for names in names_sets]
    seen = set()
    for page in html:
        for node in parse_page(page).tree.root.traverse(include_text=False):
            seen.add(node.tag)
            for names, numbers in zip(names_sets, ids, strict=False):
                assert (node.tag in names) == (node.tag_id in numbers)
    assert {"tr", "td", "my-tag", "svg", "a", "br", "p"} <= seen
