/*
 * seen.h - what a run has read: the names of its files and directories,
 * their device and inode (a directory loop or a file reached twice through
 * links is read once), and every id with its place (an id read twice is
 * reported with both places).  An id is remembered by a 64-bit hash, its
 * file and its line: 16 bytes a slot, at most 3/4 of the slots used.
 */
#ifndef FAHRAS_READERS_SEEN_H
#define FAHRAS_READERS_SEEN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct rd_node {
    dev_t dev;
    ino_t ino;
    uint32_t name;  /* in the name table; UINT32_MAX: empty slot */
} rd_node;

typedef struct rd_idslot {
    uint64_t hash;  /* 0: empty slot */
    uint32_t name;  /* the file, high bit: the id was a JSON number */
    uint32_t line;
} rd_idslot;

#define RD_ID_SHARDS 256
typedef struct rd_idtable {
    rd_idslot *slots;
    size_t n, cap;
} rd_idtable;

typedef struct rd_seen {
    char **names;
    size_t nnames, names_cap;
    rd_node *nodes;
    size_t nnodes, nodes_cap;
    rd_idtable ids[RD_ID_SHARDS];
} rd_seen;

void rd_seen_free(rd_seen *s);
/* Keep a copy of name; its number, or UINT32_MAX when out of memory. */
uint32_t rd_seen_name(rd_seen *s, const char *name);
/* The name (number) of the node (dev, ino) if it was seen, else add it
 * with name and return UINT32_MAX - 1; UINT32_MAX when out of memory. */
uint32_t rd_seen_node(rd_seen *s, dev_t dev, ino_t ino, uint32_t name);
/* 1 and the earlier place when id was seen; 0 when it is new (added);
 * -1 when out of memory. */
int rd_seen_id(rd_seen *s, const char *id, size_t n, int numeric, uint32_t name, size_t line,
               uint32_t *earlier_name, size_t *earlier_line, int *earlier_numeric);

#endif
