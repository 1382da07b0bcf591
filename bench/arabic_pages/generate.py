#!/usr/bin/env python3
"""Build the Arabic news page set for bench/extraction.sh.

Real article text from ../shared/data/news/*.jsonl is placed in page
templates written for this project (bench/arabic_pages/*.html) that look
like Arabic news sites of six kinds: a modern portal (UTF-8, JSON-LD, og:,
cookie notice, share bars, comments, newsletter box), a news agency in
table layout (windows-1256, paragraphs split by <br>), a digital magazine
(UTF-8, <main>/<article>/<aside>, ARIA roles) and an ASP.NET newspaper
(ISO-8859-6, transliterated class names, the page wrapped in a <form>),
and a blog (UTF-8, WordPress-like markup, paragraphs as <div>, related
posts with excerpts, author box) and a script-built portal (UTF-8, generated
class names, no canonical URL or JSON-LD, a read-also box and an ad inside
the body, most-read teasers with excerpts, comments): these last two
layouts were written after the extraction rules were fixed, to check them
on markup they were not developed on.
Menus, related links, most-read lists, comments, footers and newsletter
blurbs come with every page.

usage: generate.py --out DIR [--count N] [--seed S]
writes DIR/pages/ar-<template>-<n>.html (every third page gzip-compressed)
and DIR/ground-truth.json ({page: {"articleBody", "title", "date", "url"}}),
the format of ../shared/eval/extraction/score.py.  Nothing generated is
committed: the pages are built from ../shared at bench time.
"""
import argparse
import gzip
import html
import json
import os
import random
import string
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NEWS = os.path.join(HERE, "..", "..", "..", "shared", "data", "news")

# template: (file, encoding, site name, domain, paragraph style)
TEMPLATES = [
    ("akhbar", "utf-8", "الخبر اليوم", "alkhabar-alyawm.example", "p"),
    ("wakala", "cp1256", "وكالة الأنباء العربية المستقلة", "wakala.example", "br"),
    ("minassa", "utf-8", "منصة", "minassa.example", "p"),
    ("sahifa", "iso8859_6", "صحيفة الوطن الجديد", "alwatan-aljadid.example", "p"),
    # written after the extraction rules were fixed: a held-out layout
    ("mudawwana", "utf-8", "مدونة الرأي الحر", "raai-hurr.example", "div"),
    # written after the rules too: a script-built portal whose class names are
    # generated (no class word to go by), teasers with text in the sidebar
    ("bawwaba", "utf-8", "البوابة الإخبارية", "bawwaba.example", "p"),
]

