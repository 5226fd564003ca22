"""A family of small news sites for crawl tests, each in a common CMS layout, served by ``sitesrv``.

Written for akhbar's tests (no copy of a real site): a French WordPress blog,
an Arabic portal mixing URL schemes, a WebMaker-like site (``_a123.html``
articles, ``_r3.html?start=N`` sections), a Blogger-like blog (month archives,
Atom feed, sitemap index) and a plain site with ``/news/N.html`` pages. Each
``NewsSite`` knows, per URL path, the outcome a crawl must report for it.

Pages are built from a few helpers per layout so that each site has the
furniture real ones have: menus, sidebars, breadcrumbs, share and login links,
comment forms, related-story blocks, pagers.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE, LISTING, FEED, COMMENTS, ROBOTS = "stored", "listing", "feed", "comments", "robots"


@dataclass
class NewsSite:
    name: str
    files: dict[str, str] = field(default_factory=dict)   # URL path (+ "?query") -> text
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    expect: dict[str, str] = field(default_factory=dict)  # URL path -> outcome event
    root: Path | None = None

    def add(self, path: str, text: str, outcome: str | None = None) -> None:
        self.files[path] = text
        if outcome:
            self.expect[path] = outcome
        if self.root is not None:
            self._write(path, text)
            self._write_config()

    @property
    def articles(self) -> set[str]:
        return {p for p, o in self.expect.items() if o == ARTICLE}

    def write(self, root: Path) -> Path:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        for path, text in self.files.items():
            self._write(path, text)
        self._write_config()
        return root

    def _write_config(self) -> None:
        assert self.root is not None
        headers = dict(self.headers)
        for path in self.files:  # paths without a file type are HTML pages, as on a real site
            name = path.partition("?")[0].rsplit("/", 1)[-1]
            if path not in headers and (path.endswith("/") or "." not in name or "?" in path
                                        and name.endswith(".php")):
                headers[path] = {"Content-Type": "text/html; charset=utf-8"}
        (self.root / "_site.json").write_text(json.dumps({"headers": headers}), "utf-8")

    def _write(self, path: str, text: str) -> None:
        assert self.root is not None
        bare, _, query = path.partition("?")
        target = self.root / bare.lstrip("/")
        if bare.endswith("/"):
            target = target / "index.html"
        if query:
            target = target.with_name(f"{target.name}@{query}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")

    def edit(self, path: str, old: str, new: str) -> None:
        assert old in self.files[path], (path, old)
        self.add(path, self.files[path].replace(old, new, 1))


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def rss(items: list[tuple[str, str, str]], title: str = "Feed") -> str:
    """RSS 2.0: (path, title, RFC 822 date) items, URLs absolute via {{BASE}}."""
    body = "".join(f"<item><title>{html.escape(t)}</title><link>{{{{BASE}}}}{p.lstrip('/')}</link>"
                   f"<pubDate>{d}</pubDate></item>" for p, t, d in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>{{{{BASE}}}}</link>{body}</channel></rss>")


def urlset(paths: list[tuple[str, str | None]], news: bool = False) -> str:
    rows = []
    for path, date in paths:
        extra = ""
        if date and news:
            extra = (f"<news:news><news:publication><news:name>Site</news:name><news:language>ar"
                     f"</news:language></news:publication><news:publication_date>{date}"
                     f"</news:publication_date><news:title>x</news:title></news:news>")
        elif date:
            extra = f"<lastmod>{date}</lastmod>"
        rows.append(f"<url><loc>{{{{BASE}}}}{path.lstrip('/')}</loc>{extra}</url>")
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9"{ns}>{"".join(rows)}</urlset>')


def sitemap_index(paths: list[str]) -> str:
    rows = "".join(f"<sitemap><loc>{{{{BASE}}}}{p.lstrip('/')}</loc></sitemap>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">{rows}</sitemapindex>')


# -- 1. WordPress, in French ---------------------------------------------------------------------

WP_POSTS = {
    # path: (title, date, paragraphs)
    "/2026/12/05/le-port-de-nador-sera-agrandi/": (
        "Le port de Nador sera agrandi dès le printemps", "2026-12-05T09:30:00+01:00", [
            "Le conseil régional a validé mardi le projet d'agrandissement du port de commerce, "
            "attendu depuis plus de dix ans par les transporteurs et les pêcheurs de la région.",
            "Les travaux commenceront au printemps et dureront trois ans. Un nouveau quai de deux "
            "cents mètres accueillera les navires de marchandises, et la darse de pêche sera refaite.",
            "Les élus de l'opposition ont voté pour, tout en demandant un calendrier public et un "
            "suivi des dépenses présenté chaque trimestre devant le conseil.",
        ]),
    "/2026/12/06/coupure-deau-mardi/": (
        "Coupure d'eau mardi dans le centre-ville", "2026-12-06T08:00:00+01:00", [
            "La régie annonce une coupure d'eau mardi de 9 h à 14 h dans le centre-ville, "
            "le temps de remplacer une conduite principale rue de la Marche Verte.",
        ]),
    "/2026/12/04/le-marche-municipal-rouvre/": (
        "Le marché municipal rouvre après six mois de travaux", "2026-12-04T17:10:00+01:00", [
            "Fermé depuis juin, le marché municipal a rouvert ses portes samedi matin avec des "
            "allées élargies, une nouvelle toiture et des étals refaits à neuf.",
            "Les commerçants se disent soulagés, même si certains regrettent la hausse des loyers "
            "décidée par la commune pour financer une partie des travaux.",
        ]),
    "/2026/12/02/festival-de-musique-amazighe/": (
        "Le festival de musique amazighe annonce sa programmation", "2026-12-02T12:00:00+01:00", [
            "Le festival de musique amazighe revient en janvier pour sa douzième édition, avec une "
            "vingtaine de groupes venus du Rif, du Souss et de la diaspora européenne.",
            "Les concerts auront lieu sur la place de la mairie et au centre culturel ; l'entrée "
            "restera gratuite, comme les années précédentes.",
        ]),
    "/2026/11/28/route-cotiere-travaux/": (
        "La route côtière fermée la nuit pour travaux", "2026-11-28T07:45:00+01:00", [
            "La route côtière sera fermée chaque nuit de 22 h à 5 h pendant deux semaines, le "
            "temps de refaire le revêtement entre la corniche et le port de pêche.",
            "Une déviation est prévue par la route de Selouane ; les bus de nuit garderont leurs "
            "horaires mais passeront par le centre.",
        ]),
}
WP_COMMENTED = "/2026/12/05/le-port-de-nador-sera-agrandi/"


def _wp_page(title: str, main: str, *, canonical: str | None = None, og_type: str = "website",
             published: str | None = None, body_class: str = "archive", schema: str = "") -> str:
    recent = "".join(f'<li><a href="{p}">{html.escape(t)}</a></li>'
                     for p, (t, _, _) in list(WP_POSTS.items())[:4])
    meta = f'<link rel="canonical" href="{{{{BASE}}}}{canonical.lstrip("/")}">' if canonical else ""
    if published:
        meta += f'<meta property="article:published_time" content="{published}">'
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>{html.escape(title)} – Le Journal du Rif</title>
<meta property="og:type" content="{og_type}">{meta}{schema}
<link rel="alternate" type="application/rss+xml" title="Flux" href="/feed/">
</head><body class="{body_class}">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">Le Journal du Rif</a></p>
<nav class="main-navigation"><ul><li><a href="/">Accueil</a></li>
<li><a href="/category/vie-locale/">Vie locale</a></li><li><a href="/a-propos/">À propos</a></li>
<li><a href="/wp-login.php">Connexion</a></li></ul></nav></header>
<div id="primary" class="content-area"><main id="main" class="site-main">{main}</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">
<h2 class="widget-title">Articles récents</h2><ul>{recent}</ul></section></aside>
<footer class="site-footer"><a href="https://wordpress.org/">Fièrement propulsé par WordPress</a>
<a href="/feed/">Flux RSS</a></footer></body></html>"""


