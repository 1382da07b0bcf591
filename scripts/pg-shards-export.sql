-- scripts/pg-shards-export.sql - every document of a fahras PostgreSQL store
-- as JSON Lines, one object a line, as `fahras index` reads them back (the
-- input fields kept in extra, then id, title, body, date, source, category
-- and url).  On a coordinator it reads every shard through the partitioned
-- fahras_docs: a new layout (another shard count, other servers) is made by
-- `fahras shard-init` and loaded with `fahras index --jobs N NEW export.jsonl`.
-- Run on each old shard directly, it reads that shard's part: the parts
-- can be exported at once and loaded one after another.
--
--   psql -X -q -At -d postgresql://COORDINATOR -f scripts/pg-shards-export.sql >export.jsonl
SELECT (coalesce(nullif(extra, '')::jsonb, '{}'::jsonb)
        || jsonb_strip_nulls(jsonb_build_object('id', id, 'title', title, 'body', body, 'date', date,
                                                'source', source, 'category', category, 'url', url)))::text
FROM fahras_docs;
