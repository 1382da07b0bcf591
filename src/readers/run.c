/*
 * run.c - a reading run (readers.h): paths, directory walks, the choice of
 * a format for each input, and what the run remembers (seen.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "format.h"
#include "seen.h"

struct rd_run {
    rd_config cfg;
    rd_map map;
    const rd_format *forced; /* --format */
    rd_seen seen;
};

rd_run *rd_run_new(const rd_config *cfg)
{
    rd_run *run = calloc(1, sizeof *run);
    if (!run) return NULL;
    run->cfg = *cfg;
    if (cfg->map) run->map = *cfg->map;
    else rd_map_default(&run->map);
    /* names kept in the map's own store must point into the copy */
    for (int f = 0; f < RD_NFIELDS; f++)
        if (cfg->map && run->map.name[f] >= cfg->map->store &&
            run->map.name[f] < cfg->map->store + sizeof cfg->map->store)
            run->map.name[f] = run->map.store + (run->map.name[f] - cfg->map->store);
    for (size_t i = 0; cfg->format && i < rd_nformats; i++)
        if (!strcmp(rd_formats[i].name, cfg->format)) run->forced = &rd_formats[i];
    return run;
}

void rd_run_free(rd_run *run)
{
    if (!run) return;
    rd_seen_free(&run->seen);
    free(run);
}

int rd_run_seen_id(rd_run *run, const rd_reader *r, const char *id, size_t n, int numeric,
                   size_t line, rd_earlier *earlier)
{
    uint32_t name;
    int rc = rd_seen_id(&run->seen, id, n, numeric, r->file_no, line, &name, &earlier->line,
                        &earlier->numeric);
    if (rc == 1) earlier->file = run->seen.names[name];
    return rc;
}

/* A note before any reader exists: the file as a whole. */
static void note_file(rd_run *run, rd_note_kind kind, const char *path, const char *fmt,
                      const char *arg)
{
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, arg);
    rd_where w = {path, 0, 0, -1};
    run->cfg.on_note(run->cfg.ctx, kind, &w, msg);
}

static int oom(rd_run *run, const char *path)
{
    note_file(run, RD_UNREADABLE, path, "%s", "out of memory");
    return RD_FATAL;
}

/* The format whose suffix ends name (before any .gz), and that suffix's
 * length, including .gz. */
static const rd_format *format_by_name(const char *name, size_t *suffix_len)
{
    size_t n = strlen(name), gz = 0;
    if (n > 3 && !strcasecmp(name + n - 3, ".gz")) gz = 3;
    for (size_t i = 0; i < rd_nformats; i++) {
        const char *s = rd_formats[i].suffixes;
        while (s && *s) {
            size_t k = strcspn(s, " ");
            if (n - gz > k && !strncasecmp(name + n - gz - k, s, k)) {
                *suffix_len = k + gz;
                return &rd_formats[i];
            }
            s += k;
            while (*s == ' ') s++;
        }
    }
    *suffix_len = gz;
    return NULL;
}

/* The format of an input whose name says nothing: its first bytes. */
static const rd_format *format_by_content(rd_reader *r, int *rc)
{
    *rc = rd_peek(r, 4096);
    if (*rc < 0) return NULL;
    const char *p = r->buf + r->start;
    size_t n = r->end - r->start, i = rd_has_bom(p, n) ? 3 : 0;
    while (i < n && rd_is_blank(p[i])) i++;
    if (i == n) return NULL; /* nothing but blank space */
    for (size_t k = 0; k < rd_nformats; k++)
        if (rd_formats[k].sniff && rd_formats[k].sniff(p + i, n - i)) return &rd_formats[k];
    return NULL;
}