def _wp_comment(n: int, author: str, text: str) -> str:
    return (f'<li class="comment" id="comment-{n}"><article class="comment-body"><footer '
            f'class="comment-meta"><div class="comment-author vcard"><b class="fn">{author}</b> '
            f'<span class="says">dit :</span></div><div class="comment-metadata"><time '
            f'datetime="2026-12-05T1{n}:00:00+01:00">5 décembre 2026</time></div></footer>'
            f'<div class="comment-content"><p>{html.escape(text)}</p></div><div class="reply">'
            f'<a rel="nofollow" class="comment-reply-link" href="?replytocom={n}#respond">Répondre'
            f"</a></div></article></li>")


WP_COMMENTS_1 = [(1, "Karima", "Enfin une bonne nouvelle pour les pêcheurs du port."),
                 (2, "Mehdi", "Trois ans de travaux, on verra bien si le calendrier tient."),
                 (3, "Samir", "Il faudra surtout penser aux accès routiers autour du port.")]
WP_COMMENTS_2 = [(4, "Laila", "Les riverains de la corniche n'ont pas été consultés."),
                 (5, "Omar", "Un quai de deux cents mètres, c'est bien trop petit.")]


def _wp_comments_block(post: str, comments: list[tuple[int, str, str]], nav: str) -> str:
    items = "".join(_wp_comment(*c) for c in comments)
    return (f'<div id="comments" class="comments-area"><h2 class="comments-title">'
            f"{len(WP_COMMENTS_1) + len(WP_COMMENTS_2)} réponses</h2><ol class=\"comment-list\">"
            f'{items}</ol>{nav}<div id="respond" class="comment-respond"><h3>Laisser un '
            f'commentaire</h3><form action="/wp-comments-post.php" method="post"><textarea '
            f'name="comment"></textarea><input type="submit" value="Publier"></form></div></div>')


def _wp_post(path: str, comments: str = "") -> str:
    title, date, paragraphs = WP_POSTS[path]
    related = ""
    if path == "/2026/12/04/le-marche-municipal-rouvre/":
        related = ('<div class="jp-relatedposts"><h3 class="jp-relatedposts-headline">Articles '
                   'similaires</h3><a href="/2026/12/02/festival-de-musique-amazighe/">Le '
                   "festival de musique amazighe annonce sa programmation</a></div>")
    main = (f'<article class="post type-post hentry"><header class="entry-header">'
            f'<div class="breadcrumbs"><a href="/">Accueil</a> › <a href="/category/vie-locale/">'
            f'Vie locale et société</a></div><h1 class="entry-title">{html.escape(title)}</h1>'
            f'<div class="entry-meta"><time class="entry-date published" datetime="{date}">'
            f'{date[:10]}</time> par <a href="/author/redaction/" rel="author">Rédaction</a></div>'
            f'</header><div class="entry-content">{_p(*paragraphs)}'
            f'<div class="sharedaddy"><a href="https://www.facebook.com/sharer.php?u={path}">'
            f"Partager sur Facebook</a></div></div>{related}</article>"
            f'<nav class="post-navigation"><a href="/" rel="prev">Article précédent</a></nav>'
            f"{comments}")
    return _wp_page(title, main, canonical=path, og_type="article", published=date,
                    body_class="post-template-default single single-post")


