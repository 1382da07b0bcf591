-- BM25 over a GIN-indexed tsvector, with statistics the extension keeps.
CREATE TABLE docs (id int PRIMARY KEY, body text, tsv tsvector);
CREATE INDEX docs_tsv ON docs USING gin (tsv);
INSERT INTO docs VALUES
  (1, 'التحالف الدولي يقصف مواقع التنظيم في دير الزور'),
  (2, 'التحالف التحالف التحالف: اجتماع وزراء خارجية التحالف الدولي في باريس لبحث الحرب على التنظيم وتمويله'),
  (3, 'مباراة كرة القدم انتهت بالتعادل في الدوري'),
  (4, 'الدولي السابق يعتزل كرة القدم'),
  (5, 'الطقس حار في دير الزور هذا الأسبوع');
UPDATE docs SET tsv = to_tsvector('fahras', body);

-- Statistics, then triggers that keep them current.
SELECT fahras_bm25_track('docs', 'docs', 'tsv');
SELECT name, ndocs, total_len FROM fahras_collection;
SELECT lexeme, ndoc FROM fahras_lexeme WHERE lexeme IN ('تحالف', 'دولي', 'زور') ORDER BY lexeme;
SELECT fahras_doclen(to_tsvector('fahras', 'التحالف الدولي التحالف')), fahras_doclen(''::tsvector);

-- Natural-language query, terms OR-ed: the rare term weighs more, and
-- repeating a term saturates.
SELECT id, round(fahras_bm25(tsv, q, 'docs')::numeric, 4) AS score
FROM docs, to_tsquery('fahras', 'التحالف | الدولي | دير') q
WHERE tsv @@ q ORDER BY score DESC, id;

-- Terms under NOT add nothing; prefixes count every match.
SELECT id, round(fahras_bm25(tsv, to_tsquery('fahras', 'التحالف & !الدوري'), 'docs')::numeric, 4) FROM docs WHERE id IN (1, 3) ORDER BY id;
SELECT id, fahras_bm25(tsv, to_tsquery('simple', 'تحا:*'), 'docs') > 0 AS prefix_scores FROM docs WHERE id = 1;

-- The triggers follow inserts, updates and deletes.
INSERT INTO docs VALUES (6, 'التحالف', to_tsvector('fahras', 'التحالف'));
SELECT ndocs, total_len FROM fahras_collection WHERE name = 'docs';
SELECT ndoc FROM fahras_lexeme WHERE collection = 'docs' AND lexeme = 'تحالف';
UPDATE docs SET tsv = to_tsvector('fahras', 'الطقس'), body = 'الطقس' WHERE id = 6;
SELECT ndoc FROM fahras_lexeme WHERE collection = 'docs' AND lexeme = 'تحالف';
DELETE FROM docs WHERE id IN (5, 6);
SELECT ndocs, total_len FROM fahras_collection WHERE name = 'docs';
SELECT ndoc FROM fahras_lexeme WHERE collection = 'docs' AND lexeme = 'زور';
-- A full refresh agrees with what the triggers kept.
CREATE TEMP TABLE kept AS SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'docs' AND ndoc > 0;
SELECT fahras_bm25_refresh('docs');
SELECT count(*) AS differences FROM (
    (SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'docs' EXCEPT SELECT * FROM kept)
    UNION ALL
    (SELECT * FROM kept EXCEPT SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'docs')) d;

-- Errors.
SELECT fahras_bm25(tsv, to_tsquery('fahras', 'التحالف'), 'nope') FROM docs LIMIT 1;
SELECT fahras_bm25(tsv, to_tsquery('fahras', 'التحالف'), 'docs', -1) FROM docs LIMIT 1;
SELECT fahras_bm25(tsv, to_tsquery('fahras', 'التحالف'), 'docs', 1.2, 2) FROM docs LIMIT 1;
SELECT fahras_bm25_refresh('nope');
SELECT fahras_bm25(NULL, to_tsquery('fahras', 'التحالف'), 'docs');
SELECT fahras_bm25(tsv, ''::tsquery, 'docs') FROM docs WHERE id = 1;

