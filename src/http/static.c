/*
 * static.c - the files of the search page.
 *
 * Two directories are served and nothing else:
 *   /NAME        web/public/NAME            (index.html, app.js, style.css)
 *   /fonts/NAME  the Arabic font package's files/ directory (npm ci in web/)
 * A NAME is one path segment of [A-Za-z0-9._-] that does not start with a
 * dot, so "..", encoded or not, absolute paths and sub-directories never
 * reach the file system; the opened file must also be a regular file whose
 * real path lies inside the served directory (no symlink escapes).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http.h"

#define FONT_PACKAGE "node_modules/@fontsource/noto-naskh-arabic/files"

struct fh_static {
    char *public_dir; /* realpath of web/public */
    char *font_dir;   /* realpath of the font files, or NULL */
};

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (!s) return NULL;
    memcpy(s, a, la);
    s[la] = '/';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

fh_static *fh_static_new(const char *web_dir, fh_err *err)
{
    fh_static *st = calloc(1, sizeof *st);
    char *pub = join(web_dir, "public"), *font = join(web_dir, FONT_PACKAGE);
    if (!st || !pub || !font) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        goto fail;
    }
    st->public_dir = realpath(pub, NULL);
    if (!st->public_dir) {
        snprintf(err->msg, sizeof err->msg, "%s: %s (the page's files; set --web DIR)", pub,
                 strerror(errno));
        goto fail;
    }
    char *index = join(st->public_dir, "index.html");
    int ok = index && access(index, R_OK) == 0;
    free(index);
    if (!ok) {
        snprintf(err->msg, sizeof err->msg, "%s/index.html: not readable (set --web DIR)",
                 st->public_dir);
        goto fail;
    }
    st->font_dir = realpath(font, NULL); /* optional: the page falls back to system fonts */
    free(pub);
    free(font);
    return st;
fail:
    free(pub);
    free(font);
    fh_static_free(st);
    return NULL;
}

void fh_static_free(fh_static *st)
{
    if (!st) return;
    free(st->public_dir);
    free(st->font_dir);
    free(st);
}

const char *fh_static_root(const fh_static *st) { return st->public_dir; }
int fh_static_has_font(const fh_static *st) { return st->font_dir != NULL; }

static int safe_name(const char *s)
{
    if (!*s || *s == '.' || strlen(s) > 128) return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static const char *mime_type(const char *name)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".png", "image/png"},
        {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof *types; i++)
            if (!strcmp(dot, types[i].ext)) return types[i].type;
    return NULL;
}

/* Open dir/name read-only if it is a regular file really inside dir. */
static int open_inside(const char *dir, const char *name, size_t *size)
{
    char *path = join(dir, name);
    if (!path) return -1;
    char *real = realpath(path, NULL);
    free(path);
    size_t dl = strlen(dir);
    if (!real || strncmp(real, dir, dl) || real[dl] != '/') {
        free(real);
        return -1;
    }
    int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    free(real);
    struct stat sb;
    if (fd < 0) return -1;
    if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
        close(fd);
        return -1;
    }
    *size = (size_t)sb.st_size;
    return fd;
}

void fh_static_serve(const fh_static *st, const char *path, fh_reply *r)
{
    const char *dir = st->public_dir, *name;
    if (!strcmp(path, "/")) {
        name = "index.html";
    } else if (!strncmp(path, "/fonts/", 7)) {
        dir = st->font_dir;
        name = path + 7;
    } else {
        name = path + 1;
    }
    const char *type = mime_type(name);
    size_t size = 0;
    int fd = (dir && type && safe_name(name)) ? open_inside(dir, name, &size) : -1;
    if (fd < 0) {
        fh_reply_error(r, 404, "not_found", NULL, "no such page: %s", path);
        return;
    }
    r->status = 200;
    r->content_type = type;
    r->fd = fd;
    r->file_size = size;
    /* Fonts never change under one name; the page's own files are revalidated. */
    r->cache = dir == st->font_dir ? "public, max-age=86400" : "no-cache";
}