def _wp_teaser(path: str) -> str:
    title, date, paragraphs = WP_POSTS[path]
    return (f'<article class="post type-post hentry"><header class="entry-header"><h2 '
            f'class="entry-title"><a href="{path}" rel="bookmark">{html.escape(title)}</a></h2>'
            f'<time class="entry-date" datetime="{date}">{date[:10]}</time></header>'
            f'<div class="entry-summary"><p>{html.escape(paragraphs[0][:150])} […]</p></div>'
            f'<a class="more-link" href="{path}">Lire la suite</a></article>')


def _wp_archive(title: str, posts: list[str], next_page: str | None, intro: str = "") -> str:
    pager = (f'<nav class="navigation pagination"><a class="next page-numbers" href="{next_page}">'
             f"Page suivante</a></nav>") if next_page else ""
    head = f'<header class="page-header"><h1 class="page-title">{html.escape(title)}</h1>{intro}</header>'
    return _wp_page(title, head + "".join(_wp_teaser(p) for p in posts) + pager,
                    schema='<script type="application/ld+json">{"@type": "CollectionPage"}</script>')


def wordpress() -> NewsSite:
    site = NewsSite("wordpress-fr")
    posts = list(WP_POSTS)
    site.add("/robots.txt", "User-agent: *\nDisallow: /wp-admin/\n\nSitemap: {{BASE}}wp-sitemap.xml\n",
             ROBOTS)
    site.add("/", _wp_archive("Le Journal du Rif", posts[:3], "/page/2/"), LISTING)
    site.add("/page/2/", _wp_archive("Le Journal du Rif – page 2", posts[3:], None), LISTING)
    site.add("/category/vie-locale/", _wp_archive("Vie locale", posts[1:4],
                                                  "/category/vie-locale/page/2/"), LISTING)
    site.add("/category/vie-locale/page/2/", _wp_archive("Vie locale – page 2", posts[4:], None),
             LISTING)
    site.add("/a-propos/", _wp_page("À propos", '<article class="page"><h1 class="entry-title">'
             "À propos</h1>" + _p("Le Journal du Rif est un site d'information locale fondé en "
                                  "2019 par une équipe de journalistes de Nador.") + "</article>",
                                   body_class="page-template-default page"), LISTING)
    for path in posts:
        comments = ""
        if path == WP_COMMENTED:
            nav = (f'<nav class="comment-navigation"><div class="nav-next"><a href="{path}'
                   f'comment-page-2/#comments">Commentaires plus récents</a></div></nav>')
            comments = _wp_comments_block(path, WP_COMMENTS_1, nav)
        site.add(path, _wp_post(path, comments), ARTICLE)
    nav = (f'<nav class="comment-navigation"><div class="nav-previous"><a href="{WP_COMMENTED}'
           f'#comments">Commentaires plus anciens</a></div></nav>')
    site.add(WP_COMMENTED + "comment-page-2/",
             _wp_post(WP_COMMENTED, _wp_comments_block(WP_COMMENTED, WP_COMMENTS_2, nav)).replace(
                 f'rel="canonical" href="{{{{BASE}}}}{WP_COMMENTED.lstrip("/")}"',
                 f'rel="canonical" href="{{{{BASE}}}}{WP_COMMENTED.lstrip("/")}comment-page-2/"'),
             COMMENTS)
    site.add("/feed/", rss([(p, WP_POSTS[p][0], "Sat, 05 Dec 2026 09:30:00 +0100")
                            for p in posts[:3]]), FEED)
    site.headers["/feed/"] = {"Content-Type": "application/rss+xml; charset=UTF-8"}
    site.add("/wp-sitemap.xml", sitemap_index(["/wp-sitemap-posts-post-1.xml",
                                               "/wp-sitemap-posts-page-1.xml",
                                               "/wp-sitemap-taxonomies-category-1.xml"]), FEED)
    site.add("/wp-sitemap-posts-post-1.xml", urlset([(p, None) for p in posts]), FEED)
    site.add("/wp-sitemap-posts-page-1.xml", urlset([("/a-propos/", None)]), FEED)
    site.add("/wp-sitemap-taxonomies-category-1.xml", urlset([("/category/vie-locale/", None)]), FEED)
    return site


# -- 2. An Arabic portal mixing URL schemes ---------------------------------------------------------

AR_PAGES = {
    "/article/88": ("انقطاع الكهرباء عن أحياء وسط المدينة", None, [
        "أعلنت الشركة عن انقطاع التيار الكهربائي صباح الأحد عن عدد من أحياء وسط المدينة "
        "لإجراء أشغال صيانة على الشبكة."]),
    "/news/view/12": ("افتتاح سوق أسبوعي جديد بالعروي", "2026-12-04", [
        "افتتح يوم الخميس سوق أسبوعي جديد بمدينة العروي بحضور ممثلي السلطات المحلية والتجار.",
        "ويضم السوق أكثر من مئتي محل ومساحة مخصصة للفلاحين الصغار لعرض منتجاتهم."]),
    "/index.php?p=301": ("تساقطات مطرية مهمة تنعش آمال الفلاحين", None, [
        "عرفت المنطقة خلال الأسبوع الماضي تساقطات مطرية مهمة أنعشت آمال الفلاحين بموسم فلاحي جيد "
        "بعد سنوات من الجفاف.",
        "وأكدت المديرية الإقليمية للفلاحة أن كمية الأمطار فاقت المعدل السنوي في عدة جماعات قروية.",
        "ويأمل الفلاحون أن تستمر التساقطات خلال الأشهر المقبلة لضمان مردود جيد للحبوب."]),
    "/ar/akhbar/2026-12-03-hafla-musiqia": ("حفل موسيقي في ساحة البلدية", "2026-12-03", [
        "احتضنت ساحة البلدية مساء السبت حفلا موسيقيا شارك فيه فنانون من المنطقة أمام جمهور غفير.",
        "وقال المنظمون إن الحفل يندرج ضمن برنامج ثقافي يمتد طيلة فصل الشتاء."]),
    "/article/91": ("تعبيد طريق الشاطئ", None, [
        "انطلقت أشغال تعبيد الطريق المؤدية إلى الشاطئ بعد شكايات متكررة من السكان بسبب الحفر.",
        "وتقدر مدة الأشغال بشهرين حسب المجلس الجماعي."]),
}


