-- Documents hash-partitioned by id (the shape of a sharded store on one
-- node): one collection's statistics over all partitions, the same
-- scores as an unpartitioned table.
CREATE TABLE flat (id int PRIMARY KEY, body text, tsv tsvector);
CREATE TABLE parted (id int PRIMARY KEY, body text, tsv tsvector) PARTITION BY HASH (id);
CREATE TABLE parted_0 PARTITION OF parted FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE parted_1 PARTITION OF parted FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE parted_2 PARTITION OF parted FOR VALUES WITH (MODULUS 3, REMAINDER 2);
CREATE INDEX ON parted USING gin (tsv);
CREATE INDEX ON flat USING gin (tsv);
SELECT fahras_bm25_track('flat', 'flat', 'tsv'), fahras_bm25_track('parted', 'parted', 'tsv');
INSERT INTO flat SELECT g, b, to_tsvector('fahras', b)
FROM generate_series(1, 30) g,
     LATERAL (SELECT (ARRAY['التحالف الدولي', 'قوات سوريا الديمقراطية', 'مخيم الهول', 'دير الزور',
                             'الحملة الأمنية'])[1 + g % 5] || ' ' ||
                     (ARRAY['في الريف', 'مع التحالف', 'ضد داعش'])[1 + g % 3] || repeat(' كلمة', g % 4) AS b) x;
INSERT INTO parted SELECT * FROM flat;
SELECT count(*) FROM parted_0 UNION ALL SELECT count(*) FROM parted_1 UNION ALL SELECT count(*) FROM parted_2;
SELECT name, ndocs, total_len FROM fahras_collection WHERE name IN ('flat', 'parted') ORDER BY name;
SELECT count(*) AS differences FROM (
    (SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'flat' EXCEPT SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'parted')
    UNION ALL
    (SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'parted' EXCEPT SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'flat')) d;
-- Same top 5 with the same scores.
SELECT f.id, f.s = p.s AS same_score FROM
  (SELECT id, fahras_bm25(tsv, q, 'flat') AS s, row_number() OVER (ORDER BY fahras_bm25(tsv, q, 'flat') DESC, id) AS r
   FROM flat, to_tsquery('fahras', 'التحالف | الهول | داعش') q WHERE tsv @@ q) f
  JOIN
  (SELECT id, fahras_bm25(tsv, q, 'parted') AS s, row_number() OVER (ORDER BY fahras_bm25(tsv, q, 'parted') DESC, id) AS r
   FROM parted, to_tsquery('fahras', 'التحالف | الهول | داعش') q WHERE tsv @@ q) p
  ON f.r = p.r AND f.id = p.id
WHERE f.r <= 5 ORDER BY f.r;
-- Moving a row between partitions (its id changes) keeps the statistics.
UPDATE parted SET id = id + 100 WHERE id <= 3;
DELETE FROM parted WHERE id = 4;
SELECT ndocs FROM fahras_collection WHERE name = 'parted';
CREATE TEMP TABLE kept AS SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'parted' AND ndoc <> 0;
SELECT fahras_bm25_refresh('parted');
SELECT count(*) AS differences FROM (
    (SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'parted' EXCEPT SELECT * FROM kept)
    UNION ALL (SELECT * FROM kept EXCEPT SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'parted')) d;
