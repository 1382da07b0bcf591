#!/usr/bin/env python3
"""page_corpus.py - articles for the page's layout tests (tests/web/page.mjs),
printed as JSON Lines.  Every one holds the word الفستق, which no other
test or demo article does, so they change no other test's results.

What they exercise:
  * 64 articles: seven pages of results (first / last page links);
  * Latin source names next to dates (bidi isolation of the meta line);
  * categories holding several values, with a Latin and an Arabic comma;
  * a very long Arabic and a very long Latin source name (facet labels
    cut with an ellipsis, never over their counts);
  * fst-nocat: a Latin source right before the date, no category between
    them (the case where an unisolated date splits around the source);
  * fst-extra: extra fields (author, tags, a number, a nested object, an
    http image link and a javascript: link) and a web address.
"""
import json

SOURCES = ["skynews", "BBC Arabic", "صحيفة الحقول",
           "المرصد العربي لأسواق المكسرات والفواكه المجففة والتجارة الزراعية في بلاد الشام والخليج",
           "International Observatory of Agricultural Commodities and Dried Fruit Markets"]
CATEGORIES = ["اقتصاد,زراعة", "زراعة", "اقتصاد، تجارة", "زراعة, تجارة", "اقتصاد"]
PLACES = ["حلب", "غازي عنتاب", "كرمان", "سامراء", "الرقة", "إدلب", "حماة", "قونية"]


def main():
    for i in range(64):
        place = PLACES[i % len(PLACES)]
        doc = {
            "id": "fst-%02d" % i,
            "title": "محصول الفستق في %s: تقرير رقم %d" % (place, i + 1),
            "body": "قال مزارعون في %s إن محصول الفستق هذا الموسم أفضل من العام الماضي.\n"
                    "وارتفعت أسعار الفستق الحلبي في الأسواق المحلية بنسبة %d في المئة." % (place, 5 + i % 20),
            "source": SOURCES[i % len(SOURCES)],
            "category": CATEGORIES[i % len(CATEGORIES)],
            "date": "%d-%02d-%02d" % (2018 + i % 2, 1 + i % 12, 1 + (i * 7) % 28),
        }
        print(json.dumps(doc, ensure_ascii=False))
    print(json.dumps({
        "id": "fst-nocat",
        "title": "اختبارالاتجاه: الفستق في نشرة إنجليزية",
        "body": "خبر قصير عن الفستق بلا تصنيف.",
        "source": "skynews",
        "date": "2018-05-07",
    }, ensure_ascii=False))
    print(json.dumps({
        "id": "fst-extra",
        "title": "الفستق الحلبي يعود إلى الأسواق الأوروبية",
        "body": "عاد الفستق الحلبي إلى الأسواق الأوروبية بعد غياب طويل.\nوقال التجار إن الطلب كبير.",
        "source": "skynews",
        "category": "اقتصاد,زراعة",
        "date": "2018-05-07",
        "url": "https://example.org/pistachio?id=1&lang=ar",
        "author": "سارة الحلبي",
        "tags": ["فستق", "تجارة", "Aleppo"],
        "word_count": 42,
        "location": {"city": "حلب", "country": "سوريا"},
        "image": "https://example.org/img/pistachio.jpg",
        "canonical": "javascript:alert(3)",
        "empty_note": "",
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
