/*
 * tagger_record.h - a store's record of the entity taggers its documents
 * were tagged with: their stamps (fahras_tagger_stamp), space-separated,
 * oldest first, in the store's meta records under FH_TAGGER_RECORD_KEY.
 *
 * Entity keys and spans depend on the tagger's generated tables, which
 * change without the analyzer's keys changing; the record lets a store
 * say when its documents' entities came from another tagger than the one
 * reading its filters.  A store that held documents before it kept a
 * record lists FH_TAGGER_UNRECORDED first.
 */
#ifndef FAHRAS_TAGGER_RECORD_H
#define FAHRAS_TAGGER_RECORD_H

#include <stddef.h>

#define FH_TAGGER_RECORD_KEY "entity_tagger"
#define FH_TAGGER_RECORD_MAX 256
#define FH_TAGGER_UNRECORDED "unrecorded"

/* The record once documents are tagged by the tagger stamped mine, in a
 * store whose record is have ("" when it has none) and which holds
 * documents already (had_docs) or not: into out (cap bytes; at least
 * FH_TAGGER_RECORD_MAX).  Returns 1 when it differs from have (to be
 * written), 0 when have says so already.  A record that would not fit
 * loses its oldest stamps. */
int fh_tagger_record_next(const char *have, int had_docs, const char *mine, char *out, size_t cap);

/* Whether the documents of a store with this record may hold other
 * entities than the tagger stamped mine finds: 1 and a sentence saying
 * so in out, 0 (out "") when every document was tagged by mine or the
 * store has no record. */
int fh_tagger_record_note(const char *record, const char *mine, char *out, size_t cap);

#endif
