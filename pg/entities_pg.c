/*
 * entities_pg.c - fahras_entities(doc text, ref_date text DEFAULT NULL):
 * the named entities, dates, numbers, ordinals and counts of a text as
 * rows, the same spans as `fahras entities` (src/store/spans.c): byte
 * offsets into doc, type, surface, canonical key, normalized value, unit
 * and Hijri date.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include <string.h>

#include "fahras.h"
#include "fahras_pg.h"
#include "spans.h"

/* The tagger of a call site, freed with its memory context, and its memo
 * of the words read: the rows of one query are tagged through it, so a
 * word is worked out once, not in every row (fahras_tag_memo_new). */
typedef struct OwnedTagger {
    fahras_analyzer *an;
    fahras_tagger *tagger;
    fahras_tag_memo *memo;
    MemoryContextCallback cb;
} OwnedTagger;

static void owned_tagger_release(void *arg)
{
    OwnedTagger *ot = arg;
    fahras_tag_memo_free(ot->memo);
    fahras_tagger_free(ot->tagger);
    fahras_analyzer_free(ot->an);
    ot->memo = NULL;
    ot->tagger = NULL;
    ot->an = NULL;
}

static OwnedTagger *tagger_for_call(FmgrInfo *flinfo)
{
    OwnedTagger *ot = (OwnedTagger *)flinfo->fn_extra;
    fahras_options opts;
    fahras_error err;
    if (ot && ot->tagger) return ot;
    ot = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof *ot);
    fahras_options_default(&opts);
    opts.utf8 = FAHRAS_UTF8_REPLACE;
    if (!(ot->an = fahras_analyzer_new(&opts, &err)) || !(ot->tagger = fahras_tagger_new(ot->an, &err)) ||
        !(ot->memo = fahras_tag_memo_new(&err))) {
        fahras_tagger_free(ot->tagger);
        fahras_analyzer_free(ot->an);
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                        errmsg("cannot create the fahras entity tagger: %s", err.message)));
    }
    ot->cb.func = owned_tagger_release;
    ot->cb.arg = ot;
    MemoryContextRegisterResetCallback(flinfo->fn_mcxt, &ot->cb);
    flinfo->fn_extra = ot;
    return ot;
}

static Datum text_or_null(const char *s, size_t n, bool *null)
{
    *null = n == 0;
    return *null ? (Datum)0 : PointerGetDatum(cstring_to_text_with_len(s, (int)n));
}

PG_FUNCTION_INFO_V1(fahras_entities_sql);
Datum fahras_entities_sql(PG_FUNCTION_ARGS)
{
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    text *in;
    char *ref;
    const char *s;
    size_t n;
    OwnedTagger *ot;
    fh_spans spans = {0};
    fahras_error err;
    int rc;

    if (PG_ARGISNULL(0)) { /* no text: no spans (a NULL ref_date is "none") */
        InitMaterializedSRF(fcinfo, 0);
        return (Datum)0;
    }
    in = PG_GETARG_TEXT_PP(0);
    ref = PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1));
    s = VARDATA_ANY(in);
    n = VARSIZE_ANY_EXHDR(in);

    fahras_pg_check_encoding();
    ot = tagger_for_call(fcinfo->flinfo);
    rc = fh_spans_find(ot->tagger, ot->memo, ot->an, s, n, ref && *ref ? ref : NULL, &spans, &err);
    if (rc != FAHRAS_OK) {
        fh_spans_free(&spans);
        if (rc == FAHRAS_ERR_ARG && ref)
            ereport(ERROR, (errcode(ERRCODE_INVALID_DATETIME_FORMAT),
                            errmsg("fahras_entities: %s", err.message)));
        ereport(ERROR, (errcode(rc == FAHRAS_ERR_NOMEM ? ERRCODE_OUT_OF_MEMORY : ERRCODE_DATA_EXCEPTION),
                        errmsg("fahras_entities failed at byte %zu: %s", err.offset, err.message)));
    }
    PG_TRY();
    {
        InitMaterializedSRF(fcinfo, 0);
        for (size_t i = 0; i < spans.n; i++) {
            const fahras_span *sp = &spans.v[i];
            Datum values[8];
            bool nulls[8] = {false};
            values[0] = Int32GetDatum((int32)sp->start);
            values[1] = Int32GetDatum((int32)sp->end);
            values[2] = CStringGetTextDatum(fahras_span_type_name(sp->type));
            values[3] = PointerGetDatum(cstring_to_text_with_len(s + sp->start, (int)(sp->end - sp->start)));
            values[4] = text_or_null(sp->key, sp->key_len, &nulls[4]);
            values[5] = text_or_null(sp->value, sp->value_len, &nulls[5]);
            values[6] = text_or_null(sp->unit, sp->unit_len, &nulls[6]);
            values[7] = text_or_null(sp->hijri, sp->hijri_len, &nulls[7]);
            tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
        }
    }
    PG_FINALLY();
    {
        fh_spans_free(&spans); /* malloc'd by the store layer: freed on error too */
    }
    PG_END_TRY();
    return (Datum)0;
}
