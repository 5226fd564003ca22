"""What the crawler does with one fetched HTML page (mixed into ``Crawler``).

The page is analysed (``analyze.py``, in a worker process when possible) and
judged (``verdict.py``). An article is stored with its further comment pages
merged in; its in-site links are followed (related and "more news" links
included), except links that are obviously not pages. A listing's links are
followed; its next pages at the same depth (pagination is not a new hop).
``fetch`` stores what it was asked for whatever it is; ``refresh`` stores an
article only over its own record, and marks a record whose page turned out
to be a listing.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..decode import binary_kind
from ..record import Article
from .analyze import PageAnalysis
from .classify import FEED, LISTING, classify_url, url_shape
from .client import Fetched
from .paging import is_comment_page_of
from .tasks import COMMENTS, Task
from .verdict import Verdict, older_than

if TYPE_CHECKING:
    from .crawler import Crawler


class HtmlPages:
    """The HTML-page half of the crawler (``Crawler.pages``): judge, store or follow."""

    def __init__(self, crawler: Crawler):
        self.c = crawler

    async def handle_html(self, task: Task, fetched: Fetched) -> None:
        kind = binary_kind(fetched.content)
        if kind or not fetched.content.strip():
            self.c._fail(task, fetched, f"not an HTML page ({kind or 'empty'})")
            return
        if self.c.page_hook is not None:
            self.c.page_hook(task, fetched)
        analysis = await self.c.analyzer.analyze(fetched.content, fetched.final_url,
                                               fetched.charset, task.url)
        if analysis.problem or analysis.article is None:
            self.c._fail(task, fetched, analysis.problem or "no extraction result")
            return
        verdict = self.c._judge(task.url, fetched, analysis,
                                task.declared or task.url in self.c.declared)
        if task.direct and task.refresh_of is None:  # ``fetch``: stored whatever it is
            verdict = Verdict(True, f"asked for by name ({verdict.reason})")
        if verdict.article:
            await self.store(task, fetched, analysis, verdict)
        else:
            self.listing(task, fetched, analysis, verdict)

    async def store(self, task: Task, fetched: Fetched, analysis: PageAnalysis,
                     verdict: Verdict) -> None:
        assert analysis.article is not None
        article = analysis.article
        if self.c.options.since and not task.direct and older_than(article.published,
                                                                 self.c.options.since):
            self.c.store.finish_page(task.url, fetched, [], state="old")
            self.c._skip(task, "since", f"published {article.published}, before --since")
            return
        article, comment_pages = await self.with_comment_pages(task, article, analysis)
        found = [] if task.direct else self.harvest(task, analysis, listing=False)
        remembered = found + [Task.make(0, url, COMMENTS, task.depth, site=task.site, via=task.url)
                              for url in comment_pages]  # so that refresh re-reads them
        try:
            result = self.c.store.save_article(article, fetched, task.url, remembered,
                                               expect_id=task.refresh_of)
        except LookupError as exc:  # refresh: the page now holds another article
            self.c.store.finish_page(task.url, fetched, [])
            self.c._skip(task, "marked", f"{exc}; the archived record was left as it was")
            return
        self.c.stats.stored += 1
        shape = url_shape(task.url)
        self.c.shapes[shape] += 1
        if not task.direct:
            self.c._reconsider(shape, task.site)
        self.c.emit({"event": "stored", "url": task.url, "article_url": result.url,
                   "status": result.status, "article_id": result.article_id,
                   "new_comments": result.new_comments, "reason": verdict.reason})
        for new in found:
            self.c._schedule(new)

    async def with_comment_pages(self, task: Task, article: Article,
                                 analysis: PageAnalysis) -> tuple[Article, list[str]]:
        """The article with the comments of its further comment pages (``comment-page-2``...),
        and the URLs of those pages."""
        pending = list(analysis.comment_pages)
        seen = {task.url}
        comments = list(article.comments)
        known = {(c.author, c.text) for c in comments}
        while pending and len(seen) <= self.c.options.max_comment_pages and not self.c._stop.is_set():
            url = pending.pop(0)
            if url in seen:
                continue
            seen.add(url)
            more = await self.comment_page(url, task)
            if more is None or more.article is None:
                continue
            kept: dict[int, int] = {}
            for index, comment in enumerate(more.article.comments):
                if (comment.author, comment.text) in known:
                    continue
                known.add((comment.author, comment.text))
                kept[index] = len(comments)
                comments.append(comment)
            for index, position in kept.items():  # replies keep their parent, when it is new too
                parent = more.article.comments[index].parent
                comments[position] = replace(comments[position], parent=kept.get(parent)
                                             if parent is not None else None)
            pending += [u for u in more.comment_pages if u not in seen
                        and is_comment_page_of(u, task.url)]
        pages = sorted(seen - {task.url})
        if len(comments) == len(article.comments):
            return article, pages
        return replace(article, comments=comments,
                       comment_count=max(article.comment_count, len(comments))), pages

    async def comment_page(self, url: str, task: Task) -> PageAnalysis | None:
        robots = await self.c.robots.for_url(url)
        if not robots.allows(url):
            self.c._skip(url, "robots", robots.reason or "disallowed by robots.txt")
            return None
        fetched = await self.c.client.get(url)
        self.c._count(fetched)
        if not fetched.ok:
            self.c._skip(url, "excluded", f"comment page unavailable: {fetched.error or fetched.status}")
            return None
        more = await self.c.analyzer.analyze(fetched.content, fetched.final_url, fetched.charset, url)
        found = len(more.article.comments) if more.article else 0
        self.c.stats.comment_pages += 1
        self.c.emit({"event": "comments", "url": url, "article_url": task.url, "comments": found,
                   "reason": f"comment page of {task.url}: {found} comments merged"})
        return more

    def listing(self, task: Task, fetched: Fetched, analysis: PageAnalysis,
                 verdict: Verdict) -> None:
        found = self.harvest(task, analysis, listing=True) if not task.direct else []
        self.c.store.finish_page(task.url, fetched, found, kind=LISTING)
        self.c.stats.listings += 1
        if not task.direct and task.url not in self.c.declared:
            self.c.listed.add(task.url)
            if verdict.weak and not self.c.shapes[url_shape(task.url)]:
                self.c.doubtful.setdefault(url_shape(task.url), set()).add((task.url, task.depth))
        event = {"event": "listing", "url": task.url, "links": len(analysis.links.links),
                 "followed": len(found), "reason": verdict.reason}
        if task.refresh_of is not None:
            self.c.store.mark_not_article(task.refresh_of, task.url, verdict.reason, task.site)
            self.c.stats.marked += 1
            event["marked"] = task.refresh_of
            event["reason"] = f"archived as an article, now judged a listing ({verdict.reason}): marked"
        self.c.emit(event)
        for new in found:
            self.c._schedule(new)

    def harvest(self, task: Task, analysis: PageAnalysis, listing: bool) -> list[Task]:
        """New same-site links of a page, as tasks; the rest reported as skipped links."""
        found: list[Task] = []
        # Feeds advertised by listings (an article's own feed is its comments feed: not news).
        for feed in analysis.links.feeds if listing else ():
            found += self.c._new(task, feed, FEED, task.depth)
        following = set(analysis.next_pages) if listing else set()
        for url in analysis.links.links:
            if url in following:  # the same listing continued: not a new hop
                found += self.c._new(task, url, LISTING, task.depth)
            elif is_comment_page_of(url, task.url):
                continue  # read with the article (or nothing to read on a listing)
            else:
                kind = classify_url(url)
                if kind == FEED and not listing:
                    continue  # its comments feed, or the site's, which listings advertise
                found += self.c._new(task, url, kind, task.depth if kind == FEED else task.depth + 1)
        return found

