-- fahras--0.6.sql - objects of the fahras extension, version 0.6.
--
-- Text search: parser fahras_parser (tokens point into the original text),
-- dictionary template fahras_template / dictionary fahras_dict (the same
-- keys as the SQLite tokenizer), configuration fahras.
-- Inspection: fahras_normalize(text), fahras_tokens(text).
-- Entities: fahras_entities(text, ref_date) (people, organisations, places,
-- dates, numbers and counts with their offsets and values).
-- Ranking: fahras_rank(tsvector, tsquery[], collection, ...) (fahras's
-- ranking, as the SQLite store's: src/store/rank.h) and fahras_bm25(tsvector,
-- tsquery, collection) with statistics in fahras_collection /
-- fahras_lexeme, filled by fahras_bm25_refresh() and, optionally, kept
-- current by triggers that fahras_bm25_track() installs;
-- fahras_bm25_top(tsquery, collection, k), the best k rows by fahras_bm25
-- without ranking every match.
-- fahras_exact(text, phrase, options): exact phrases the index cannot check.
-- Sharding: the hash operator class fahras_id_ops for PARTITION BY HASH
-- (id fahras_id_ops), the placement the CLI computes (src/store/route.h).

\echo Use "CREATE EXTENSION fahras" to load this file. \quit

-- Parser -------------------------------------------------------------

