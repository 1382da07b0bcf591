/*
 * input.h - the bytes of one input: a file or standard input, plain or
 * gzip (recognised from its first two bytes, whatever its name), one
 * member after another.  Unlike gzread it tells a truncated or corrupt
 * gzip stream from its end, and a read interrupted by a signal from a
 * failed one.
 */
#ifndef FAHRAS_READERS_INPUT_H
#define FAHRAS_READERS_INPUT_H

#include <signal.h>
#include <stddef.h>

#include <zlib.h>

typedef struct rd_input {
    int fd, close_fd;
    int gzip;              /* decoding gzip members */
    int member_open;       /* inside a member whose end was not reached */
    z_stream zs;
    int zs_ready;
    unsigned char *raw;    /* bytes read from fd, not yet decoded (or served, when plain) */
    size_t raw_cap;
    size_t raw_pos, raw_len;
    int raw_eof;
    long long raw_done;    /* bytes read from fd */
    int failed;            /* a decoding error, returned after the bytes decoded before it */
    volatile sig_atomic_t *interrupted;
    char msg[256];         /* why the last call failed */
} rd_input;

enum { RD_IN_ERROR = -1, RD_IN_INTERRUPTED = -2 };

/* Open path ("-" = standard input).  Returns 0, or RD_IN_ERROR with msg. */
int rd_input_open(rd_input *in, const char *path, volatile sig_atomic_t *interrupted);
/* Up to n decoded bytes into buf: the count, 0 at the end, RD_IN_ERROR
 * (msg says why: I/O error, truncated or corrupt gzip, with the byte) or
 * RD_IN_INTERRUPTED (*interrupted was set while waiting). */
long rd_input_read(rd_input *in, char *buf, size_t n);
/* Bytes of the file consumed so far (compressed bytes for gzip). */
long long rd_input_consumed(const rd_input *in);
void rd_input_close(rd_input *in);

#endif
