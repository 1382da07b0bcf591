/*
 * input.c - plain and gzip input (input.h).  zlib's inflate decodes the
 * members one by one (16 + MAX_WBITS: gzip framing, its CRC and length
 * checked), so the end of the data inside a member is seen as truncation;
 * gzread reports that as a plain end of file.  Bytes after the last
 * member that do not start another one are ignored, as gzip -d does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

#define RAW_CAP ((size_t)1 << 18)

/* Read more raw bytes after the unread ones.  Returns the count, 0 at the
 * end of the file, or an error code. */
static long raw_fill(rd_input *in)
{
    if (in->raw_eof) return 0;
    if (in->raw_pos > 0) {
        memmove(in->raw, in->raw + in->raw_pos, in->raw_len - in->raw_pos);
        in->raw_len -= in->raw_pos;
        in->raw_pos = 0;
    }
    if (in->raw_len == in->raw_cap) return 0; /* callers consume before filling */
    for (;;) {
        ssize_t got = read(in->fd, in->raw + in->raw_len, in->raw_cap - in->raw_len);
        if (got >= 0) {
            if (got == 0) in->raw_eof = 1;
            in->raw_len += (size_t)got;
            in->raw_done += got;
            return (long)got;
        }
        if (errno == EINTR) {
            if (in->interrupted && *in->interrupted) {
                snprintf(in->msg, sizeof in->msg, "interrupted");
                return RD_IN_INTERRUPTED;
            }
            continue; /* a signal that asks for nothing */
        }
        snprintf(in->msg, sizeof in->msg, "read error: %s", strerror(errno));
        return RD_IN_ERROR;
    }
}

int rd_input_open(rd_input *in, const char *path, volatile sig_atomic_t *interrupted)
{
    memset(in, 0, sizeof *in);
    in->interrupted = interrupted;
    if (!strcmp(path, "-")) {
        in->fd = 0;
    } else {
        in->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (in->fd < 0) {
            snprintf(in->msg, sizeof in->msg, "%s", strerror(errno));
            return RD_IN_ERROR;
        }
        in->close_fd = 1;
    }
    in->raw_cap = RAW_CAP;
    in->raw = malloc(in->raw_cap);
    if (!in->raw) {
        snprintf(in->msg, sizeof in->msg, "out of memory");
        rd_input_close(in);
        return RD_IN_ERROR;
    }
    /* the first two bytes say whether this is gzip */
    while (in->raw_len < 2 && !in->raw_eof) {
        long rc = raw_fill(in);
        if (rc < 0) {
            int keep = (int)rc;
            char msg[sizeof in->msg];
            memcpy(msg, in->msg, sizeof msg);
            rd_input_close(in);
            memcpy(in->msg, msg, sizeof msg);
            return keep == RD_IN_INTERRUPTED ? RD_IN_INTERRUPTED : RD_IN_ERROR;
        }
    }
    if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
        if (inflateInit2(&in->zs, 16 + MAX_WBITS) != Z_OK) {
            snprintf(in->msg, sizeof in->msg, "cannot start gzip decoding");
            rd_input_close(in);
            return RD_IN_ERROR;
        }
        in->zs_ready = 1;
        in->gzip = 1;
        in->member_open = 1;
    }
    return 0;
}

static long read_plain(rd_input *in, char *buf, size_t n)
{
    if (in->raw_pos == in->raw_len) {
        if (in->raw_eof) return 0;
        in->raw_pos = in->raw_len = 0;
        long rc = raw_fill(in);
        if (rc <= 0) return rc;
    }
    size_t k = in->raw_len - in->raw_pos;
    if (k > n) k = n;
    memcpy(buf, in->raw + in->raw_pos, k);
    in->raw_pos += k;
    return (long)k;
}

/* After a member's end: another member follows, or the data is over.
 * Returns 1 (another member), 0 (the end) or an error code. */
static long next_member(rd_input *in)
{
    while (in->raw_len - in->raw_pos < 2 && !in->raw_eof) {
        long rc = raw_fill(in);
        if (rc < 0) return rc;
    }
    if (in->raw_len - in->raw_pos >= 2 && in->raw[in->raw_pos] == 0x1f &&
        in->raw[in->raw_pos + 1] == 0x8b) {
        inflateReset(&in->zs);
        in->member_open = 1;
        return 1;
    }
    in->raw_pos = in->raw_len; /* trailing bytes: ignored */
    in->raw_eof = 1;
    return 0;
}

static long read_gzip(rd_input *in, char *buf, size_t n)
{
    if (in->failed) return RD_IN_ERROR;
    for (;;) {
        if (!in->member_open) {
            long rc = next_member(in);
            if (rc <= 0) return rc;
        }
        if (in->raw_pos == in->raw_len) {
            long rc = raw_fill(in);
            if (rc < 0) return rc;
            if (rc == 0) {
                snprintf(in->msg, sizeof in->msg, "truncated gzip at byte %lld", in->raw_done);
                return RD_IN_ERROR;
            }
        }
        in->zs.next_in = in->raw + in->raw_pos;
        in->zs.avail_in = (uInt)(in->raw_len - in->raw_pos);
        in->zs.next_out = (Bytef *)buf;
        in->zs.avail_out = (uInt)(n > (1u << 30) ? (1u << 30) : n);
        uInt before_out = in->zs.avail_out;
        int zr = inflate(&in->zs, Z_NO_FLUSH);
        in->raw_pos = in->raw_len - in->zs.avail_in;
        long made = (long)(before_out - in->zs.avail_out);
        if (zr == Z_STREAM_END) {
            in->member_open = 0;
        } else if (zr == Z_DATA_ERROR || zr == Z_NEED_DICT) {
            snprintf(in->msg, sizeof in->msg, "corrupt gzip data at byte %lld: %s",
                     in->raw_done - (long long)(in->raw_len - in->raw_pos),
                     in->zs.msg ? in->zs.msg : "bad data");
            in->failed = 1;
        } else if (zr == Z_MEM_ERROR) {
            snprintf(in->msg, sizeof in->msg, "out of memory decoding gzip");
            in->failed = 1;
        }
        if (made > 0) return made;
        if (in->failed) return RD_IN_ERROR;
    }
}

long rd_input_read(rd_input *in, char *buf, size_t n)
{
    if (n == 0) return 0;
    return in->gzip ? read_gzip(in, buf, n) : read_plain(in, buf, n);
}

long long rd_input_consumed(const rd_input *in)
{
    return in->raw_done - (long long)(in->raw_len - in->raw_pos);
}

void rd_input_close(rd_input *in)
{
    if (in->zs_ready) inflateEnd(&in->zs);
    in->zs_ready = 0;
    if (in->close_fd && in->fd >= 0) close(in->fd);
    in->close_fd = 0;
    in->fd = -1;
    free(in->raw);
    in->raw = NULL;
}
