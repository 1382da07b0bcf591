/*
 * route.c - the hash of a document id that places it on a shard (route.h).
 */
#include "route.h"

static uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    k *= UINT64_C(0xc4ceb9fe1a85ec53);
    k ^= k >> 33;
    return k;
}

uint64_t fh_route_hash(const char *id, size_t len, uint64_t seed)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ fmix64(seed);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)id[i];
        h *= UINT64_C(0x100000001b3);
    }
    return fmix64(h ^ (uint64_t)len);
}

int fh_route_shard(const char *id, size_t len, int n_shards)
{
    if (n_shards <= 1) return 0;
    uint64_t h = fh_route_hash(id, len, FH_ROUTE_PG_SEED) + FH_ROUTE_COMBINE;
    return (int)(h % (uint64_t)n_shards);
}
