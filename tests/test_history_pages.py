"""WordPress-like article pages for the archive-over-time tests (real extraction, no mocks)."""
from __future__ import annotations

from html import escape

PARAGRAPHS = [
    "أعلنت السلطات المحلية بمدينة الناظور عن إطلاق مشروع جديد لتأهيل الكورنيش البحري، "
    "بغلاف مالي يناهز ثلاثين مليون درهم، وذلك في إطار برنامج التنمية الحضرية للمدينة.",
    "وأوضح بلاغ للجماعة أن الأشغال ستنطلق مطلع الشهر المقبل وتستمر ثمانية عشر شهرا، "
    "وتشمل توسيع الممرات وإحداث فضاءات خضراء ومواقف للسيارات وإنارة عمومية حديثة.",
    "وأكد رئيس المجلس الجماعي أن المشروع سيوفر مئات فرص الشغل المؤقتة لشباب المنطقة، "
    "وأن الدراسات التقنية أخذت بعين الاعتبار حماية الشريط الساحلي من التعرية.",
    "من جهتهم عبر عدد من الفاعلين الجمعويين عن ارتياحهم لهذه الخطوة، مطالبين بإشراك "
    "الساكنة في تتبع مراحل الإنجاز وضمان احترام الآجال المحددة وجودة الأشغال.",
]
COMMENTS = [
    ("محمد", "2026-03-01T10:00:00+01:00", "مشروع مهم للمدينة، نتمنى أن يتم احترام الآجال هذه المرة."),
    ("Sara", "2026-03-01T11:30:00+01:00", "Enfin un projet concret pour la corniche de Nador."),
    ("أمين", "2026-03-02T09:15:00+01:00", "كم من مشروع أعلن عنه ولم ير النور، ننتظر الأفعال لا الأقوال."),
]


def page(url: str, headline: str, paragraphs: list[str], comments: list[tuple[str, str, str]],
         site_name: str = "ناظورسيتي") -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    items = "\n".join(
        f"""<li id="comment-{i}" class="comment depth-1"><article class="comment-body">
        <footer class="comment-meta">
        <div class="comment-author vcard"><span class="fn">{escape(a)}</span></div>
        <div class="comment-metadata"><time datetime="{d}">{d[:10]}</time></div></footer>
        <div class="comment-content"><p>{escape(t)}</p></div></article></li>"""
        for i, (a, d, t) in enumerate(comments))
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(headline)} - {escape(site_name)}</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{escape(headline)}">
<meta property="article:published_time" content="2026-03-01T09:00:00+01:00">
</head><body><header><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav></header>
<main><article class="post"><h1 class="entry-title">{escape(headline)}</h1>
<div class="entry-content">{body}</div>
<div class="comments" id="comments"><h2>{len(comments)} تعليقات</h2>
<ol class="comment-list">{items}</ol>
<div id="respond"><form action="/wp-comments-post.php" method="post"><textarea name="comment"></textarea>
<input type="submit" value="إرسال"></form></div></div>
</article></main><footer>جميع الحقوق محفوظة {escape(site_name)}</footer></body></html>"""


def test_the_page_template_extracts_body_and_comments():
    """The other archive-over-time tests rely on this template being read correctly."""
    from akhbar.scrapers import extract
    article = extract(page("https://www.nadorcity.com/a_1.html", "عنوان", PARAGRAPHS, COMMENTS)
                      .encode("utf-8"))
    assert article.url == "https://www.nadorcity.com/a_1.html"
    assert article.body.split("\n\n") == PARAGRAPHS
    assert [c.author for c in article.comments] == [a for a, _, _ in COMMENTS]