-- Weighted positions ({D, C, B, A}, as ts_rank): a title labelled A
-- counting twice scores above the same words unlabelled, and equal
-- weights change nothing.
SELECT fahras_bm25(setweight(to_tsvector('fahras', 'التحالف'), 'A') || to_tsvector('fahras', 'اجتماع الوزراء'),
                   to_tsquery('fahras', 'التحالف'), 'docs', weights => '{1,1,1,2}')
     > fahras_bm25(to_tsvector('fahras', 'التحالف اجتماع الوزراء'), to_tsquery('fahras', 'التحالف'), 'docs')
       AS title_counts_more;
SELECT bool_and(fahras_bm25(tsv, q, 'docs') = fahras_bm25(tsv, q, 'docs', weights => '{1,1,1,1}')) AS same
FROM docs, to_tsquery('fahras', 'التحالف | الدولي') q;
SELECT fahras_bm25(tsv, to_tsquery('fahras', 'التحالف'), 'docs', weights => '{1,1,1}') FROM docs LIMIT 1;
SELECT fahras_bm25(tsv, to_tsquery('fahras', 'التحالف'), 'docs', weights => '{1,1,1,-1}') FROM docs LIMIT 1;
SELECT fahras_bm25(tsv, to_tsquery('fahras', 'التحالف'), 'docs', weights => '{1,1,NULL,1}') FROM docs LIMIT 1;
SELECT fahras_bm25(tsv, to_tsquery('fahras', 'التحالف'), 'docs', weights => '{{1,1},{1,1}}') FROM docs LIMIT 1;

-- The lead (as the SQLite ranking): an occurrence among the first 10
-- words of its field counts twice.  Thirteen words each, the term first or
-- last: first outranks last.  A title labelled A is a field of its own, so
-- the body after an 11-word title starts its lead at position 12, and a
-- title's 11th word is past it.  Positions are capped at 16383, where
-- every later word lands: never taken for the lead.  lead => 0: all equal.
WITH v(n, doc, tsv) AS (VALUES
  (1, 'body, word 1', to_tsvector('fahras', 'التحالف يعقد اجتماع وزراء الخارجية في باريس لبحث الحرب على التنظيم ومصادر تمويله')),
  (2, 'body, word 13', to_tsvector('fahras', 'اجتماع وزراء الخارجية في باريس لبحث الحرب على التنظيم ومصادر تمويله يعقده التحالف')),
  (3, 'title of 11, body word 2', setweight(to_tsvector('fahras', 'اجتماع وزراء الخارجية في باريس لبحث الحرب على التنظيم ومصادر تمويله'), 'A')
                               || to_tsvector('fahras', 'يعقده التحالف')),
  (4, 'title word 11', setweight(to_tsvector('fahras', 'اجتماع وزراء الخارجية في باريس لبحث الحرب على التنظيم ومصادر التحالف'), 'A')
                    || to_tsvector('fahras', 'يعقده تمويله')),
  (5, 'title at 16380, body 16382', '''حرب'':16380A ''تحالف'':16382'::tsvector),
  (6, 'title at 16380, body 16383', '''حرب'':16380A ''تحالف'':16383'::tsvector))
SELECT doc, fahras_doclen(tsv) AS len, round(fahras_bm25(tsv, q, 'docs')::numeric, 4) AS lead10,
       round(fahras_bm25(tsv, q, 'docs', lead => 0)::numeric, 4) AS lead0
FROM v, to_tsquery('fahras', 'التحالف') q ORDER BY n;
SELECT fahras_bm25(tsv, to_tsquery('fahras', 'التحالف'), 'docs', lead => -1) FROM docs LIMIT 1;
SELECT fahras_bm25(tsv, to_tsquery('fahras', 'التحالف'), 'docs', lead => 1001) FROM docs LIMIT 1;
