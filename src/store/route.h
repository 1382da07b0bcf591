/*
 * route.h - where a document of a sharded store lives: the one definition
 * of the hash of a document id, used by the PostgreSQL extension (the hash
 * operator class fahras_id_ops that a coordinator partitions its documents
 * table by) and by the CLI (which writes each document straight to its
 * shard).  Both must agree, so both compute with this file.
 *
 * PostgreSQL's hash partitioning calls an operator class's extended hash
 * function with the seed HASH_PARTITION_SEED and puts a row with one key
 * column in partition  (hash_combine64(0, h) mod modulus), i.e.
 * (h + FH_ROUTE_COMBINE) mod modulus.  Those constants are fixed by
 * PostgreSQL's on-disk compatibility (pg_upgrade keeps hash-partitioned
 * tables as they are), and tests/shards/run.sh checks that every document
 * the CLI routes is found in the coordinator's partition for it.
 *
 * Pure arithmetic: no allocation, no state.
 */
#ifndef FAHRAS_ROUTE_H
#define FAHRAS_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#define FH_ROUTE_PG_SEED UINT64_C(0x7A5B22367996DCFD) /* PostgreSQL's HASH_PARTITION_SEED */
#define FH_ROUTE_COMBINE UINT64_C(0x49a0f4dd15e5a8e3) /* hash_combine64(0, h) - h */

/* 64-bit hash of id[0..len) under seed: FNV-1a over the bytes, the seed
 * mixed into the start and the result through MurmurHash3's finalizer. */
uint64_t fh_route_hash(const char *id, size_t len, uint64_t seed);

/* The shard (0 .. n_shards-1) holding id: the partition PostgreSQL puts it
 * in under PARTITION BY HASH (id fahras_id_ops) with n_shards partitions of
 * modulus n_shards. */
int fh_route_shard(const char *id, size_t len, int n_shards);

#endif
