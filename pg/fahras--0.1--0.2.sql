-- fahras--0.1--0.2.sql - ALTER EXTENSION fahras UPDATE TO '0.2'.
--
-- 0.2 ranks by fields: the statistics gain the total title length, and
-- fahras_rank (the stores' ranking) and fahras_exact are new.  Existing
-- collections are recounted from their tables.

\echo Use "ALTER EXTENSION fahras UPDATE TO '0.2'" to load this file. \quit

ALTER TABLE fahras_collection ADD COLUMN total_len_a bigint NOT NULL DEFAULT 0;

CREATE FUNCTION fahras_titlelen(tsvector) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION fahras_rank(doc tsvector, clauses tsquery[], collection text,
                            weights float8[] DEFAULT NULL, proximity boolean[] DEFAULT NULL,
                            dfs float8[] DEFAULT NULL) RETURNS float8
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL RESTRICTED;

CREATE FUNCTION fahras_exact(doc text, phrase text, options text DEFAULT '') RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;


-- Statistics that keep the title length too.
CREATE OR REPLACE FUNCTION fahras_bm25_refresh(collection text, source regclass, tsv_column name)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
    total bigint;
    title bigint;
BEGIN
    EXECUTE format('SELECT count(*), coalesce(sum(@extschema@.fahras_doclen(%I)), 0),
                           coalesce(sum(@extschema@.fahras_titlelen(%I)), 0) FROM %s WHERE %I IS NOT NULL',
                   tsv_column, tsv_column, source, tsv_column) INTO n, total, title;
    INSERT INTO @extschema@.fahras_collection AS c (name, source, tsv_column, ndocs, total_len, total_len_a, refreshed)
        VALUES (collection, source, tsv_column, n, total, title, now())
        ON CONFLICT (name) DO UPDATE SET source = excluded.source, tsv_column = excluded.tsv_column,
            ndocs = excluded.ndocs, total_len = excluded.total_len,
            total_len_a = excluded.total_len_a, refreshed = excluded.refreshed;
    DELETE FROM @extschema@.fahras_lexeme l WHERE l.collection = fahras_bm25_refresh.collection;
    EXECUTE format('INSERT INTO @extschema@.fahras_lexeme (collection, lexeme, ndoc)
                    SELECT $1, u.lexeme, count(*) FROM %s t, unnest(t.%I) u GROUP BY u.lexeme',
                   source, tsv_column) USING collection;
    RETURN n;
END $$;

CREATE OR REPLACE FUNCTION fahras_bm25_maintain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    coll text := TG_ARGV[0];
    col name := TG_ARGV[1];
    step record;
BEGIN
    FOR step IN
        SELECT * FROM (VALUES ('fahras_old_rows', -1, TG_OP IN ('DELETE', 'UPDATE')),
                              ('fahras_new_rows', 1, TG_OP IN ('INSERT', 'UPDATE'))) v(rows, sign, used)
        WHERE used
    LOOP
        EXECUTE format('UPDATE @extschema@.fahras_collection c SET ndocs = c.ndocs + $2 * s.n,
                               total_len = c.total_len + $2 * s.len,
                               total_len_a = c.total_len_a + $2 * s.len_a
                        FROM (SELECT count(*) AS n, coalesce(sum(@extschema@.fahras_doclen(%I)), 0) AS len,
                                     coalesce(sum(@extschema@.fahras_titlelen(%I)), 0) AS len_a
                              FROM %I WHERE %I IS NOT NULL) s
                        WHERE c.name = $1', col, col, step.rows, col) USING coll, step.sign;
        EXECUTE format('INSERT INTO @extschema@.fahras_lexeme AS l (collection, lexeme, ndoc)
                        SELECT $1, u.lexeme, $2 * count(*) FROM %I t, unnest(t.%I) u
                        GROUP BY u.lexeme ORDER BY u.lexeme
                        ON CONFLICT (collection, lexeme) DO UPDATE SET ndoc = l.ndoc + excluded.ndoc',
                       step.rows, col) USING coll, step.sign;
    END LOOP;
    -- Rows that drop to 0 stay: they weigh nothing (df 0) and deleting them
    -- would cost a scan per statement.
    RETURN NULL;
END $$;

-- Recount every collection the statistics know (total_len_a starts at 0).
SELECT fahras_bm25_refresh(name) FROM fahras_collection WHERE source IS NOT NULL;
