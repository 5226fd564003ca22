"""NadorCity (www.nadorcity.com): Arabic regional news from Nador, on the WMaker CMS.

Known site facts: article URLs are ``/<arabic-title-slug>_a<id>.html``, sections
``/<name>_r<id>.html?start=N``, feeds ``/xml/syndication.rss`` and
``/xml/atom.xml``; pages are built from ``wm-module`` / ``module-*`` blocks and
the "المزيد من الأخبار" (more news) block is a module shared by every page.

The article markup itself was RECONSTRUCTED from the text a reader saw (see
``sample_pages/nadorcity/build_samples.py``), so every selector lives in
``SELECTORS`` below, tried in order: when a real saved page shows the true class
names, add them at the front of the lists. Beyond selectors the scraper keys on
signals that survive a redesign (the ``_a<id>.html`` URL pattern, the "more
news" heading, the posting-rules sentence, the ``ناظورسيتي:`` source line), and
any field still missing is taken from the generic extractor's stages, so a
redesigned page degrades to generic quality instead of coming back empty.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..dates import find_date_in_text, parse_date
from ..generic.body import extract_body
from ..generic.comments import extract_comments
from ..generic.metadata import extract_metadata
from ..generic.related import extract_related
from ..generic.related.anchors import anchor_title
from ..nodes import matches_itself
from ..page import Page
from ..record import Article, Comment, RelatedLink
from ..registry import register
from ..text import clean, clean_or_none
from ..urls import absolute, normalize_url


@dataclass(frozen=True)
class NadorCitySelectors:
    """CSS selector lists per field, most specific first. Data, not logic."""

    article: tuple[str, ...] = (".module-article", "#article", "article", "#col_center")
    headline: tuple[str, ...] = ("h1.titre-article", ".module-article h1", ".titre-article",
                                 "#article h1", "h1.titre", ".titre_article", "article h1", "h1")
    source: tuple[str, ...] = (".auteur-article", ".module-article .auteur", ".article-source",
                               ".source-article", ".signature")
    date: tuple[str, ...] = (".date-article", ".module-article .date", ".article-date",
                             "time[datetime]", ".date")
    body: tuple[str, ...] = (".texte-article", ".module-article .texte", "#article .texte",
                             ".article-text", ".texte")
    # Inside the body container: ads, embeds, share widgets - never article text.
    body_skip: str = ("script, style, noscript, iframe, ins, form, button, .wm-ad, .ad, .ads, "
                      "[class^='ad-'], [class*=' ad-'], .adsbygoogle, .pub, .share-buttons, "
                      "[class*='share'], [class*='social'], .legende, figcaption")
    more_news: tuple[str, ...] = (".module-more-news", ".module-articles-list", "#mod_more")
    comments: tuple[str, ...] = (".module-comments", "#comments", ".commentaires")
    comment: str = ".comment, .commentaire"
    comment_author: tuple[str, ...] = (".comment-author", ".auteur", ".author", ".name")
    comment_date: tuple[str, ...] = (".comment-date", ".date", "time")
    comment_text: tuple[str, ...] = (".comment-text", ".comment-body", ".texte", ".text")
    comment_count: tuple[str, ...] = (".comments-count", ".nb-comments", ".nb_commentaires")
    comment_form: tuple[str, ...] = ("#comment_form form", ".comment-form form",
                                     "form[name=commentForm]", ".module-comments form")
    comment_rules: tuple[str, ...] = (".comment-rules", ".comment-form .rules", ".charte")


@dataclass(frozen=True)
class NadorCitySite:
    """Facts about the site that are not selectors."""

    selectors: NadorCitySelectors = field(default_factory=NadorCitySelectors)
    timezone: str = "Africa/Casablanca"
    language: str = "ar"
    names: tuple[str, ...] = ("ناظورسيتي", "ناظور سيتي", "nadorcity", "NadorCity")
    more_news_headings: tuple[str, ...] = ("المزيد من الأخبار",)
    # The posting rules start with this sentence whatever element holds them.
    notice_start: str = "التعليقات المنشورة"
    article_path: re.Pattern[str] = re.compile(r"_a\d+\.html?$")


SITE = NadorCitySite()
SELECTORS = SITE.selectors
_SOURCE_LINE = re.compile(r"^(?:{})\s*[:：]\s*\S.{{0,40}}$".format("|".join(map(re.escape, SITE.names))),
                          re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:]{1,2}\s+")


# ---------- tree helpers ----------

_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "aside", "header", "footer", "nav", "main",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "pre", "table", "tr", "td", "th", "figure", "figcaption", "form", "hr", "br", "center"})
_NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "iframe", "svg",
                         "select", "option", "textarea", "button", "-comment"})


def first_match(root: LexborNode | LexborHTMLParser, selectors: tuple[str, ...]) -> LexborNode | None:
    """The first node matched by the first selector (in list order) that matches."""
    for selector in selectors:
        node = root.css_first(selector)
        if node is not None:
            return node
    return None


def _children(node: LexborNode) -> list[LexborNode]:
    out, child = [], node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def _flush(parts: list[str], paragraphs: list[str]) -> None:
    text = clean("".join(parts))
    if text:
        paragraphs.append(text)
    parts.clear()


def node_texts(node: LexborNode, skip: str | None = None) -> list[str]:
    """Paragraphs of ``node``: block elements and ``<br>`` end one; ``skip`` subtrees dropped.

    WMaker texts are ``<br />``-separated runs rather than ``<p>``s, so line
    breaks are paragraph breaks here; empty runs (``<br /><br />``) vanish.
    The walk is iterative: deeply nested pages must not hit the recursion limit.
    """
    skipped = {n.mem_id for n in node.css(skip)} if skip else set()
    paragraphs: list[str] = []
    parts: list[str] = []
    # (node, closing): closing=True marks the end of a block element.
    stack: list[tuple[LexborNode, bool]] = [(c, False) for c in reversed(_children(node))]
    while stack:
        item, closing = stack.pop()
        if closing:
            _flush(parts, paragraphs)
        elif item.tag == "-text":
            parts.append(item.text_content or "")
        elif item.tag not in _NEVER_TEXT and item.mem_id not in skipped:
            if item.tag in _BLOCK_TAGS:
                _flush(parts, paragraphs)
                stack.append((item, True))
            stack.extend((c, False) for c in reversed(_children(item)))
    _flush(parts, paragraphs)
    return paragraphs


def block_text(node: LexborNode) -> str:
    return "\n".join(node_texts(node))


# ---------- metadata ----------

def _is_site_name(text: str) -> bool:
    """A logo heading ("ناظورسيتي NadorCity") is not a headline."""
    return len(text.split()) <= 3 and any(n.lower() in text.lower() for n in SITE.names)


def _headline(page: Page) -> str | None:
    for selector in SELECTORS.headline:
        for node in page.tree.css(selector):
            text = clean(node.text())
            if text and not _is_site_name(text):
                return text
    return _title_without_site_name(page)


def _block_around_heading(page: Page, headline: str | None) -> LexborNode | None:
    """The element holding the visible headline: where the dateline and source line sit."""
    if not headline:
        return None
    for level in ("h1", "h2", "h3"):  # h1 first: lists repeat headlines in h3s
        for node in page.tree.css(level):
            # a linked heading is an entry of a headline list (the article lists itself)
            if node.css_first("a") is None and clean(node.text()) == headline and node.parent:
                return node.parent
    return None


def _title_without_site_name(page: Page) -> str | None:
    """``<title>`` minus a leading or trailing `` - ناظورسيتي`` part, if it has one.

    Only the outer parts are dropped: separators inside a headline stay.
    """
    node = page.tree.css_first("title")
    title = clean(node.text()) if node else ""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return None
    if _is_site_name(parts[-1]) or any(n.lower() in parts[-1].lower() for n in SITE.names):
        return clean(title[: title.rfind(parts[-1])].rstrip(" -|–—:")) or None
    if _is_site_name(parts[0]):
        return clean(title[len(parts[0]):].lstrip(" -|–—:")) or None
    return None


def _source(page: Page, scope: LexborNode | None) -> str | None:
    node = first_match(scope, SELECTORS.source) if scope is not None else None
    node = node or first_match(page.tree, SELECTORS.source)
    if node is not None and clean(node.text()):
        return clean(node.text())
    # The "ناظورسيتي: ..." line is distinctive enough to look for page-wide.
    root = scope if scope is not None else page.tree.body
    for line in node_texts(root) if root is not None else ():
        if _SOURCE_LINE.match(line):
            return line
    return None


def _published(page: Page, scope: LexborNode | None) -> str | None:
    # In the article first: a page header may print today's date with the same class.
    node = first_match(scope, SELECTORS.date) if scope is not None else None
    node = node or first_match(page.tree, SELECTORS.date)
    if node is not None:
        value = node.attributes.get("datetime") or node.text()
        found = parse_date(value, default_tz=SITE.timezone) or \
            find_date_in_text(clean(node.text()), default_tz=SITE.timezone)
        if found:
            return found
    if scope is not None:
        return find_date_in_text(block_text(scope), default_tz=SITE.timezone)
    return None


# ---------- body ----------

def _body(page: Page, source: str | None, headline: str | None) -> str:
    node = first_match(page.tree, SELECTORS.body)
    if node is None:
        return ""
    return _without_lead(node_texts(node, skip=SELECTORS.body_skip), source, headline)


def _without_lead(paragraphs: list[str], source: str | None, headline: str | None) -> str:
    """Body text minus a source line or repeated headline printed at its top."""
    paragraphs = list(paragraphs)
    while paragraphs and (paragraphs[0] in (source, headline) or _SOURCE_LINE.match(paragraphs[0])):
        paragraphs.pop(0)
    return "\n\n".join(paragraphs)


# ---------- more news ----------

def _more_news_block(page: Page) -> LexborNode | None:
    node = first_match(page.tree, SELECTORS.more_news)
    if node is not None:
        return node
    for heading in page.tree.css("h2, h3, h4, .title-module, .titre-module"):
        if clean(heading.text()) in SITE.more_news_headings:
            # climb (a few levels, never to the whole page) to the module holding its links
            block = heading.parent
            for _ in range(4):
                if block is None or block.tag in ("body", "html", "main"):
                    return None
                if len(block.css("a[href]")) >= 3:
                    return block
                block = block.parent
    return None


def _related(page: Page, block: LexborNode | None) -> list[RelatedLink]:
    if block is None:
        return []
    links: dict[str, str] = {}
    for a in block.css("a[href]"):
        url = absolute(page.base_url, a.attributes.get("href"))
        if not url or not SITE.article_path.search(url.split("?")[0]):
            continue
        url = normalize_url(url)
        if url == page.url:
            continue
        title = anchor_title(a)
        if title and not links.get(url):
            links[url] = title
        links.setdefault(url, "")
    return [RelatedLink(title=t, url=u) for u, t in links.items() if t]


# ---------- comments ----------

@dataclass
class _Comments:
    enabled: bool = False
    notice: str | None = None
    count: int = 0
    comments: list[Comment] = field(default_factory=list)
    roots: list[LexborNode] = field(default_factory=list)


def _own_match(comment: LexborNode, selectors: tuple[str, ...]) -> LexborNode | None:
    """Like ``first_match`` but never inside a nested reply of ``comment``."""
    for selector in selectors:
        for node in comment.css(selector):
            up = node.parent
            while up is not None and up.mem_id != comment.mem_id and not matches_itself(
                    up, SELECTORS.comment):
                up = up.parent
            if up is not None and up.mem_id == comment.mem_id:
                return node
    return None


def _comment_record(node: LexborNode, parent: int | None) -> Comment | None:
    text_node = _own_match(node, SELECTORS.comment_text)
    if text_node is None:
        return None
    author = _own_match(node, SELECTORS.comment_author)
    date = _own_match(node, SELECTORS.comment_date)
    date_text = (date.attributes.get("datetime") or date.text()) if date is not None else None
    return Comment(text="\n\n".join(node_texts(text_node, skip=SELECTORS.body_skip)),
                   author=clean_or_none(author.text()) if author is not None else None,
                   published=parse_date(date_text, default_tz=SITE.timezone),
                   parent=parent)


def _comment_list(section: LexborNode) -> list[Comment]:
    """Comments in page order; a reply's parent is its nearest enclosing comment."""
    nodes = section.css(SELECTORS.comment)
    index_of = {n.mem_id: i for i, n in enumerate(nodes)}
    comments: list[Comment] = []
    kept: dict[int, int] = {}  # node index -> record index
    for i, node in enumerate(nodes):
        parent, up = None, node.parent
        while up is not None and up.mem_id != section.mem_id:
            if up.mem_id in index_of:
                parent = kept.get(index_of[up.mem_id])
                break
            up = up.parent
        record = _comment_record(node, parent)
        if record is not None and record.text:
            kept[i] = len(comments)
            comments.append(record)
    return comments


