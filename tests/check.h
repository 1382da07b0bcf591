/*
 * check.h - the check counter of the C unit tests (header only; one
 * test program includes it once): CHECK(cond, fmt, ...) counts a pass,
 * or a failure printed on stderr with its file:line and message.
 */
#ifndef FAHRAS_TEST_CHECK_H
#define FAHRAS_TEST_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        if (cond) {                                                                        \
            passed++;                                                                      \
        } else {                                                                           \
            failed++;                                                                      \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                           \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fputc('\n', stderr);                                                           \
        }                                                                                  \
    } while (0)

#endif
