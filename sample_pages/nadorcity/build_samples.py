"""Rebuild the NadorCity sample pages and their expected records.

WHY a script: the real page's markup is not available, only the text a reader
saw (the seed, quoted verbatim below). These pages are a RECONSTRUCTION of a
WMaker-CMS article page (``wm-module`` / ``module-*`` classes, ``_a<id>.html``
article URLs, ``_r<id>.html`` sections) built around that text. The expected
records are written from the same ground truth (the seed's headline, source
line, paragraphs and posting rules) - never from extractor output.

Variants written (each ``<stem>.html`` beside ``<stem>.json``):

* ``article``          - the seed page as served (UTF-8), comment form, no comments.
* ``article-comments`` - the same article with four comments, one a reply.
* ``article-saved``    - as a browser's "Save Page As" writes it: a
  ``<!-- saved from url=(NNNN)... -->`` marker, no canonical link, relative links.
* ``article-cp1256``   - ``article`` re-encoded in windows-1256, the charset declared
  only in ``<meta http-equiv>`` (the bytes are NOT valid UTF-8).
* ``article-redesign`` - the same article in a hypothetical HTML5 redesign where
  none of the scraper's WMaker selectors match: checks that the scraper degrades
  to its site signals and the generic stages instead of returning empty fields.
  It has no canonical link: the URL is given as ``_input_url``.

Run from anywhere: ``python sample_pages/nadorcity/build_samples.py``.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ORIGIN = "https://www.nadorcity.com"
SITE_NAME = "ناظورسيتي"

HEADLINE = "صحيفة إسبانية تكشف أسباب الاجتماع الاخير بين مديري المخابرات المغربية والأمريكية"
ARTICLE_ID = 115482
SOURCE_LINE = "ناظورسيتي: متابعة"
DATELINE = "الأربعاء 29 شتنبر 2021 - 18:45"
PUBLISHED = "2021-09-29T18:45:00+01:00"  # Morocco is UTC+1 outside Ramadan
NOTICE_LINES = ("التعليقات المنشورة لا تعبر بأي حال عن رأي الموقع وسياسته التحريرية",
                "شكرا لالتزام الموضوعية وعدم الإساءة والتجريح")

# The seed's body paragraphs, verbatim (typos included: "المبر الإعلامي").
PARAGRAPHS = [
    "كشفت صحيفة \"أتالايار\"، أن ميزان القوى في منطقة الساحل والصحراء هو الهدف المشترك لجهازي المخابرات المغربية والأمريكية، حيث ستتركز جهودهما على وقف انتشار الإرهاب.",
    "وعقب مناقشات بين جهازي المخابرات في المملكة المغربية والولايات المتحدة في يونيو الماضي، التقى قادة الجهازين مرة أخرى، هذه المرة في المغرب، لمتابعة الخطط الموضوعة. من بين الأهداف المشتركة الرئيسية الحد من نشاط المنظمات الإرهابية في منطقة الساحل والبحث عن توازن القوى والعلاقات بين دول المنطقة من أجل مزيد من الازدهار.",
    "وقالت الصحيفة أن هذه المرة، التقى مدير وكالة المخابرات الأمريكية (CIA)، وليام بيرنز، بمدير المديرية العامة لمراقبة التراب الوطني، عبد اللطيف الحموشي، في مكتبه بالرباط. مشيرة إلى عقد الاجتماع بين الطرفين المغربي والأمريكي بحضور بونييت تالوار، سفير الولايات المتحدة بالمغرب.",
    "واكد ذات المصدر أنه في مواجهة استمرار الهجمات ومحاولات المليشيات الإرهابية للتوغل في شمال إفريقيا للوصول إلى التراب الأوروبي، فإن انعدام الأمن في المنطقة يشكل خطرًا وتحديًا. وتستند جهود التحالف بشكل أساسي على مراقبة أنشطة هذه التنظيمات \"الجهادية\".",
    "وتظهر المناقشات المستمرة بين الإدارتين، أن مستقبل مواطني دول الساحل والصحراء يعتمد على البحث عن حلفاء يقدمون الدعم مثل الذي تقدمه الولايات المتحدة.",
    "ونوه المبر الإعلامي، إلى أن العلاقات بين واشنطن والرباط وصلت إلى مستويات غير مسبوقة تجعل من المغرب أحد المحركات الرئيسية للثروة في القارة الأفريقية. فبالإضافة إلى ريادة للرباط في العديد من المجالات الاقتصادية، فإن هذه الشراكة مع الولايات المتحدة تجعل المغرب إحدى القوى العسكرية الكبيرة في المنطقة.",
    "هذا ويتزايد التقارب بين أمريكا والمغرب، ويعكس التنسيق الوثيق بين المديرية العامة لمراقبة التراب الوطني ووكالة المخابرات المركزية الأمريكية في مسائل الأمن والاستخبارات، الإرادة المشتركة للطرفين لتعزيز علاقاتهما الثنائية.",
]
AD_AFTER_PARAGRAPH = 3  # the seed shows an extra gap here: an ad slot sat between paragraphs

# The shared "المزيد من الأخبار" module: latest headlines (it lists the article itself too).
MORE_NEWS = [
    ("توقيف شخص بحوزته كمية من المخدرات بمدخل مدينة الناظور", 115490),
    ("جماعة الناظور تصادق على مشاريع جديدة لتأهيل الكورنيش", 115488),
    (HEADLINE, ARTICLE_ID),
    ("أمطار رعدية مرتقبة بعدد من مناطق الريف خلال نهاية الأسبوع", 115479),
    ("مغاربة العالم يطالبون بتخفيض أسعار تذاكر العبور نحو ميناء بني انصار", 115471),
    ("فريق هلال الناظور يعود بفوز ثمين من خارج الميدان", 115466),
]
SECTIONS = [("أخبار الناظور", 1), ("أخبار الريف", 2), ("أخبار وطنية", 3),
            ("أخبار دولية", 4), ("رياضة", 5), ("مغاربة العالم", 6), ("فيديو", 7)]

# (author, dateline, published ISO, paragraphs, index of the comment replied to)
COMMENTS = [
    ("محمد الريفي", "الأربعاء 29 شتنبر 2021 - 20:12", "2021-09-29T20:12:00+01:00",
     ["التنسيق الأمني بين البلدين ليس جديدا، لكن الزيارة تؤكد ثقة واشنطن في المغرب.",
      "نتمنى أن ينعكس هذا التعاون على التنمية في منطقتنا أيضا."], None),
    ("ابن الناظور", "الأربعاء 29 شتنبر 2021 - 21:03", "2021-09-29T21:03:00+01:00",
     ["متفق معك، الأمن شرط لأي تنمية."], 0),
    ("Karim", "الخميس 30 شتنبر 2021 - 08:27", "2021-09-30T08:27:00+01:00",
     ["مقال مفيد، شكرا ناظورسيتي"], None),
    ("زائر", "الخميس 30 شتنبر 2021 - 11:50", "2021-09-30T11:50:00+01:00",
     ["الساحل منطقة معقدة ولن تحل مشاكلها بالمقاربة الأمنية وحدها."], None),
]


def slug_path(title: str, number: int, kind: str = "a") -> str:
    """``/<arabic-title-slug>_a<id>.html``, percent-encoded as it appears in hrefs."""
    return "/" + quote("-".join(title.split()), safe="-") + f"_{kind}{number}.html"


ARTICLE_PATH = slug_path(HEADLINE, ARTICLE_ID)
ARTICLE_URL = ORIGIN + ARTICLE_PATH


def _link(path: str, relative: bool) -> str:
    return path if relative else ORIGIN + path


def _head(charset_meta: str, canonical: bool) -> str:
    canonical_tag = f'<link rel="canonical" href="{ARTICLE_URL}" />\n' if canonical else ""
    return f"""<head>
{charset_meta}
<title>{HEADLINE} - {SITE_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="description" content="{PARAGRAPHS[0][:150]}" />
<meta name="generator" content="WMaker" />
{canonical_tag}<meta property="og:type" content="article" />
<meta property="og:site_name" content="{SITE_NAME} NadorCity" />
<meta property="og:image" content="{ORIGIN}/photo/art/default/{ARTICLE_ID}-cia-dgst.jpg" />
<link rel="alternate" type="application/rss+xml" title="RSS" href="/xml/syndication.rss" />
<link rel="alternate" type="application/atom+xml" title="Atom" href="/xml/atom.xml" />
<link rel="stylesheet" type="text/css" href="/var/style/style.css?v=1632" />
<script type="text/javascript" src="/_public/js/jquery-1.8.3.min.js"></script>
<script>var wm_page_name = "article"; var wm_article_id = {ARTICLE_ID};</script>
</head>"""


def _navigation(relative: bool) -> str:
    items = "\n".join(f'      <li><a href="{_link(slug_path(name, n, "r"), relative)}">{name}</a></li>'
                      for name, n in SECTIONS)
    return f"""<div id="top">
  <div class="wm-module module-logo"><a href="{_link('/', relative)}"><img src="/var/style/logo.png" alt="{SITE_NAME} NadorCity" /></a></div>
  <div class="wm-module module-ad ad-top"><ins class="adsbygoogle" data-ad-client="ca-pub-0000000000000000" data-ad-slot="1111"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({{}});</script></div>
  <div class="wm-module module-menu" id="menu">
    <ul>
      <li><a href="{_link('/', relative)}">الرئيسية</a></li>
{items}
    </ul>
  </div>
</div>"""


def _more_news(relative: bool) -> str:
    items = []
    for title, number in MORE_NEWS:
        href = _link(slug_path(title, number), relative)
        items.append(f"""    <div class="item">
      <a href="{href}" class="photo"><img src="/photo/art/imagette/{number}.jpg" alt="" /></a>
      <h3 class="titre"><a href="{href}">{title}</a></h3>
    </div>""")
    joined = "\n".join(items)
    return f"""<div class="wm-module module-articles-list module-more-news" id="mod_more">
  <div class="title-module"><h2>المزيد من الأخبار</h2></div>
  <div class="list">
{joined}
  </div>
</div>"""


def _body_html() -> str:
    """WMaker article text: ``<br />``-separated runs, an ad slot after paragraph 3."""
    parts = []
    for i, paragraph in enumerate(PARAGRAPHS):
        if i == AD_AFTER_PARAGRAPH:
            parts.append('<br />\n<div class="wm-ad ad-inarticle"><span class="ad-label">إعلان</span>'
                         '<ins class="adsbygoogle" data-ad-slot="2222"></ins>'
                         '<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>\n')
        parts.append(paragraph + "<br />\n<br />\n")
    return "".join(parts)


def _comment_html(index: int) -> str:
    author, dateline, _iso, paragraphs, _parent = COMMENTS[index]
    replies = [i for i, c in enumerate(COMMENTS) if c[4] == index]
    reply_html = ""
    if replies:
        reply_html = ('\n      <div class="comment-replies">\n'
                      + "\n".join(_comment_html(i) for i in replies) + "\n      </div>")
    text = "<br />\n".join(paragraphs)
    return f"""    <div class="comment" id="com_{9001 + index}">
      <div class="comment-header"><span class="comment-author">{author}</span> <span class="comment-date">{dateline}</span></div>
      <div class="comment-text">{text}</div>{reply_html}
    </div>"""


def _comments(with_comments: bool, relative: bool) -> str:
    listing = ""
    if with_comments:
        roots = "\n".join(_comment_html(i) for i, c in enumerate(COMMENTS) if c[4] is None)
        listing = f"""  <div class="comments-list">
    <h3 class="comments-count">التعليقات ({len(COMMENTS)})</h3>
{roots}
  </div>
"""
    rules = "\n".join(f"      <p>{line}</p>" for line in NOTICE_LINES)
    return f"""<div class="wm-module module-comments" id="comments">
{listing}  <div class="comment-form" id="comment_form">
    <h3>تعليق جديد</h3>
    <form method="post" action="{_link('/comment/add/', relative)}" name="commentForm">
      <input type="hidden" name="article_id" value="{ARTICLE_ID}" />
      <p><label for="c_name">الاسم</label> <input type="text" id="c_name" name="name" /></p>
      <p><label for="c_mail">البريد الإلكتروني</label> <input type="email" id="c_mail" name="email" /></p>
      <p><textarea name="message" rows="6" cols="40"></textarea></p>
      <p><input type="submit" value="إرسال" /></p>
    </form>
    <div class="comment-rules">
{rules}
    </div>
  </div>
</div>"""


def build_page(*, charset_meta: str, canonical: bool = True, relative: bool = False,
               with_comments: bool = False, preamble: str = "") -> str:
    body = _body_html()
    return f"""{preamble}<!DOCTYPE html>
<html lang="ar" dir="rtl">
{_head(charset_meta, canonical)}
<body class="wm-page page-article">
{_navigation(relative)}
<div id="main">
  <div id="col_left">
{_more_news(relative)}
    <div class="wm-module module-social"><a href="https://www.facebook.com/nadorcity">تابعونا على فيسبوك</a></div>
  </div>
  <div id="col_center">
    <div class="wm-module module-article" id="article_{ARTICLE_ID}">
      <div class="breadcrumbs"><a href="{_link('/', relative)}">الرئيسية</a> &gt; <a href="{_link(slug_path('أخبار وطنية', 3, 'r'), relative)}">أخبار وطنية</a></div>
      <h1 class="titre-article">{HEADLINE}</h1>
      <div class="photo-article"><img src="/photo/art/default/{ARTICLE_ID}-cia-dgst.jpg" alt="" /><div class="legende">{HEADLINE}</div></div>
      <div class="auteur-article">{SOURCE_LINE}</div>
      <div class="date-article">{DATELINE}</div>
      <div class="share-buttons"><a href="https://www.facebook.com/sharer.php?u={ARTICLE_URL}">فيسبوك</a> <a href="https://twitter.com/intent/tweet?url={ARTICLE_URL}">تويتر</a> <a href="https://wa.me/?text={ARTICLE_URL}">واتساب</a></div>
      <div class="texte-article">
{body}      </div>
    </div>
{_comments(with_comments, relative)}
  </div>
</div>
<div id="footer">
  <div class="wm-module module-footer">
    <a href="{_link('/contact/', relative)}">اتصل بنا</a> | <a href="{_link('/xml/syndication.rss', relative)}">RSS</a> | <a href="{_link('/xml/atom.xml', relative)}">Atom</a>
    <p>جميع الحقوق محفوظة &copy; {SITE_NAME} 2021</p>
  </div>
</div>
</body>
</html>
"""


def build_redesign_page() -> str:
    """A plausible theme change: HTML5 sections, ``<p>`` paragraphs, no WMaker classes."""
    sections = "".join(f'<li><a href="{slug_path(n, i, "r")}">{n}</a></li>' for n, i in SECTIONS)
    more = "".join(f'<li><a href="{slug_path(t, i)}">{t}</a></li>' for t, i in MORE_NEWS)
    paragraphs = []
    for i, paragraph in enumerate(PARAGRAPHS):
        if i == AD_AFTER_PARAGRAPH:
            paragraphs.append('<div class="ads"><small>إعلان</small>'
                              '<iframe src="https://ads.example.net/slot/3333"></iframe></div>')
        paragraphs.append(f"<p>{paragraph}</p>")
    text = "\n        ".join(paragraphs)
    rules = "".join(f"<p>{line}</p>" for line in NOTICE_LINES)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{HEADLINE} | {SITE_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
<header class="site-header">
  <a class="brand" href="/">{SITE_NAME}</a>
  <nav><ul><li><a href="/">الرئيسية</a></li>{sections}</ul></nav>
</header>
<div class="container">
  <main>
    <article class="post">
      <h2 class="post-title">{HEADLINE}</h2>
      <div class="post-meta"><span>نشر في {DATELINE.split(" - ")[0]} على الساعة {DATELINE.split(" - ")[1]}</span></div>
      <figure><img src="/media/{ARTICLE_ID}.jpg" alt=""><figcaption>{HEADLINE}</figcaption></figure>
      <div class="post-content">
        <p><strong>{SOURCE_LINE}</strong></p>
        {text}
      </div>
    </article>
    <section class="reactions">
      <h3>تعليق جديد</h3>
      <form method="post" action="/reactions/{ARTICLE_ID}">
        <input type="text" name="name" placeholder="الاسم">
        <textarea name="body"></textarea>
        <button type="submit">إرسال</button>
      </form>
      <div class="form-notes">{rules}</div>
    </section>
  </main>
  <aside class="sidebar">
    <section class="widget"><h3 class="widget-title">المزيد من الأخبار</h3><ul>{more}</ul></section>
  </aside>
</div>
<footer class="site-footer"><a href="/xml/syndication.rss">RSS</a> &copy; {SITE_NAME}</footer>
</body>
</html>
"""


def expected_record(*, with_comments: bool) -> dict:
    comments = [{"author": a, "published": iso, "text": "\n\n".join(p), "parent": parent}
                for a, _d, iso, p, parent in COMMENTS] if with_comments else []
    return {
        "url": ARTICLE_URL,
        "site": "www.nadorcity.com",
        "headline": HEADLINE,
        "source": SOURCE_LINE,
        "author": None,
        "published": PUBLISHED,
        "language": "ar",
        "body": "\n\n".join(PARAGRAPHS),
        "comments_enabled": True,
        "comment_notice": "\n".join(NOTICE_LINES),
        "comment_count": len(comments),
        "comments": comments,
        "related": [{"title": t, "url": ORIGIN + slug_path(t, n)}
                    for t, n in MORE_NEWS if n != ARTICLE_ID],
    }


def saved_from_marker(url: str) -> str:
    """The Mark-of-the-Web comment browsers write: the URL's length in 4 digits."""
    return f"<!-- saved from url=({len(url):04d}){url} -->\n"


def write(stem: str, html: bytes, record: dict, notes: dict) -> None:
    (HERE / f"{stem}.html").write_bytes(html)
    data = {**notes, **record}
    (HERE / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")


def main() -> None:
    utf8_meta = '<meta charset="utf-8" />'
    plain = expected_record(with_comments=False)
    write("article", build_page(charset_meta=utf8_meta).encode("utf-8"), plain,
          {"_note": "Reconstructed WMaker page around the seed text (see build_samples.py)."})
    write("article-comments",
          build_page(charset_meta=utf8_meta, with_comments=True).encode("utf-8"),
          expected_record(with_comments=True),
          {"_note": "Same article with four comments; the second replies to the first."})
    shared_url = ARTICLE_URL + "?utm_source=facebook&utm_medium=social"
    write("article-saved",
          build_page(charset_meta=utf8_meta, canonical=False, relative=True,
                     preamble=saved_from_marker(shared_url)).encode("utf-8"),
          plain,
          {"_note": "Browser 'Save Page As' copy: no canonical link, relative links; "
                    "the URL comes from the saved-from marker (tracking parameters dropped)."})
    cp1256_meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256" />'
    write("article-cp1256", build_page(charset_meta=cp1256_meta).encode("cp1256"), plain,
          {"_note": "The 'article' page encoded in windows-1256, charset only in <meta>."})
    write("article-redesign", build_redesign_page().encode("utf-8"), plain,
          {"_input_url": ARTICLE_URL,
           "_note": "Hypothetical redesign: no WMaker selector matches; signals and generic "
                    "stages must still give the full record."})


if __name__ == "__main__":
    main()
