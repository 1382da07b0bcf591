/* placeholder: replaced by tools/ner/ner_aliases */
#include "ner.h"
static const char *const from[1] = {""}, *const to[1] = {""};
const fh_ner_alias_data fh_ner_aliases = {0, from, to, "none"};