def _notice(page: Page) -> str | None:
    node = first_match(page.tree, SELECTORS.comment_rules)
    if node is None:
        # The rules sentence itself is the signal: take the smallest block holding it.
        for candidate in page.tree.css("p, div, span, li"):
            if clean(candidate.text()).startswith(SITE.notice_start):
                node = candidate.parent if candidate.tag in ("p", "span", "li") else candidate
                break
    if node is None:
        return None
    return "\n".join(node_texts(node)) or None


def _form_with_textarea(page: Page) -> LexborNode | None:
    """On an article page, a form with a free-text box is the comment form."""
    for form in page.tree.css("form"):
        if form.css_first("textarea") is not None:
            return form
    return None


def _comments(page: Page) -> _Comments:
    section = first_match(page.tree, SELECTORS.comments)
    form = first_match(page.tree, SELECTORS.comment_form) or _form_with_textarea(page)
    result = _Comments(enabled=form is not None, notice=_notice(page))
    if section is not None:
        result.roots.append(section)
        result.comments = _comment_list(section)
    count_node = first_match(page.tree, SELECTORS.comment_count)
    shown = re.search(r"\d+", clean(count_node.text())) if count_node is not None else None
    result.count = max(int(shown.group()) if shown else 0, len(result.comments))
    return result


