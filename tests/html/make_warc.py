#!/usr/bin/env python3
"""Write the WARC archives of tests/html/run.sh (standard library only).

usage: make_warc.py OUT.warc.gz PAGE_UTF8.html PAGE_CP1256.html [--plain] [--truncate N]
Records, in order: warcinfo; request; response 200 text/html (the UTF-8
page); response 200 whose charset is only in the HTTP header (the
windows-1256 page); response 404; response image/png; response 200 chunked
and gzip-encoded (the UTF-8 page again, under another URL); metadata;
response 200 text/html cut short (its Content-Length says more than
follows), last.  Each record is its own gzip member (as wget, Heritrix and
Common Crawl write them) unless --plain.  --truncate N cuts the whole file
to N bytes.
"""
import gzip
import sys
import uuid


def record(wtype, uri, block, ctype, extra=b""):
    head = (b"WARC/1.0\r\nWARC-Type: " + wtype + b"\r\nWARC-Record-ID: <urn:uuid:" +
            str(uuid.UUID(int=len(block) + len(uri))).encode() + b">\r\nWARC-Date: 2023-05-14T08:15:00Z\r\n")
    if uri:
        head += b"WARC-Target-URI: " + uri + b"\r\n"
    head += b"Content-Type: " + ctype + b"\r\nContent-Length: " + str(len(block)).encode() + b"\r\n" + extra + b"\r\n"
    return head + block + b"\r\n\r\n"


def http(status, headers, body):
    h = b"HTTP/1.1 " + status + b"\r\n" + b"".join(k + b": " + v + b"\r\n" for k, v in headers) + b"\r\n"
    return h + body


def chunked(data, size=300):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def main():
    out, utf8_page, cp_page = sys.argv[1:4]
    plain = "--plain" in sys.argv
    cut = int(sys.argv[sys.argv.index("--truncate") + 1]) if "--truncate" in sys.argv else None
    u = open(utf8_page, "rb").read()
    c = open(cp_page, "rb").read()
    # the windows-1256 page without its <meta> declaration: the header is all there is
    c = c.replace(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', b"")
    H = b"application/http; msgtype=response"
    recs = [
        record(b"warcinfo", b"", b"software: fahras tests\r\nformat: WARC File Format 1.0\r\n", b"application/warc-fields"),
        record(b"request", b"https://akhbar.example/a", b"GET /a HTTP/1.1\r\nHost: akhbar.example\r\n\r\n",
               b"application/http; msgtype=request"),
        record(b"response", b"https://akhbar.example/a", http(b"200 OK", [(b"Content-Type", b"text/html; charset=utf-8")], u), H),
        record(b"response", b"http://wakala.example/news.asp?id=7",
               http(b"200 OK", [(b"Content-Type", b"text/html; charset=windows-1256")], c), H),
        record(b"response", b"https://akhbar.example/missing", http(b"404 Not Found", [(b"Content-Type", b"text/html")], b"<html><body><p>not found</p></body></html>"), H),
        record(b"response", b"https://akhbar.example/logo.png", http(b"200 OK", [(b"Content-Type", b"image/png")], b"\x89PNG\r\n\x1a\n" + bytes(64)), H),
        record(b"response", b"https://akhbar.example/b",
               http(b"200 OK", [(b"Content-Type", b"text/html"), (b"Content-Encoding", b"gzip"), (b"Transfer-Encoding", b"chunked")],
                    chunked(gzip.compress(u.replace(b"/economy/2023/05/14/solar-plant", b"/economy/2023/05/14/solar-plant-2")))), H),
        record(b"metadata", b"https://akhbar.example/b", b"via: https://akhbar.example/\r\n", b"application/warc-fields"),
    ]
    last = record(b"response", b"https://akhbar.example/c", http(b"200 OK", [(b"Content-Type", b"text/html")], u), H)
    recs.append(last[:len(last) // 2])  # cut short
    data = b""
    for r in recs:
        data += r if plain else gzip.compress(r)
    if cut is not None:
        data = data[:cut]
    open(out, "wb").write(data)


if __name__ == "__main__":
    main()