def _ar_page(title: str, main: str, head: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{html.escape(title)} | بوابة الريف</title>{head}
<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>
<div class="top-bar"><a href="/">الرئيسية</a> | <a href="/qism/riyada">رياضة</a> |
<a href="/ar/akhbar/">الأخبار</a> | <a href="/user/login">دخول</a></div>
<div class="container"><div class="content">{main}</div>
<div class="side"><div class="box"><h4>الأكثر قراءة</h4><ul>
<li><a href="/news/view/12">افتتاح سوق أسبوعي جديد بالعروي</a></li></ul></div></div></div>
<div class="foot">© بوابة الريف <a href="https://twitter.com/portal">تويتر</a></div></body></html>"""


AR_COMMENTED = "/news/view/12"
AR_COMMENTS = [("أحمد", "مبادرة جيدة لفائدة التجار الصغار."), ("فاطمة", "نتمنى تنظيم السوق بشكل أفضل.")]


def _ar_comment(author: str, text: str) -> str:
    return (f'<div class="comment"><div class="comment-author">{author}</div><div class="comment-date">'
            f'2026-12-05</div><div class="comment-text">{html.escape(text)}</div></div>')


def _ar_article(path: str) -> str:
    title, date, paragraphs = AR_PAGES[path]
    comments = ""
    if path == AR_COMMENTED:
        comments = ('<div id="comments" class="comments"><h3>التعليقات</h3>'
                    + "".join(_ar_comment(*c) for c in AR_COMMENTS)
                    + '<form action="/comment/add" method="post"><textarea name="c"></textarea>'
                    "</form></div>")
    when = f'<span class="date">{date}</span>' if date else ""
    head = f'<meta property="og:type" content="article"><meta property="article:published_time" ' \
           f'content="{date}">' if path.startswith("/ar/") else ""
    more = [p for p in ("/article/91", "/article/88", "/news/view/12") if p != path][:2]
    links = "".join(f'<li><a href="{p}">{html.escape(AR_PAGES[p][0])}</a></li>' for p in more)
    main = (f'<div class="path"><a href="/">الرئيسية</a> » <a href="/ar/akhbar/">أخبار محلية</a></div>'
            f'<h1>{html.escape(title)}</h1>{when}<div class="text">{_p(*paragraphs)}</div>'
            f'<div class="more"><h3>أخبار ذات صلة</h3><ul>{links}</ul></div>{comments}'
            f'<a href="/print.php?action=print&amp;id=1">طباعة</a>')
    return _ar_page(title, main, head)


def _ar_listing(title: str, paths: list[str], next_page: str | None, summaries: bool) -> str:
    items = []
    for p in paths:
        t, date, paragraphs = AR_PAGES[p]
        summary = f"<p>{html.escape(paragraphs[0][:120])}</p>" if summaries else ""
        items.append(f'<div class="item"><h2><a href="{p}">{html.escape(t)}</a></h2>{summary}</div>')
    pager = f'<div class="pager"><a href="{next_page}">التالي</a></div>' if next_page else ""
    return _ar_page(title, f"<h1>{html.escape(title)}</h1>{''.join(items)}{pager}")


def arabic_portal() -> NewsSite:
    site = NewsSite("arabic-portal")  # no robots.txt, a guessed /sitemap.xml that exists
    pages = list(AR_PAGES)
    site.add("/", _ar_listing("آخر الأخبار", pages[:4], None, summaries=False), LISTING)
    site.add("/ar/akhbar/", _ar_listing("أخبار محلية", pages[:3], "/ar/akhbar/?page=2", True), LISTING)
    site.add("/ar/akhbar/?page=2", _ar_listing("أخبار محلية", pages[3:4], None, True), LISTING)
    site.add("/qism/riyada", _ar_listing("رياضة", pages[1:4], None, True), LISTING)
    for path in pages:
        site.add(path, _ar_article(path), ARTICLE)
    site.add("/rss.xml", rss([(p, AR_PAGES[p][0], "Fri, 04 Dec 2026 10:00:00 +0100")
                              for p in ("/index.php?p=301", "/ar/akhbar/2026-12-03-hafla-musiqia")]),
             FEED)
    site.add("/sitemap.xml", urlset([("/article/88", "2026-12-05T10:00:00+01:00"),
                                     ("/news/view/12", "2026-12-04T10:00:00+01:00")], news=True), FEED)
    site.expect["/robots.txt"] = ROBOTS
    return site


# -- 3. A WebMaker-like site: /<slug>_a<id>.html, sections /<name>_r<id>.html?start=N ----------------

WM_PAGES = {
    "/Une-nouvelle-ecole-ouvre-ses-portes_a1501.html": ("Une nouvelle école ouvre ses portes", [
        "Une école primaire de douze classes a ouvert lundi dans le quartier Ouled Mimoun ; elle "
        "accueille quatre cents élèves."]),
    "/Le-conseil-vote-le-budget_a1502.html": ("Le conseil communal vote le budget 2027", [
        "Le conseil communal a adopté jeudi soir le budget 2027 par vingt-deux voix contre huit, "
        "après une séance de plus de cinq heures.",
        "La majorité met en avant la hausse des investissements dans la voirie ; l'opposition "
        "dénonce une pression fiscale accrue sur les commerçants."]),
    "/Match-nul_a1503.html": ("Match nul pour le Hilal", [
        "Le Hilal a fait match nul (1-1) dimanche face au Chabab, dans un stade plein malgré la "
        "pluie."]),
    "/Vieille-medina-restauree_a1490.html": ("La vieille médina restaurée", [
        "Les travaux de restauration de la vieille médina sont achevés : ruelles pavées, façades "
        "blanchies et éclairage public refait ont changé le visage du quartier."]),
    "/Pluie_a1499.html": ("Fortes pluies sur la province", [
        "De fortes pluies sont tombées samedi sur la province, provoquant des coupures de routes "
        "dans plusieurs communes rurales."]),
}
WM_SECTION = "/Societe_r3.html"


def _wm_page(title: str, main: str) -> str:
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(title)} - NadorInfo</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="/xml/syndication.rss">
</head><body><div id="entete"><a href="/">NadorInfo</a></div>
<div id="menu"><a href="/">Accueil</a> <a href="{WM_SECTION}">Société</a>
<a href="/Sport_r5.html">Sport</a> <a href="/index.php?action=send&amp;id=1501">Envoyer à un ami</a></div>
<div id="contenu">{main}</div><div id="pied">NadorInfo © 2026 <a href="/Contact_r9.html">Contact</a></div>
</body></html>"""


def _wm_article(path: str, comments: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    title, paragraphs = WM_PAGES[path]
    same = "".join(f'<li><a href="{p}">{html.escape(WM_PAGES[p][0])}</a></li>'
                   for p in ("/Pluie_a1499.html", "/Match-nul_a1503.html") if p != path)
    block = "".join(f'<div class="commentaire"><div class="auteur">{a}</div><div class="texte">'
                    f"{html.escape(t)}</div></div>" for a, t in comments)
    comment_area = (f'<div class="comments"><h3>Commentaires</h3>{block}<form action="/comment">'
                    f'<textarea name="c"></textarea></form></div>') if comments else ""
    main = (f'<div class="rubrique"><a href="{WM_SECTION}">Société et Culture</a></div>'
            f'<div class="titre"><h1>{html.escape(title)}</h1></div>'
            f'<div class="texte">{_p(*paragraphs)}</div>'
            f'<div class="outils"><a href="/index.php?print=1&amp;id=1502">Imprimer</a></div>'
            f'<div class="same"><b>Dans la même rubrique :</b><ul>{same}</ul></div>{comment_area}')
    return _wm_page(title, main)


def _wm_section(title: str, paths: list[str], next_page: str | None, intro: str = "") -> str:
    items = "".join(f'<div class="breve"><h3><a href="{p}">{html.escape(WM_PAGES[p][0])}</a></h3>'
                    f'<div class="resume">{html.escape(WM_PAGES[p][1][0][:110])}…</div></div>'
                    for p in paths)
    pager = f'<div class="pages"><a href="{next_page}">Suivant »</a></div>' if next_page else ""
    return _wm_page(title, f"<h1>{html.escape(title)}</h1>{intro}{items}{pager}")


WM_COMMENTS = [("Hamid", "Bravo au conseil pour la voirie, il était temps."),
               ("Nora", "Encore des taxes pour les petits commerçants !")]


def webmaker() -> NewsSite:
    site = NewsSite("webmaker")
    pages = list(WM_PAGES)
    site.add("/robots.txt", "User-agent: *\nDisallow: /admin/\n", ROBOTS)
    site.add("/", _wm_section("À la une", pages[:3], None), LISTING)
    site.add(WM_SECTION, _wm_section("Société", pages[:2], WM_SECTION + "?start=10"), LISTING)
    site.add(WM_SECTION + "?start=10", _wm_section("Société", pages[2:3], WM_SECTION + "?start=20"),
             LISTING)
    site.add(WM_SECTION + "?start=20", _wm_section("Société", pages[3:4], None), LISTING)
    site.add("/Sport_r5.html", _wm_section("Sport", pages[2:3], None), LISTING)
    site.add("/Contact_r9.html", _wm_page("Contact", "<h1>Contact</h1><p>Écrivez-nous.</p>"), LISTING)
    for path in pages:
        comments = WM_COMMENTS if path == pages[1] else []
        site.add(path, _wm_article(path, comments), ARTICLE)
    site.add("/xml/syndication.rss", rss([(p, WM_PAGES[p][0], "Sat, 05 Dec 2026 10:00:00 +0100")
                                          for p in pages[:3]]), FEED)
    site.expect["/sitemap.xml"] = "skipped"  # guessed (robots.txt names none), absent
    return site


# -- 4. A Blogger-like blog: /YYYY/MM/slug.html, month archives, Atom feed, sitemap index ------------

BL_POSTS = {
    "/2026/12/coucher-de-soleil-sur-la-lagune.html": ("Coucher de soleil sur la lagune", "2026-12-05", [
        "Hier soir, la lagune de Marchica s'est teintée d'orange et de rose pendant près d'une "
        "heure. Quelques photos prises depuis la corniche, près du vieux ponton.",
        "Les flamants roses sont de retour depuis une semaine : on les voit le matin, côté "
        "Atalayoun, en petits groupes de dix ou vingt."]),
    "/2026/12/marche-du-dimanche.html": ("Le marché du dimanche", "2026-12-03", [
        "Balade au marché du dimanche, entre les étals d'olives, les tas d'oranges de Berkane "
        "et les vendeurs de menthe qui crient leurs prix.",
        "Les prix ont encore augmenté depuis l'été, surtout pour les légumes venus du Souss."]),
    "/2026/12/pluie.html": ("Pluie", "2026-12-01", [
        "Première vraie pluie de l'hiver ce matin : les rues du centre se sont vidées en dix "
        "minutes et l'odeur de terre mouillée est revenue."]),
    "/2026/11/la-corniche-en-hiver.html": ("La corniche en hiver", "2026-11-20", [
        "En hiver, la corniche appartient aux marcheurs du matin et aux pêcheurs à la ligne. "
        "Quelques images d'une promenade un mardi de novembre, sous un ciel bas.",
        "Les cafés ont rentré leurs terrasses ; seul le kiosque près de la fontaine reste ouvert."]),
}
BL_COMMENTED = "/2026/12/coucher-de-soleil-sur-la-lagune.html"


def _bl_page(title: str, main: str, item: bool = False) -> str:
    archive = ('<ul class="hierarchy"><li><a class="post-count-link" href="/2026/12/">décembre</a>'
               '</li><li><a class="post-count-link" href="/2026/11/">novembre</a></li></ul>')
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<link rel="alternate" type="application/atom+xml" title="Nador en images - Atom" href="/feeds/posts/default">
<link rel="service.post" type="application/atom+xml" href="https://www.blogger.com/feeds/1/posts/default">
</head><body class="{'item-view' if item else 'feed-view'}">
<div class="header"><h1 class="title"><a href="/">Nador en images</a></h1></div>
<div class="main-inner"><div class="main section" id="main">{main}</div></div>
<div class="sidebar section" id="sidebar"><div class="widget BlogArchive"><h2>Archives</h2>{archive}</div>
<div class="widget Label"><a href="/search/label/Nador">Nador</a></div></div>
<div class="footer">Thème Simple. Fourni par <a href="https://www.blogger.com">Blogger</a>.</div>
</body></html>"""


def _bl_post(path: str, linked: bool, comments: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    title, date, paragraphs = BL_POSTS[path]
    heading = f'<a href="{path}">{html.escape(title)}</a>' if linked else html.escape(title)
    count = f'<a class="comment-link" href="{path}#comment-form">{len(comments)} commentaires</a>'
    return (f'<div class="date-outer"><h2 class="date-header"><span>{date}</span></h2>'
            f'<div class="post-outer"><div class="post hentry" itemscope itemtype="http://schema.org/'
            f'BlogPosting"><h3 class="post-title entry-title">{heading}</h3><div class="post-header">'
            f'</div><div class="post-body entry-content">{_p(*paragraphs)}</div><div class="post-footer">'
            f'<span class="post-author">Publié par Yassine</span> <abbr class="published" title="{date}">'
            f"{date}</abbr> {count}</div></div></div></div>")


def _bl_comments(comments: list[tuple[str, str]]) -> str:
    items = "".join(f'<li class="comment" id="c{i}"><div class="avatar-image-container"></div>'
                    f'<div class="comment-block"><div class="comment-header"><cite class="user">{a}'
                    f'</cite><span class="datetime secondary-text"><a rel="nofollow" href="#c{i}">'
                    f'5 décembre 2026 à 20:1{i}</a></span></div><p class="comment-content">'
                    f"{html.escape(t)}</p></div></li>" for i, (a, t) in enumerate(comments))
    return (f'<div class="comments" id="comments"><h4>{len(comments)} commentaires :</h4>'
            f'<div class="comments-content"><div id="comment-holder"><div class="comment-thread">'
            f"<ol>{items}</ol></div></div></div></div>")


BL_COMMENTS = [("Salma", "Magnifiques couleurs, on dirait un tableau."),
               ("Anouar", "Les flamants sont revenus plus tôt cette année.")]


def _bl_item(path: str, comments: list[tuple[str, str]]) -> str:
    title = BL_POSTS[path][0]
    paths = list(BL_POSTS)
    i = paths.index(path)
    pager = '<div class="blog-pager" id="blog-pager">'
    if i > 0:
        pager += f'<a class="blog-pager-newer-link" href="{paths[i - 1]}">Article plus récent</a>'
    if i + 1 < len(paths):
        pager += f'<a class="blog-pager-older-link" href="{paths[i + 1]}">Article plus ancien</a>'
    main = _bl_post(path, False, comments) + _bl_comments(comments) + pager + "</div>"
    return _bl_page(f"Nador en images: {title}", main, item=True)


def _bl_archive(title: str, paths: list[str]) -> str:
    return _bl_page(title, "".join(_bl_post(p, True) for p in paths))


def blogger() -> NewsSite:
    site = NewsSite("blogger")
    posts = list(BL_POSTS)
    site.add("/robots.txt", "User-agent: *\nDisallow: /search\nAllow: /\n\n"
             "Sitemap: {{BASE}}sitemap.xml\n", ROBOTS)
    site.add("/", _bl_archive("Nador en images", posts[:3]), LISTING)
    site.add("/2026/12/", _bl_archive("Nador en images: décembre 2026", posts[:3]), LISTING)
    site.add("/2026/11/", _bl_archive("Nador en images: novembre 2026", posts[3:]), LISTING)
    for path in posts:
        site.add(path, _bl_item(path, BL_COMMENTS if path == BL_COMMENTED else []), ARTICLE)
    entries = "".join(f'<entry><title>{html.escape(BL_POSTS[p][0])}</title><published>{BL_POSTS[p][1]}'
                      f'T10:00:00+01:00</published><link rel="alternate" type="text/html" '
                      f'href="{{{{BASE}}}}{p.lstrip("/")}"/></entry>' for p in posts[:3])
    site.add("/feeds/posts/default", '<?xml version="1.0" encoding="UTF-8"?><feed xmlns='
             f'"http://www.w3.org/2005/Atom"><title>Nador en images</title>{entries}</feed>', FEED)
    site.headers["/feeds/posts/default"] = {"Content-Type": "application/atom+xml; charset=UTF-8"}
    site.add("/sitemap.xml", sitemap_index(["/sitemap.xml?page=1"]), FEED)
    site.add("/sitemap.xml?page=1", urlset([(p, BL_POSTS[p][1]) for p in posts]), FEED)
    return site


# -- 5. A plain site: /news/N.html, a listing, an RSS feed; no dates, no markup ----------------------

PLAIN = {
    1: ("Nouvelle piscine municipale", ["La piscine municipale ouvrira en janvier, avec un bassin "
                                        "de vingt-cinq mètres et des horaires pour les écoles."]),
    2: ("Travaux rue du Marché", ["La rue du Marché sera fermée aux voitures pendant un mois "
                                  "pour refaire les trottoirs et l'éclairage.",
                                  "Les livraisons resteront autorisées avant huit heures."]),
    3: ("Collecte de sang samedi", ["Une collecte de sang aura lieu samedi à la maison des jeunes, "
                                    "de 9 h à 17 h ; tous les groupes sont recherchés."]),
    4: ("Le club de lecture fête ses dix ans", ["Le club de lecture de la médiathèque fête ses dix "
                                                "ans avec une semaine de rencontres d'auteurs."]),
    5: ("Marché de Noël", ["Le marché de Noël s'installe sur la place centrale du 15 au 24 décembre "
                           "avec une quarantaine d'exposants."]),
    6: ("Nouveaux horaires de bus", ["Les bus de la ligne 3 passeront toutes les quinze minutes "
                                     "aux heures de pointe à partir de lundi."]),
}


def _plain_page(title: str, main: str) -> str:
    return (f'<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>'
            f'<div class="top"><a href="/">Accueil</a> - <a href="/news/">Toutes les nouvelles</a>'
            f"</div>{main}<div class=\"bottom\">Mairie de Zeghanghane</div></body></html>")


def plain() -> NewsSite:
    site = NewsSite("plain")
    links = "".join(f'<li><a href="/news/{n}.html">{html.escape(t)}</a></li>' for n, (t, _) in PLAIN.items())
    site.add("/", _plain_page("Mairie", "<h1>Nouvelles de la ville</h1><ul>" + "".join(
        f'<li><a href="/news/{n}.html">{html.escape(PLAIN[n][0])}</a></li>' for n in (1, 2, 3))
        + "</ul>"), LISTING)
    site.add("/news/", _plain_page("Nouvelles", f"<h1>Toutes les nouvelles</h1><ul>{links}</ul>"), LISTING)
    for n, (title, paragraphs) in PLAIN.items():
        site.add(f"/news/{n}.html", _plain_page(title, f"<h1>{html.escape(title)}</h1>{_p(*paragraphs)}"
                                                f'<p><a href="/news/">Retour</a></p>'), ARTICLE)
    site.add("/rss.xml", rss([(f"/news/{n}.html", PLAIN[n][0], "Thu, 03 Dec 2026 10:00:00 +0100")
                              for n in (1, 2, 3, 4)]), FEED)
    site.expect["/robots.txt"] = ROBOTS
    site.expect["/sitemap.xml"] = "skipped"
    return site


# -- changes between runs: a new article, a section page gaining an intro, a new comment -------------

INTRO_FR = ("Toute l'actualité de la vie locale : les décisions du conseil communal, les travaux "
            "dans les quartiers, les associations, les écoles et les commerces de la ville. "
            "Retrouvez chaque jour nos articles, nos brèves et nos reportages, classés du plus "
            "récent au plus ancien.")
INTRO_AR = ("تجدون في هذا القسم كل أخبار الرياضة المحلية والجهوية: نتائج المباريات وتصريحات المدربين "
            "واللاعبين ومستجدات الأندية والجمعيات الرياضية، إضافة إلى تغطية خاصة للبطولات المدرسية "
            "والدوريات الرمضانية في مختلف أحياء المدينة.")


@dataclass
class Change:
    new_article: str        # linked from a listing (and the feed, where the site has one)
    section: str            # a listing that gained an intro paragraph: still a listing
    commented: str | None   # an article that gains a comment (None: the site has no comments)
    comment: str | None = None


def _with(table: dict, key: str, value: object, build):  # type: ignore[no-untyped-def]
    """``build()`` with ``table[key] = value`` for the time of the call (page helpers read the tables)."""
    table[key] = value
    try:
        return build()
    finally:
        del table[key]


def evolve(site: NewsSite) -> Change:
    """Apply the site's changes on disk (the server serves them at once)."""
    return _EVOLVE[site.name](site)


def _evolve_wordpress(site: NewsSite) -> Change:
    new = "/2026/12/06/nouvelle-ligne-de-bus/"
    value = ("Une nouvelle ligne de bus reliera la gare au port", "2026-12-06T11:00:00+01:00",
             ["Une ligne de bus reliera la gare routière au port à partir de lundi, avec un passage "
              "toutes les vingt minutes de six heures à vingt et une heures."])
    page, teaser = _with(WP_POSTS, new, value, lambda: (_wp_post(new), _wp_teaser(new)))
    site.add(new, page, ARTICLE)
    site.edit("/", '<article class="post', teaser + '<article class="post')
    site.edit("/feed/", "<item>", f"<item><title>Bus</title><link>{{{{BASE}}}}{new.lstrip('/')}</link>"
              "<pubDate>Sun, 06 Dec 2026 11:00:00 +0100</pubDate></item><item>")
    site.edit("/category/vie-locale/", "</h1></header>",
              f'</h1><div class="taxonomy-description"><p>{INTRO_FR}</p></div></header>')
    comment = "Et le dimanche, la ligne fonctionnera-t-elle aussi ?"
    site.edit(WP_COMMENTED + "comment-page-2/", "</ol>", _wp_comment(6, "Yassir", comment) + "</ol>")
    return Change(new, "/category/vie-locale/", WP_COMMENTED, comment)


def _evolve_arabic(site: NewsSite) -> Change:
    new = "/article/95"
    value = ("توزيع حافلات مدرسية جديدة", None, [
        "توصلت الجماعات القروية بالإقليم بعشر حافلات مدرسية جديدة لنقل التلاميذ إلى المؤسسات "
        "التعليمية البعيدة عن مساكنهم."])
    site.add(new, _with(AR_PAGES, new, value, lambda: _ar_article(new)), ARTICLE)
    site.edit("/", '<div class="item">', f'<div class="item"><h2><a href="{new}">توزيع حافلات '
              'مدرسية جديدة</a></h2></div><div class="item">')
    site.edit("/qism/riyada", "<h1>رياضة</h1>", f"<h1>رياضة</h1><p>{INTRO_AR}</p>")
    comment = "السوق يحتاج إلى مواقف للسيارات."
    site.edit(AR_COMMENTED, '<form action="/comment/add"', _ar_comment("يوسف", comment)
              + '<form action="/comment/add"')
    return Change(new, "/qism/riyada", AR_COMMENTED, comment)


def _evolve_webmaker(site: NewsSite) -> Change:
    new = "/Nouveau-pont-sur-l-oued_a1510.html"
    value = ("Un nouveau pont sur l'oued Kert", [
        "Le pont sur l'oued Kert a été inauguré samedi ; il remplace le gué qui coupait la route "
        "à chaque crue."])
    site.add(new, _with(WM_PAGES, new, value, lambda: _wm_article(new)), ARTICLE)
    teaser = (f'<div class="breve"><h3><a href="{new}">Un nouveau pont sur l\'oued Kert</a></h3>'
              '<div class="resume">Le pont sur l\'oued Kert a été inauguré samedi…</div></div>')
    site.edit(WM_SECTION, '<div class="breve">', teaser + '<div class="breve">')
    site.edit("/xml/syndication.rss", "<item>", f"<item><title>Pont</title><link>{{{{BASE}}}}"
              f"{new.lstrip('/')}</link><pubDate>Sun, 06 Dec 2026 09:00:00 +0100</pubDate></item><item>")
    site.edit(WM_SECTION, "<h1>Société</h1>", f"<h1>Société</h1><p>{INTRO_FR}</p>")
    commented = "/Le-conseil-vote-le-budget_a1502.html"
    comment = "Le budget de la culture baisse encore, personne n'en parle."
    site.edit(commented, '<form action="/comment">', '<div class="commentaire"><div class="auteur">'
              f'Zineb</div><div class="texte">{comment}</div></div><form action="/comment">')
    return Change(new, WM_SECTION, commented, comment)


def _evolve_blogger(site: NewsSite) -> Change:
    new = "/2026/12/premiere-neige-sur-le-gourougou.html"
    value = ("Première neige sur le Gourougou", "2026-12-06", [
        "Ce matin, le sommet du Gourougou était blanc : première neige de la saison, visible "
        "depuis toute la ville sous un ciel enfin dégagé."])
    page, shown = _with(BL_POSTS, new, value, lambda: (_bl_item(new, []), _bl_post(new, True)))
    site.add(new, page, ARTICLE)
    site.edit("/", '<div class="date-outer">', shown + '<div class="date-outer">')
    site.edit("/feeds/posts/default", "<entry>", f'<entry><title>Neige</title><published>2026-12-06'
              f'T09:00:00+01:00</published><link rel="alternate" type="text/html" href="{{{{BASE}}}}'
              f'{new.lstrip("/")}"/></entry><entry>')
    site.edit("/2026/12/", '<div class="main section" id="main">',
              f'<div class="main section" id="main"><div class="archive-intro"><p>{INTRO_FR}</p></div>')
    comment = "On voyait la lagune jusqu'au bout, quelle lumière !"
    site.edit(BL_COMMENTED, "</ol>", '<li class="comment" id="c9"><div class="comment-block"><div '
              'class="comment-header"><cite class="user">Karim</cite><span class="datetime '
              'secondary-text"><a rel="nofollow" href="#c9">6 décembre 2026 à 08:00</a></span></div>'
              f'<p class="comment-content">{comment}</p></div></li></ol>')
    return Change(new, "/2026/12/", BL_COMMENTED, comment)


def _evolve_plain(site: NewsSite) -> Change:
    new = "/news/7.html"
    title = "Fermeture de la médiathèque lundi"
    site.add(new, _plain_page(title, f"<h1>{title}</h1>" + _p(
        "La médiathèque sera fermée lundi pour l'inventaire annuel ; les retours restent possibles "
        "dans la boîte extérieure.") + '<p><a href="/news/">Retour</a></p>'), ARTICLE)
    site.edit("/news/", "<ul>", f'<ul><li><a href="{new}">{title}</a></li>')
    site.edit("/news/", "<h1>Toutes les nouvelles</h1>", f"<h1>Toutes les nouvelles</h1><p>{INTRO_FR}</p>")
    return Change(new, "/news/", None)


_EVOLVE = {"wordpress-fr": _evolve_wordpress, "arabic-portal": _evolve_arabic,
           "webmaker": _evolve_webmaker, "blogger": _evolve_blogger, "plain": _evolve_plain}

SITES = {"wordpress-fr": wordpress, "arabic-portal": arabic_portal, "webmaker": webmaker,
         "blogger": blogger, "plain": plain}
