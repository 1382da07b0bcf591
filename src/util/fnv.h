/*
 * fnv.h - 32-bit FNV-1a, the one string hash of fahras (header only).
 *
 * The lexicon table (tools/gen_lexicon.py writes it with the same
 * function), the segmenter's word tables and the stores' hash tables use
 * it: short keys, no seed, good enough spread for open addressing.
 */
#ifndef FAHRAS_FNV_H
#define FAHRAS_FNV_H

#include <stddef.h>
#include <stdint.h>

#define FH_FNV_OFFSET 2166136261u
#define FH_FNV_PRIME 16777619u

/* h after one more byte. */
static inline uint32_t fh_fnv_byte(uint32_t h, unsigned char byte)
{
    return (h ^ byte) * FH_FNV_PRIME;
}

/* h after the bytes data[0..n); start from FH_FNV_OFFSET. */
static inline uint32_t fh_fnv_add(uint32_t h, const void *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < n; i++) h = fh_fnv_byte(h, p[i]);
    return h;
}

/* h after the four bytes of v, least significant first (the same on
 * every machine). */
static inline uint32_t fh_fnv_u32(uint32_t h, uint32_t v)
{
    for (int i = 0; i < 4; i++) h = fh_fnv_byte(h, (unsigned char)(v >> (8 * i)));
    return h;
}

/* FNV-1a of data[0..n). */
static inline uint32_t fh_fnv(const void *data, size_t n)
{
    return fh_fnv_add(FH_FNV_OFFSET, data, n);
}

#define FH_FNV64_OFFSET 14695981039346656037ull

/* h after the bytes data[0..n) (64 bits); start from FH_FNV64_OFFSET. */
static inline uint64_t fh_fnv64_add(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* 64-bit FNV-1a of data[0..n), for sets large enough that 32 bits
 * would collide often (the ids of a whole run). */
static inline uint64_t fh_fnv64(const void *data, size_t n)
{
    return fh_fnv64_add(FH_FNV64_OFFSET, data, n);
}

#endif