CREATE FUNCTION fahras_prs_start(internal, int4) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION fahras_prs_gettoken(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION fahras_prs_end(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION fahras_prs_lextype(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;

-- The default parser's headline generator works on any parser whose
-- token ids give blank = 12 and compound words = 17, as ours do.
CREATE TEXT SEARCH PARSER fahras_parser (
    START = fahras_prs_start,
    GETTOKEN = fahras_prs_gettoken,
    END = fahras_prs_end,
    HEADLINE = pg_catalog.prsd_headline,
    LEXTYPES = fahras_prs_lextype
);
COMMENT ON TEXT SEARCH PARSER fahras_parser IS 'fahras Arabic tokenizer (byte offsets into the original text)';

-- Dictionary ---------------------------------------------------------

CREATE FUNCTION fahras_dict_init(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION fahras_dict_lexize(internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;

CREATE TEXT SEARCH TEMPLATE fahras_template (
    INIT = fahras_dict_init,
    LEXIZE = fahras_dict_lexize
);
COMMENT ON TEXT SEARCH TEMPLATE fahras_template IS 'fahras index keys; options as in fahras_options_set (stem, diacritics, ...)';

CREATE TEXT SEARCH DICTIONARY fahras_dict (TEMPLATE = fahras_template);
COMMENT ON TEXT SEARCH DICTIONARY fahras_dict IS 'fahras index keys, default options (the SQLite tokenizer''s)';

-- Configuration ------------------------------------------------------

CREATE TEXT SEARCH CONFIGURATION fahras (PARSER = fahras_parser);
ALTER TEXT SEARCH CONFIGURATION fahras
    ADD MAPPING FOR arabic, word, number, email, url, mention, hashtag WITH fahras_dict;
COMMENT ON TEXT SEARCH CONFIGURATION fahras IS 'Arabic news search with fahras keys';

-- Inspection ---------------------------------------------------------

CREATE FUNCTION fahras_normalize(input text, options text DEFAULT '') RETURNS text
    AS 'MODULE_PATHNAME', 'fahras_normalize_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fahras_normalize(text, text) IS 'text normalized for matching (fahras normalize)';

CREATE FUNCTION fahras_tokens(input text, options text DEFAULT '',
        OUT "position" int4, OUT start_byte int4, OUT end_byte int4, OUT type text,
        OUT surface text, OUT norm text, OUT key text, OUT segments text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'fahras_tokens_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION fahras_tokens(text, text) IS 'tokens with byte offsets, normalized form, key and clitic segments';

-- BM25 ---------------------------------------------------------------

-- One row per collection (a tsvector column of a table): document count,
-- total length (sum of fahras_doclen) and total title length (sum of
-- fahras_titlelen: positions labelled A) for the average lengths.
CREATE TABLE fahras_collection (
    name text PRIMARY KEY,
    source regclass,
    tsv_column name,
    ndocs bigint NOT NULL DEFAULT 0,
    total_len bigint NOT NULL DEFAULT 0,
    refreshed timestamptz,
    total_len_a bigint NOT NULL DEFAULT 0
);
-- Documents containing each lexeme, per collection.  C collation: the
-- prefix lookups of fahras_bm25 use byte order.
CREATE TABLE fahras_lexeme (
    collection text NOT NULL REFERENCES fahras_collection (name) ON DELETE CASCADE,
    lexeme text COLLATE "C" NOT NULL,
    ndoc bigint NOT NULL,
    PRIMARY KEY (collection, lexeme)
);
-- A superuser creates the extension (it is not trusted); the users who then
-- make and write stores in this database keep their statistics here.
GRANT SELECT, INSERT, UPDATE, DELETE ON fahras_collection, fahras_lexeme TO PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('fahras_collection', '');
SELECT pg_catalog.pg_extension_config_dump('fahras_lexeme', '');

CREATE FUNCTION fahras_doclen(tsvector) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fahras_doclen(tsvector) IS 'document length in tokens (positions of all lexemes)';

CREATE FUNCTION fahras_titlelen(tsvector) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fahras_titlelen(tsvector) IS 'title length in tokens (positions labelled A)';

CREATE FUNCTION fahras_rank(doc tsvector, clauses tsquery[], collection text,
                            weights float8[] DEFAULT NULL, proximity boolean[] DEFAULT NULL,
                            dfs float8[] DEFAULT NULL, n_docs float8 DEFAULT NULL,
                            avg_lengths float8[] DEFAULT NULL) RETURNS float8
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION fahras_rank(tsvector, tsquery[], text, float8[], boolean[], float8[], float8, float8[]) IS
    'fahras''s ranking of doc (title labelled A, then the body) for clauses (each a lexeme, alternatives a | b, or a phrase a <-> b) with the statistics of collection: BM25F, the lead, proximity between clauses marked true in proximity; weights default to 1, dfs (documents matching each clause) to estimates from fahras_lexeme, n_docs and avg_lengths ({title, body} words) to the collection''s (a sharded store passes the whole collection''s)';

CREATE FUNCTION fahras_exact(doc text, phrase text, options text DEFAULT '') RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION fahras_exact(text, text, text) IS
    'whether the normalized forms of phrase occur as consecutive words of doc (analyzer options as fahras_options_set reads them)';

CREATE FUNCTION fahras_bm25(doc tsvector, query tsquery, collection text,
                            k1 float8 DEFAULT 1.2, b float8 DEFAULT 0.75,
                            weights float8[] DEFAULT NULL, lead integer DEFAULT 10) RETURNS float8
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION fahras_bm25(tsvector, tsquery, text, float8, float8, float8[], integer) IS
    'Okapi BM25 of doc for the terms of query not under NOT, with the statistics of collection; weights {D,C,B,A} multiply the term frequency of positions with that label; an occurrence among the first lead words of its field (A-labelled title, then the rest) counts twice (0: off)';

CREATE FUNCTION fahras_bm25_top(query tsquery, collection text, k integer DEFAULT 10,
                                k1 float8 DEFAULT 1.2, b float8 DEFAULT 0.75,
                                weights float8[] DEFAULT NULL, lead integer DEFAULT 10)
    RETURNS TABLE (ctid tid, score float8)
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION fahras_bm25_top(tsquery, text, integer, float8, float8, float8[], integer) IS
    'the k rows of collection''s table matching query with the highest fahras_bm25 (same arguments), best first (ties by ctid), ranking only the rows that hold its rarest terms when score bounds prove the rest cannot enter (MaxScore); join the table on ctid';

-- Recompute a collection's statistics from its table.
CREATE FUNCTION fahras_bm25_refresh(collection text, source regclass, tsv_column name)
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
COMMENT ON FUNCTION fahras_bm25_refresh(text, regclass, name) IS
    'recompute BM25 statistics of collection from source.tsv_column; returns the document count';

CREATE FUNCTION fahras_bm25_refresh(collection text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    src regclass;
    col name;
BEGIN
    SELECT c.source, c.tsv_column INTO src, col FROM @extschema@.fahras_collection c
        WHERE c.name = collection;
    IF src IS NULL THEN
        RAISE EXCEPTION 'fahras collection "%" is unknown', collection
            USING ERRCODE = 'undefined_object',
                  HINT = 'Name its table and column once: fahras_bm25_refresh(collection, table, column).';
    END IF;
    RETURN @extschema@.fahras_bm25_refresh(collection, src, col);
END $$;

-- Statement-level triggers that keep a collection's statistics current as
-- rows come and go (transition tables: one aggregated update a statement).
CREATE FUNCTION fahras_bm25_maintain() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- Compute the statistics of collection from source.tsv_column and install
-- the triggers that keep them current (an UPDATE counts as a DELETE of the
-- old row and an INSERT of the new one).
CREATE FUNCTION fahras_bm25_track(collection text, source regclass, tsv_column name)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    n := @extschema@.fahras_bm25_refresh(collection, source, tsv_column);
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS fahras_new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.fahras_bm25_maintain(%L, %L)',
                   'fahras_bm25_ins_' || collection, source, collection, tsv_column);
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS fahras_old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.fahras_bm25_maintain(%L, %L)',
                   'fahras_bm25_del_' || collection, source, collection, tsv_column);
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER UPDATE ON %s
                    REFERENCING OLD TABLE AS fahras_old_rows NEW TABLE AS fahras_new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.fahras_bm25_maintain(%L, %L)',
                   'fahras_bm25_upd_' || collection, source, collection, tsv_column);
    RETURN n;
END $$;

-- Sharding -----------------------------------------------------------

-- The placement of a document by its id, for PARTITION BY HASH (id
-- fahras_id_ops): the hash of src/store/route.h, which the CLI computes too
-- when it writes each document straight to its shard.
CREATE FUNCTION fahras_id_hash(id text) RETURNS int4
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fahras_id_hash(id text, seed int8) RETURNS int8
    AS 'MODULE_PATHNAME', 'fahras_id_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OPERATOR CLASS fahras_id_ops FOR TYPE text USING hash AS
    OPERATOR 1 = (text, text),
    FUNCTION 1 fahras_id_hash(text),
    FUNCTION 2 fahras_id_hash(text, int8);
COMMENT ON OPERATOR CLASS fahras_id_ops USING hash IS
    'hash of a document id as fahras places it on a shard (PARTITION BY HASH (id fahras_id_ops))';

-- The shard (0 .. n_shards - 1) of a document id: its partition under
-- PARTITION BY HASH (id fahras_id_ops) with n_shards partitions.
CREATE FUNCTION fahras_shard_of(id text, n_shards int4) RETURNS int4
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Entities ------------------------------------------------------------

CREATE FUNCTION fahras_entities(doc text, ref_date text DEFAULT NULL)
    RETURNS TABLE (start int4, "end" int4, type text, surface text, key text, value text,
                   unit text, hijri text)
    AS 'MODULE_PATHNAME', 'fahras_entities_sql' LANGUAGE C STABLE
    PARALLEL SAFE;
COMMENT ON FUNCTION fahras_entities(text, text) IS
    'the named entities (PER, ORG, LOC, MISC), dates (DATE), numbers (NUMBER), ordinals (ORDINAL) and counts (COUNT) of doc, as `fahras entities` finds them: byte offsets start..end, the surface, the canonical key of an entity or counted noun, the normalized value (YYYY-MM-DD, YYYY-MM, YYYY, start/end, AH1436-09; decimal numbers), unit (% or the counted noun) and hijri; relative dates resolve against ref_date (an article''s date), else the latest date of doc';