/* Read one input: path as reached, rel its path below the path given. */
static int read_input(rd_run *run, const char *path, const char *rel, const struct stat *sb)
{
    uint32_t name = rd_seen_name(&run->seen, path);
    if (name == UINT32_MAX) return oom(run, path);
    if (sb) {
        uint32_t was = rd_seen_node(&run->seen, sb->st_dev, sb->st_ino, name);
        if (was == UINT32_MAX) return oom(run, path);
        if (was != UINT32_MAX - 1) {
            note_file(run, RD_INFO, path, "the same file as %s, already read: skipped",
                      run->seen.names[was]);
            return 0;
        }
    }
    size_t suffix = 0;
    const rd_format *fmt = run->forced;
    const rd_format *named = format_by_name(rel, &suffix);
    if (!fmt) fmt = named;
    /* the id of a one-article file: without the format's suffix and .gz,
     * or without .gz alone when the name did not choose the format */
    size_t len = strlen(rel), gz = len > 3 && !strcasecmp(rel + len - 3, ".gz") ? 3 : 0;
    char *path_id = strndup(rel, len - (named && named == fmt ? suffix : gz));
    if (!path_id) return oom(run, path);

    rd_reader r;
    memset(&r, 0, sizeof r);
    r.cfg = &run->cfg;
    r.run = run;
    r.map = &run->map;
    r.file_no = name;
    r.path_id = path_id;
    r.line = 1;
    r.w.file = run->seen.names[name];
    r.w.size = sb && S_ISREG(sb->st_mode) ? (long long)sb->st_size : -1;
    int rc = rd_input_open(&r.in, path, run->cfg.interrupted);
    if (rc) {
        free(path_id);
        if (rc == RD_IN_INTERRUPTED) return RD_INTERRUPTED;
        note_file(run, RD_UNREADABLE, r.w.file, "%s", r.in.msg);
        return 0;
    }
    if (!fmt) fmt = format_by_content(&r, &rc);
    if (fmt) rc = fmt->read(&r);
    rd_input_close(&r.in);
    free(r.buf);
    free(path_id);
    return rc == RD_ABANDONED || rc == RD_PART_DONE ? 0 : rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 2);
    if (!s) return NULL;
    memcpy(s, a, na);
    s[na] = '/';
    memcpy(s + na + 1, b, nb + 1);
    if (!na) memmove(s, s + 1, nb + 1); /* below the root: no leading '/' */
    return s;
}

/* The names in a directory (hidden ones left out), sorted. */
static char **list_dir(rd_run *run, const char *path, size_t *count, int *rc)
{
    DIR *dir = opendir(path);
    *count = 0;
    *rc = 0;
    if (!dir) {
        note_file(run, RD_UNREADABLE, path, "%s", strerror(errno));
        return NULL;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) goto fail;
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) goto fail;
        n++;
    }
    closedir(dir);
    if (n) qsort(names, n, sizeof *names, name_cmp);
    *count = n;
    return names;
fail:
    closedir(dir);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    *rc = oom(run, path);
    return NULL;
}

static int walk(rd_run *run, const char *path, const char *rel, const struct stat *sb);

/* One entry of a directory: a subdirectory, or a regular file whose name
 * a format claims (other files are left alone). */
static int walk_entry(rd_run *run, const char *path, const char *rel)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        note_file(run, RD_UNREADABLE, path, "%s", strerror(errno));
        return 0;
    }
    if (S_ISDIR(sb.st_mode)) return walk(run, path, rel, &sb);
    size_t suffix;
    if (!S_ISREG(sb.st_mode) || (!run->forced && !format_by_name(rel, &suffix))) return 0;
    return read_input(run, path, rel, &sb);
}

static int walk(rd_run *run, const char *path, const char *rel, const struct stat *sb)
{
    uint32_t name = rd_seen_name(&run->seen, path);
    if (name == UINT32_MAX) return oom(run, path);
    uint32_t was = rd_seen_node(&run->seen, sb->st_dev, sb->st_ino, name);
    if (was == UINT32_MAX) return oom(run, path);
    if (was != UINT32_MAX - 1) {
        note_file(run, RD_INFO, path,
                  "the same directory as %s, already read (a link loop or a second link): skipped",
                  run->seen.names[was]);
        return 0;
    }
    size_t n;
    int rc;
    char **names = list_dir(run, path, &n, &rc);
    for (size_t i = 0; i < n && !rc; i++) {
        if (run->cfg.interrupted && *run->cfg.interrupted) {
            rc = RD_INTERRUPTED;
            break;
        }
        char *full = join(path, names[i]), *sub = join(rel, names[i]);
        rc = full && sub ? walk_entry(run, full, sub) : oom(run, path);
        free(full);
        free(sub);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

int rd_run_path(rd_run *run, const char *path)
{
    if (!strcmp(path, "-")) return read_input(run, "-", "stdin", NULL);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        note_file(run, RD_UNREADABLE, path, "%s", strerror(errno));
        return 0;
    }
    if (S_ISDIR(sb.st_mode)) {
        size_t n = strlen(path);
        while (n > 1 && path[n - 1] == '/') n--; /* dir/ names its files dir/x, not dir//x */
        char *root = strndup(path, n);
        if (!root) return oom(run, path);
        int rc = walk(run, root, "", &sb);
        free(root);
        return rc;
    }
    const char *base = strrchr(path, '/');
    return read_input(run, path, base ? base + 1 : path, &sb);
}
