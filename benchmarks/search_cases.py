"""Search evaluation set: short news articles and the queries readers type for them.

Written for this evaluation (not taken from any site), in Arabic, French and
English. ``PAIRS``: a query and every article it must find (a word as it sits
in a reader's sentence: with clitics, stacked clitics, sound plurals,
feminine and pronoun endings, hamza and ya variants; French and English
inflections). ``LOOK_ALIKES``: a query that must find nothing, because the
corpus only holds a word that looks like it (one letter apart, or sharing a
root but not a meaning). ``CONFLATIONS``: look-alikes a light stemmer is
known to join (the price of removing ة and Snowball's English rules), kept
apart so the figures show them rather than hide them.

Used by ``benchmarks/search_quality.py`` (the recall/precision table of
``docs/search.md``) and ``tests/test_search_quality.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CaseArticle:
    key: str
    language: str
    headline: str
    body: str
    comments: tuple[str, ...] = field(default_factory=tuple)


ARTICLES = (
    CaseArticle(
        "floods-ar", "ar", "فيضانات تغمر أحياء الناظور",
        "غمرت مياه الأمطار الغزيرة عددا من الأحياء الشعبية بمدينة الناظور، وتضررت منازلها "
        "ومحلاتها التجارية.\n\nوقال السكان إن قنوات الصرف لم تستوعب كميات المياه، فيما طالب "
        "المواطنون بتدخل عاجل للسلطات المحلية.\n\nوأكدت الوقاية المدنية أنها أجلت عشرات الأسر "
        "من المنازل المهددة بالانهيار، ونقلت المصابين إلى المستشفى الإقليمي.",
        ("نتمنى السلامة لجميع الساكنة",)),
    CaseArticle(
        "intelligence-ar", "ar", "لقاء بين مديري المخابرات المغربية والأمريكية",
        "عقد مديرا جهازي المخابرات في المغرب والولايات المتحدة الأمريكية اجتماعا بالرباط، "
        "تناول التعاون الأمني ومكافحة الإرهاب في منطقة الساحل.\n\nوأشادت الصحف الإسبانية "
        "بالتنسيق بين البلدين، وقالت إن للمغرب دورا محوريا في استقرار المنطقة."),
    CaseArticle(
        "schools-ar", "ar", "وزارة التربية تعلن برنامجا جديدا لدعم التلاميذ",
        "أعلنت وزارة التربية الوطنية عن برنامج لدعم التلاميذ المتعثرين في المدارس العمومية، "
        "يشمل حصصا إضافية للتلميذات والتلاميذ في القرى.\n\nوأوضح المسؤولون أن المدرسين "
        "المشاركين سيتلقون تكوينا خاصا، وأن الآباء مدعوون لمتابعة أبنائهم.\n\nوتستفيد من "
        "البرنامج مئة مؤسسة تعليمية في جهة الشرق."),
    CaseArticle(
        "hospitals-ar", "ar", "نقص الأطباء في المستشفيات العمومية",
        "يشكو المرضى في مستشفيات الجهة من نقص حاد في الأطباء والممرضين، إذ ينتظر بعضهم "
        "أسابيع للحصول على موعد.\n\nوقالت نقابة الممرضات إن الأطر الصحية تعمل في ظروف صعبة، "
        "وطالبت وزارة الصحة بتوظيف أطباء جدد وتجهيز المستشفى الجامعي بالمعدات اللازمة."),
    CaseArticle(
        "road-ar", "ar", "إصلاح الطريق الوطنية رقم 2",
        "انطلقت أشغال إصلاح الطريق الوطنية رقم 2 بين الناظور والحسيمة، بعد شكايات متكررة من "
        "السائقين بسبب الحفر.\n\nوتقدر كلفة المشروع بمئتي مليون درهم، وستستمر الأشغال ثمانية "
        "أشهر.\n\nوعبر أرباب الشاحنات عن ارتياحهم، ودعوا إلى تسريع وتيرة العمل قبل فصل الشتاء."),
    CaseArticle(
        "fishing-ar", "ar", "تراجع صيد الأسماك في ميناء الحسيمة",
        "سجل ميناء الحسيمة تراجعا في كميات الأسماك المفرغة هذا الموسم، بسبب ارتفاع درجة "
        "حرارة المياه.\n\nوقال البحارة إن مراكبهم تعود بحمولة أقل، وإن أسعار السردين ارتفعت "
        "في الأسواق، ويطالب الصيادون بدعم حكومي لتجاوز الأزمة.",
        ("البحارة يعانون منذ سنوات", "الحكومة مطالبة بالتدخل العاجل")),
    CaseArticle(
        "port-fr", "fr", "Le port de Tanger Med accueille de nouveaux navires",
        "Le port de Tanger Med a accueilli cette semaine trois navires porte-conteneurs géants. "
        "Les autorités portuaires ont annoncé que les capacités de stockage seront élargies "
        "l'année prochaine.\n\nLes dockers se sont mobilisés pour décharger les marchandises dans "
        "les délais. Selon la direction, le trafic a augmenté de douze pour cent."),
    CaseArticle(
        "schools-fr", "fr", "Les élèves des écoles rurales reçoivent des tablettes",
        "Le ministère a distribué des tablettes numériques aux élèves des écoles rurales de la "
        "région de l'Oriental. Les enseignantes et les enseignants ont suivi une formation.\n\n"
        "Les parents d'élèves saluent une initiative qui réduit les inégalités."),
    CaseArticle(
        "floods-en", "en", "Floods damage homes in eastern Morocco",
        "Heavy rain flooded several neighbourhoods of Nador on Tuesday, damaging hundreds of "
        "homes and shops. Residents said the drainage channels were blocked.\n\nCivil protection "
        "teams evacuated families living near the river, and the injured were taken to the "
        "regional hospital."),
    CaseArticle(
        "ferry-en", "en", "Ferry operators add night crossings",
        "Two ferry operators announced additional night crossings between Almería and Nador, a "
        "new route for the summer. The companies expect passenger numbers to rise when migrant "
        "workers return home.\n\nTickets will be sold online and at the port."),
)

# (query, kind, articles it must find)
PAIRS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # Arabic: the article ال, and a query typed without it or with another clitic
    ("مخابرات", "article", ("intelligence-ar",)),
    ("المخابرات", "as written", ("intelligence-ar",)),
    ("للمغرب", "clitic", ("intelligence-ar",)),
    ("مغرب", "article", ("intelligence-ar",)),
    ("ارهاب", "article+hamza", ("intelligence-ar",)),
    ("الارهاب", "hamza", ("intelligence-ar",)),
    ("صحف", "article", ("intelligence-ar",)),
    ("التنسيق", "stacked clitic", ("intelligence-ar",)),
    ("تنسيق", "stacked clitic", ("intelligence-ar",)),
    ("استقرار", "article", ("intelligence-ar",)),
    ("ولايات", "article", ("intelligence-ar",)),
    ("بالرباط", "as written", ("intelligence-ar",)),
    ("الرباط", "clitic", ("intelligence-ar",)),
    ("أمريكية", "feminine", ("intelligence-ar",)),
    ("أمريكي", "nisba", ("intelligence-ar",)),
    ("الإسبانية", "hamza", ("intelligence-ar",)),
    ("بالأحياء", "stacked clitic", ("floods-ar",)),
    ("أحياء", "article+hamza", ("floods-ar",)),
    ("احياء", "hamza", ("floods-ar",)),
    ("مدينة", "bare clitic in text", ("floods-ar",)),
    ("منازل", "pronoun ending", ("floods-ar",)),
    ("المنازل", "as written", ("floods-ar",)),
    ("منازلهم", "pronoun ending", ("floods-ar",)),
    ("والسكان", "stacked clitic", ("floods-ar",)),
    ("سكان", "article", ("floods-ar",)),
    ("مواطنين", "sound plural", ("floods-ar",)),
    ("المواطن", "sound plural", ("floods-ar",)),
    ("محلات", "bare clitic + pronoun", ("floods-ar",)),
    ("السلطات", "stacked clitic", ("floods-ar",)),
    ("سلطات", "stacked clitic", ("floods-ar",)),
    ("أمطار", "article+hamza", ("floods-ar",)),
    ("المياه", "as written", ("floods-ar", "fishing-ar")),
    ("الأسر", "as written", ("floods-ar",)),
    ("مصابين", "article", ("floods-ar",)),
    ("مصاب", "sound plural", ("floods-ar",)),
    ("للتلاميذ", "stacked clitic", ("schools-ar",)),
    ("تلاميذ", "article", ("schools-ar",)),
    ("تلميذات", "stacked clitic", ("schools-ar",)),
    ("مدارس", "article", ("schools-ar",)),
    ("مدرسون", "sound plural", ("schools-ar",)),
    ("أبناء", "pronoun ending+hamza", ("schools-ar",)),
    ("موسسة", "hamza", ("schools-ar",)),
    ("المؤسسات", "feminine plural", ("schools-ar",)),
    ("تعليمي", "nisba", ("schools-ar",)),
    ("التربية", "as written", ("schools-ar",)),
    ("وزارة", "as written", ("schools-ar", "hospitals-ar")),
    ("اطباء", "article+hamza", ("hospitals-ar",)),
    ("المستشفيات", "feminine plural", ("hospitals-ar", "floods-ar")),
    ("مستشفى", "ya variant", ("hospitals-ar", "floods-ar")),
    ("ممرضون", "sound plural", ("hospitals-ar",)),
    ("الممرضة", "feminine plural", ("hospitals-ar",)),
    ("المرضي", "ya variant", ("hospitals-ar",)),
    ("صحي", "nisba", ("hospitals-ar",)),
    ("موعد", "as written", ("hospitals-ar",)),
    ('"الطريق الوطنية"', "phrase", ("road-ar",)),
    ('"طريق وطنية"', "phrase", ("road-ar",)),
    ("أشغال", "article+hamza", ("road-ar",)),
    ("سائقين", "article", ("road-ar",)),
    ("شاحنة", "feminine plural", ("road-ar",)),
    ("مشروع", "article", ("road-ar",)),
    ("الأسماك", "as written", ("fishing-ar",)),
    ("اسماك", "article+hamza", ("fishing-ar",)),
    ("الميناء", "article", ("fishing-ar",)),
    ("بحارة", "article", ("fishing-ar",)),
    ("مراكب", "pronoun ending", ("fishing-ar",)),
    ("صيادين", "sound plural", ("fishing-ar",)),
    ("حكومة", "comment", ("fishing-ar",)),
    ("بالأسواق", "stacked clitic", ("fishing-ar",)),
    # French
    ("navire", "plural", ("port-fr",)),
    ("navires", "as written", ("port-fr",)),
    ("conteneur", "plural", ("port-fr",)),
    ("portuaire", "plural", ("port-fr",)),
    ("marchandise", "plural", ("port-fr",)),
    ("annonce", "verb form", ("port-fr",)),
    ("mobilisé", "verb form", ("port-fr",)),
    ("élève", "plural", ("schools-fr",)),
    ("eleves", "accents", ("schools-fr",)),
    ("école", "plural", ("schools-fr",)),
    ("tablette", "plural", ("schools-fr",)),
    ("enseignant", "feminine plural", ("schools-fr",)),
    ("inégalité", "plural", ("schools-fr",)),
    ('"port de Tanger"', "phrase", ("port-fr",)),
    # English
    ("flood", "verb form", ("floods-en",)),
    ("floods", "as written", ("floods-en",)),
    ("home", "plural", ("floods-en", "ferry-en")),
    ("damaged", "verb form", ("floods-en",)),
    ("resident", "plural", ("floods-en",)),
    ("evacuate", "verb form", ("floods-en",)),
    ("family", "plural", ("floods-en",)),
    ("hospitals", "plural", ("floods-en",)),
    ("crossing", "plural", ("ferry-en",)),
    ("operator", "plural", ("ferry-en",)),
    ("passengers", "plural", ("ferry-en",)),
    ("worker", "plural", ("ferry-en",)),
    ("ticket", "plural", ("ferry-en",)),
    # across languages
    ("للمغرب OR navire", "mixed OR", ("intelligence-ar", "port-fr")),
)

# (query, the word the corpus holds instead, its article): must find nothing
LOOK_ALIKES: tuple[tuple[str, str, str], ...] = (
    ("مخابز", "المخابرات", "intelligence-ar"),  # bakeries / intelligence services
    ("أخبار", "المخابرات", "intelligence-ar"),  # news: the same root خبر
    ("مخبر", "المخابرات", "intelligence-ar"),  # laboratory: the same root
    ("خبر", "المخابرات", "intelligence-ar"),
    ("الأسماء", "الأسماك", "fishing-ar"),  # names / fish
    ("الأمراض", "المرضى", "hospitals-ar"),  # diseases / patients: root مرض
    ("الطب", "الأطباء", "hospitals-ar"),  # medicine / doctors: root طبب
    ("المطار", "الأمطار", "floods-ar"),  # airport / rain
    ("سكن", "السكان", "floods-ar"),  # housing / residents
    ("السكين", "السكان", "floods-ar"),  # knife / residents
    ("المدارات", "المدارس", "schools-ar"),  # orbits / schools
    ("الحاسمة", "الحسيمة", "road-ar"),  # decisive / Al Hoceima: root حسم
    ("الترابية", "التربية", "schools-ar"),  # dirt (road) / education
    ("الوقائع", "الوقاية", "floods-ar"),  # facts / protection
    ("القراء", "القرى", "schools-ar"),  # readers / villages
    ("الأزمنة", "الأزمة", "fishing-ar"),  # times / crisis
    ("الوسم", "الموسم", "fishing-ar"),  # tag / season
    ("دراجة", "درجة", "fishing-ar"),  # bicycle / degree
    ("navigation", "navires", "port-fr"),
    ("news", "new", "ferry-en"),  # French Snowball stems news to "new"
    ("floor", "flooded", "floods-en"),
)

# Look-alikes that a light stemmer joins: reported apart (docs/search.md).
CONFLATIONS: tuple[tuple[str, str, str], ...] = (
    ("مدرسة", "المدرسين", "schools-ar"),  # school / teachers: ة is removed like a suffix
    ("منازلة", "منازلها", "floods-ar"),  # a bout / her houses: ة and ـه fold together
    ("operations", "operators", "ferry-en"),  # Snowball English: both "oper"
)
