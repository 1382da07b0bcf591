-- Sharding support: documents placed by fahras_id_ops (the hash the CLI
-- routes with, src/store/route.h) land in the partition fahras_shard_of
-- names, for every id; fahras_rank ranks with a collection size and
-- average lengths given by its caller exactly as with its own statistics.
CREATE TABLE placed (id text PRIMARY KEY, body text, tsv tsvector) PARTITION BY HASH (id fahras_id_ops);
CREATE TABLE placed_0 PARTITION OF placed FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE placed_1 PARTITION OF placed FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE placed_2 PARTITION OF placed FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO placed (id, body)
SELECT x, 'نص' FROM (SELECT 'doc-' || g AS x FROM generate_series(1, 3000) g
                     UNION ALL SELECT 'مقال/' || g FROM generate_series(1, 300) g
                     UNION ALL VALUES (''), (' '), (repeat('ب', 256))) ids;
-- Every row is where fahras_shard_of says, and the shards are about even.
SELECT count(*) AS misplaced FROM placed
WHERE fahras_shard_of(id, 3) <> substr(tableoid::regclass::text, 8)::int;
SELECT tableoid::regclass AS part, count(*) BETWEEN 1000 AND 1200 AS even FROM placed GROUP BY 1 ORDER BY 1;
-- Partition pruning by id works through the operator class.
EXPLAIN (COSTS OFF) SELECT * FROM placed WHERE id = 'doc-7';
SELECT fahras_shard_of('x', 1);
SELECT fahras_shard_of('x', 0);

-- fahras_rank with n_docs and avg_lengths given = with its own statistics.
CREATE TABLE rk (id int PRIMARY KEY, tsv tsvector);
INSERT INTO rk SELECT g, setweight(to_tsvector('fahras', (ARRAY['التحالف الدولي', 'مخيم الهول'])[1 + g % 2]), 'A')
                        || to_tsvector('fahras', repeat('قوات التحالف في ريف دير الزور ', 1 + g % 3))
FROM generate_series(1, 12) g;
SELECT fahras_bm25_refresh('rk', 'rk', 'tsv');
SELECT ndocs, total_len_a::float8 / ndocs AS avg_title, (total_len - total_len_a)::float8 / ndocs AS avg_body
FROM fahras_collection WHERE name = 'rk' \gset
SELECT count(*) AS rows, count(*) FILTER (WHERE a = b) AS same
FROM (SELECT fahras_rank(tsv, ARRAY['تحالف', 'هول <-> مخيم']::tsquery[], 'rk') AS a,
             fahras_rank(tsv, ARRAY['تحالف', 'هول <-> مخيم']::tsquery[], 'rk', NULL, NULL, NULL,
                         :ndocs, ARRAY[:avg_title, :avg_body]::float8[]) AS b FROM rk) s;
-- Another collection size changes the score; negative ones are refused.
SELECT fahras_rank(tsv, ARRAY['تحالف']::tsquery[], 'rk', NULL, NULL, '{6}', 12, '{2,8}') <>
       fahras_rank(tsv, ARRAY['تحالف']::tsquery[], 'rk', NULL, NULL, '{6}', 1200, '{2,8}') AS differs
FROM rk WHERE id = 1;
SELECT fahras_rank(tsv, ARRAY['تحالف']::tsquery[], 'rk', NULL, NULL, NULL, -1, '{2,8}') FROM rk WHERE id = 1;