COMMENTS = [
    "مقال رائع ويستحق القراءة، شكرًا للكاتب على هذا الطرح الموضوعي والمعلومات القيمة التي قدمها حول الموضوع، وأتمنى أن نقرأ المزيد من هذه التقارير المفصلة.",
    "للأسف تتكرر هذه الأخبار كل عام دون أن نرى حلولًا حقيقية على أرض الواقع، والمسؤولون يكتفون بالتصريحات والوعود التي لا تتحقق.",
    "أختلف مع ما جاء في التقرير، فالصورة ليست بهذا السوء، وهناك جهود كبيرة تبذل لكن الإعلام لا يسلط الضوء عليها كما يجب.",
    "متى سيتم نشر الجزء الثاني من هذا التقرير؟ أتابع الموقع منذ سنوات وأرى أن مستوى التغطية تحسن كثيرًا في الفترة الأخيرة.",
    "الله يوفق الجميع، ونتمنى أن تكون الأيام القادمة أفضل للبلاد والعباد، وأن ينعم الجميع بالأمن والاستقرار والرخاء.",
    "معلومة غير دقيقة في الفقرة الثالثة، الرجاء مراجعة المصادر قبل النشر، فالقارئ يستحق الدقة في كل ما يقدم إليه من أخبار.",
    "تحليل ممتاز، لكن كان من الأفضل الإشارة إلى الخلفية التاريخية للموضوع حتى يفهم القارئ غير المتخصص أبعاد ما يجري.",
    "شكرًا على التغطية المتواصلة، نرجو الاهتمام أكثر بأخبار المحافظات البعيدة عن العاصمة لأنها لا تحظى بالاهتمام الكافي.",
]
NAMES = ["أبو محمد", "سارة", "خالد العلي", "مواطن", "ليلى م.", "عبد الله", "قارئ دائم", "رامي"]
AUTHORS = ["محمد الأحمد", "فاطمة الزهراء بن علي", "سامر يوسف", "ريم عبد الرحمن", "قسم التحرير"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر"]


def load_articles():
    arts = []
    for name in sorted(os.listdir(NEWS)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(NEWS, name), encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                paras = [p.strip() for p in a.get("body", "").split("\n") if p.strip()]
                if len(paras) >= 3 and sum(map(len, paras)) >= 600 and a.get("title"):
                    a["paras"] = paras
                    arts.append(a)
    return arts


def iso_day(s):
    """YYYY-MM-DD from the corpus's dates (ISO 8601, or DD/MM/YYYY in part of ANT v1.1)."""
    s = (s or "").strip()
    if len(s) >= 10 and s[4] == "-" and s[7] == "-":
        return s[:10]
    if len(s) >= 10 and s[2] == "/" and s[5] == "/":
        return "%s-%s-%s" % (s[6:10], s[3:5], s[0:2])
    return "2018-01-01"


def fit(text, enc):
    """The text as it survives the page's charset (what a reader can get back)."""
    return text.encode(enc, "replace").decode(enc)


def render_body(paras, style, tpl, others):
    e = html.escape
    out = []
    for i, p in enumerate(paras):
        if style == "br":
            out.append(e(p) + "<br><br>")
        elif style == "div":
            out.append('<div dir="rtl"><span style="font-size:16px">%s</span></div>' % e(p))
        else:
            out.append("<p>%s</p>" % e(p))
        if i == 1 and tpl == "akhbar":
            out.append('<div class="read-also"><strong>اقرأ أيضًا:</strong> <a href="/news/%d">%s</a></div>'
                       % (others[0][0], e(others[0][1])))
            out.append('<div class="ad-slot ad-inarticle"><span>إعلان</span><div id="div-gpt-ad-2"></div></div>')
        if i == 2 and tpl == "minassa":
            out.append('<p class="read-more"><a href="/a/%d">اقرأ أيضًا: %s</a></p>' % (others[1][0], e(others[1][1])))
        if i == 1 and tpl == "bawwaba":
            out.append('<div class="css-x8c7v6"><div>اقرأ أيضاً</div><ul>%s</ul></div>'
                       % "".join('<li><a href="/news/%d">%s</a></li>' % (j, e(t)) for j, t in others[:3]))
        if i == 3 and tpl == "bawwaba":
            out.append('<div class="css-b2n3m4"><span>إعلان</span><div id="ad-mid"></div></div>')
        if i == 1 and tpl == "sahifa":
            out.append('<div class="e3lan"><script>googletag.cmd.push(function(){googletag.display("ad-in");});</script></div>')
    return "\n".join(out)


def page(a, n, tpl, enc, site, domain, style, rng, others, excerpts=()):
    e = html.escape
    date = iso_day(a.get("date"))
    y, m, d = date.split("-")
    cat = (a.get("category") or "أخبار").split(",")[0].strip()
    slug = "s%d" % (sum(map(ord, cat)) % 97)
    url = "https://%s/%s/%s/%s/%s/%d.html" % (domain, slug, y, m, d, n)
    title = fit(a["title"].strip(), enc)
    paras = [fit(p, enc) for p in a["paras"]]
    author = a.get("author") or rng.choice(AUTHORS)
    author = fit(author.strip() or rng.choice(AUTHORS), enc)
    picked = rng.sample(COMMENTS, rng.randint(3, 5))
    comments = "\n".join('<div class="comment"><span class="comment-author">%s</span><p>%s</p></div>'
                         % (rng.choice(NAMES), c) for c in picked)
    comments_li = "\n".join('<li class="comment"><footer class="comment-meta">%s</footer><div class="comment-content"><p>%s</p></div></li>'
                            % (rng.choice(NAMES), c) for c in picked)
    comments_div = "\n".join('<div class="ta3liq"><b>%s</b><div>%s</div></div>' % (rng.choice(NAMES), c)
                             for c in picked)
    rel = others[2:8]
    jsonld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
              "datePublished": date + "T09:30:00+03:00", "author": {"@type": "Person", "name": author},
              "publisher": {"@type": "Organization", "name": site}, "articleSection": cat,
              "mainEntityOfPage": url}
    values = {
        "title": e(title), "site": e(site), "url": url, "n": str(n), "author": e(author),
        "category": e(fit(cat, enc)), "category_slug": slug,
        "date_iso": date + "T09:30:00+03:00", "date_compact": y + m + d,
        "date_ar": "%d %s %s" % (int(d), MONTHS[int(m) - 1], y),
        "lead": e(paras[0][:150]),
        "jsonld": '<script type="application/ld+json">%s</script>' % json.dumps(jsonld, ensure_ascii=False),
        "body": render_body(paras, style, tpl, others),
        "body_div": render_body(paras, style, tpl, others),
        "related_excerpts": "".join(
            '<div class="jp-relatedposts-post"><h4><a href="/p/%d">%s</a></h4><p class="jp-relatedposts-post-excerpt">%s</p></div>'
            % (i, e(fit(t, enc)), e(fit(x[:220], enc))) for (i, t), x in zip(others[2:5], excerpts)),
        "other1": e(fit(others[8][1], enc)), "other2": e(fit(others[9][1], enc)),
        "related": "".join('<li><a href="/news/%d">%s</a></li>' % (i, e(fit(t, enc))) for i, t in rel),
        "related_br": "".join('<a href="/news.asp?id=%d">%s</a><br>' % (i, e(fit(t, enc))) for i, t in rel),
        "related_div": "".join('<div class="iqra-item"><a href="/Details.aspx?id=%d">%s</a></div>' % (i, e(fit(t, enc))) for i, t in rel),
        "mostread": "".join('<li><a href="/news/%d">%s</a></li>' % (i, e(fit(t, enc))) for i, t in others[10:15]),
        "mostread_br": "".join('<a href="/news.asp?id=%d">%s</a><br>' % (i, e(fit(t, enc))) for i, t in others[10:15]),
        "mostread_div": "".join('<div><a href="/Details.aspx?id=%d">%s</a></div>' % (i, e(fit(t, enc))) for i, t in others[10:15]),
        "comments": comments, "comments_li": comments_li, "comments_div": comments_div,
        "comments_css": comments.replace('<div class="comment"><span class="comment-author">',
                                         '<div class="css-g5h6j7"><span class="css-k8l9z0">'),
        "ncomments": str(len(picked)),
        "teasers": "\n".join(
            '<div class="css-e5r6t7"><a href="/news/%d"><h3>%s</h3></a><p>%s</p></div>'
            % (i, e(fit(t, enc)), e(fit(x[:200], enc))) for (i, t), x in zip(others[10:15], excerpts[3:])),
    }
    with open(os.path.join(HERE, tpl + ".html"), encoding="utf-8") as f:
        text = string.Template(f.read()).substitute(values)
    return text.encode(enc, "replace"), "\n\n".join(paras), title, date, url


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    if not os.path.isdir(NEWS):
        sys.exit("generate.py: %s is absent" % NEWS)
    rng = random.Random(args.seed)
    arts = load_articles()
    chosen = rng.sample(range(len(arts)), args.count)
    os.makedirs(os.path.join(args.out, "pages"), exist_ok=True)
    truth = {}
    for k, idx in enumerate(chosen):
        tpl, enc, site, domain, style = TEMPLATES[k % len(TEMPLATES)]
        picks = rng.sample(range(len(arts)), 16)
        others = [(j, arts[j]["title"]) for j in picks]
        excerpts = [arts[j]["paras"][0] for j in picks[2:5] + picks[10:15]]
        data, body, title, date, url = page(arts[idx], idx, tpl, enc, site, domain, style, rng, others, excerpts)
        name = "ar-%s-%03d" % (tpl, k)
        path = os.path.join(args.out, "pages", name + ".html")
        if k % 3 == 2:
            with gzip.open(path + ".gz", "wb") as f:
                f.write(data)
        else:
            with open(path, "wb") as f:
                f.write(data)
        truth[name] = {"articleBody": body, "title": title, "date": date, "url": url,
                       "template": tpl, "charset": enc}
    with open(os.path.join(args.out, "ground-truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
