-- fahras--0.2--0.3.sql - upgrade the fahras extension from 0.2 to 0.3:
-- fahras_rank takes the collection size and average lengths from its
-- caller (a sharded store ranks with the whole collection's), and the hash
-- operator class fahras_id_ops places documents on shards.

\echo Use "ALTER EXTENSION fahras UPDATE TO '0.3'" to load this file. \quit

DROP FUNCTION fahras_rank(tsvector, tsquery[], text, float8[], boolean[], float8[]);
CREATE FUNCTION fahras_rank(doc tsvector, clauses tsquery[], collection text,
                            weights float8[] DEFAULT NULL, proximity boolean[] DEFAULT NULL,
                            dfs float8[] DEFAULT NULL, n_docs float8 DEFAULT NULL,
                            avg_lengths float8[] DEFAULT NULL) RETURNS float8
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION fahras_rank(tsvector, tsquery[], text, float8[], boolean[], float8[], float8, float8[]) IS
    'fahras''s ranking of doc (title labelled A, then the body) for clauses (each a lexeme, alternatives a | b, or a phrase a <-> b) with the statistics of collection: BM25F, the lead, proximity between clauses marked true in proximity; weights default to 1, dfs (documents matching each clause) to estimates from fahras_lexeme, n_docs and avg_lengths ({title, body} words) to the collection''s (a sharded store passes the whole collection''s)';

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
