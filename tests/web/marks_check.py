"""marks_check.py URL - /api/doc's code-point offsets sliced in Python
(str indexes code points) and its byte offsets sliced in the UTF-8
bytes: both give the words marked in title_parts/body_parts."""
import json
import sys
import urllib.parse
import urllib.request

base = sys.argv[1]
passed = failed = 0


def check(cond, name, detail=None):
    global passed, failed
    if cond:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - " + name)
        if detail is not None:
            print("    " + json.dumps(detail, ensure_ascii=False))


for doc_id in ("m1", "m2"):
    url = "%s/api/doc?id=%s&q=%s" % (base, doc_id, urllib.parse.quote("الحكومة"))
    d = json.load(urllib.request.urlopen(url, timeout=10))
    for field in ("title", "body"):
        text, marks = d[field], d[field + "_marks"]
        parts = [p["text"] for p in d[field + "_parts"] if p["mark"]]
        by_cp = [text[m["start_cp"]:m["end_cp"]] for m in marks]
        by_bytes = [text.encode()[m["start"]:m["end"]].decode() for m in marks]
        check(marks and by_cp == parts, "%s %s: Python text[start_cp:end_cp] gives the marked words" % (doc_id, field),
              [by_cp, parts])
        check(by_bytes == parts, "%s %s: text.encode()[start:end] gives them too" % (doc_id, field), [by_bytes, parts])
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
