-- fahras_bm25_top: a collection's best k by fahras_bm25, ranking only the
-- rows that hold the query's rarest terms when the score bounds allow;
-- always the rows ORDER BY fahras_bm25 DESC, ctid LIMIT k gives.
-- 600 rows of 12 words from 30, word w about 1/(w+1) as often as word 0:
-- common words match almost every row, rare ones a few.
CREATE TABLE top_docs (id int PRIMARY KEY, tsv tsvector);
CREATE INDEX top_docs_tsv ON top_docs USING gin (tsv);
INSERT INTO top_docs
SELECT i, to_tsvector('fahras', string_agg((ARRAY['مدينة', 'حكومة', 'وزير', 'رئيس', 'مجلس', 'شركة', 'مدرسة',
        'مستشفى', 'جامعة', 'مطار', 'ميناء', 'سوق', 'جسر', 'نهر', 'جبل', 'بحر', 'صحراء', 'واحة', 'قلعة',
        'مسجد', 'كنيسة', 'متحف', 'مكتبة', 'ملعب', 'حديقة', 'مصنع', 'مزرعة', 'بنك', 'فندق', 'قطار'])
        [1 + floor(30 * power((abs(hashint4(i * 131 + j)) % 100000) / 100000.0, 2.5))::int], ' '))
FROM generate_series(1, 600) i, generate_series(1, 12) j GROUP BY i;
SELECT fahras_bm25_track('top_docs', 'top_docs', 'tsv');

CREATE FUNCTION top_same(q tsquery, k int, w float8[] DEFAULT NULL, ld int DEFAULT 10) RETURNS boolean
LANGUAGE sql AS $$
    SELECT coalesce((SELECT array_agg(t.ctid::text || '=' || t.score::text ORDER BY t.score DESC, t.ctid)
                     FROM fahras_bm25_top(q, 'top_docs', k, weights => w, lead => ld) t), '{}')
         = coalesce((SELECT array_agg(c || '=' || s::text ORDER BY s DESC, ctid) FROM (
                     SELECT ctid, ctid::text AS c, fahras_bm25(tsv, q, 'top_docs', weights => w, lead => ld) AS s
                     FROM top_docs WHERE tsv @@ q ORDER BY s DESC, ctid LIMIT k) r), '{}')
$$;

-- The same rows and scores as ranking every match: rare and common words
-- OR-ed, one word, AND, NOT, a prefix, a phrase, weights, no lead, small
-- and large k, more k than matches.
SELECT q, k, (SELECT count(*) FROM top_docs WHERE tsv @@ tq) AS matches, top_same(tq, k) AS same
FROM (VALUES ('قطار | فندق | مدينة', 10), ('قطار | مدينة | حكومة | وزير', 3), ('مدينة', 10),
             ('بنك & مدينة', 10), ('مدينة & !حكومة', 5), ('وزير <-> رئيس | قطار', 10),
             ('قطار | فندق | بنك | مزرعة | حكومة | مدينة', 50), ('قطار', 1000)) v(q, k),
     to_tsquery('fahras', q) tq;
SELECT (SELECT count(*) FROM top_docs WHERE tsv @@ tq) AS matches, top_same(tq, 10) AS prefix_same
FROM (SELECT (to_tsquery('fahras', 'مدينة')::text || ' | ' || quote_literal(left(to_tsquery('fahras', 'قطار')::text, 3) || ':*'))::tsquery tq) x;
SELECT top_same(tq, 10, '{1,1,1,3}') AS weighted, top_same(tq, 10, NULL, 0) AS no_lead
FROM to_tsquery('fahras', 'قطار | فندق | مدينة') tq;
-- Fewer rows ranked than match (fahras_bm25's calls in this transaction):
-- the rare words' rows are enough for the best 10 when the common words
-- cannot lift another row above the 10th.
SET track_functions = 'all';
BEGIN;
SELECT count(*) AS rows, bool_and(score > 0) AS scored
FROM fahras_bm25_top(to_tsquery('fahras', 'قطار | فندق | مدينة'), 'top_docs');
SELECT pg_stat_get_xact_function_calls('fahras_bm25(tsvector,tsquery,text,float8,float8,float8[],integer)'::regprocedure)
       AS ranked, (SELECT count(*) FROM top_docs WHERE tsv @@ to_tsquery('fahras', 'قطار | فندق | مدينة')) AS matching;
COMMIT;
RESET track_functions;

-- Nothing asked, nothing found.
SELECT count(*) FROM fahras_bm25_top('''قطار''', 'top_docs', 0);
SELECT count(*) FROM fahras_bm25_top(NULL, 'top_docs');
SELECT count(*) FROM fahras_bm25_top('''غائب''', 'top_docs');
SELECT count(*) FROM fahras_bm25_top(''::tsquery, 'top_docs');
-- NOT alone: every row without the word matches, with score 0, in ctid order.
SELECT count(*), max(score) FROM fahras_bm25_top(to_tsquery('fahras', '!مدينة'), 'top_docs');

-- Errors name what is wrong.
SELECT * FROM fahras_bm25_top('''قطار''', 'nope');
SELECT * FROM fahras_bm25_top('''قطار''', 'top_docs', -1);
SELECT * FROM fahras_bm25_top('''قطار''', 'top_docs', 100001);
SELECT * FROM fahras_bm25_top('''قطار''', 'top_docs', 10, k1 => -1);
INSERT INTO fahras_collection (name, ndocs, total_len, total_len_a) VALUES ('tableless', 1, 1, 0);
SELECT * FROM fahras_bm25_top('''قطار''', 'tableless');