# ---------- assembly ----------

@register("nadorcity.com")
def extract_nadorcity(page: Page) -> Article:
    scope = first_match(page.tree, SELECTORS.article)
    headline = _headline(page)
    if scope is None:
        scope = _block_around_heading(page, headline)
    source = _source(page, scope)
    thread = _comments(page)
    more_news = _more_news_block(page)
    article = Article(
        url=page.url, site=page.site, headline=headline, source=source,
        published=_published(page, scope),
        body=_body(page, source, headline),
        comments_enabled=thread.enabled, comment_notice=thread.notice,
        comment_count=thread.count, comments=thread.comments,
        related=_related(page, more_news),
    )
    return _fill_from_generic(page, article, thread.roots + ([more_news] if more_news else []))


def _fill_from_generic(page: Page, article: Article, skip: list[LexborNode]) -> Article:
    """Take every field the site selectors missed from the generic stages."""
    if not article.comments_enabled or not article.comment_notice or not article.comments:
        thread = extract_comments(page)
        skip = skip + list(thread.roots)
        if not article.comments:
            article.comments = thread.comments
            article.comment_count = max(article.comment_count, thread.count or 0,
                                        len(thread.comments))
        article.comments_enabled = article.comments_enabled or thread.enabled
        article.comment_notice = article.comment_notice or thread.notice
    meta = extract_metadata(page)
    article.headline = article.headline or meta.headline
    article.source = article.source or meta.source
    article.published = article.published or meta.published
    article.language = meta.language or SITE.language
    # A generic byline guess that names a commenter is the comment widget, not the writer.
    commenters = {c.author for c in article.comments if c.author}
    if not article.author and meta.author and meta.author not in commenters:
        article.author = meta.author
    if not article.body:
        generic_body = extract_body(page, exclude=skip, headline=article.headline)
        article.body = _without_lead(generic_body.split("\n\n"), article.source, article.headline)
    if not article.related:
        article.related = extract_related(page)
    return article
