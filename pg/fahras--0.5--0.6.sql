-- fahras--0.5--0.6.sql - upgrade the fahras extension from 0.5 to 0.6:
-- fahras_bm25_top, a collection's best k without ranking every match.

\echo Use "ALTER EXTENSION fahras UPDATE TO '0.6'" to load this file. \quit

CREATE FUNCTION fahras_bm25_top(query tsquery, collection text, k integer DEFAULT 10,
                                k1 float8 DEFAULT 1.2, b float8 DEFAULT 0.75,
                                weights float8[] DEFAULT NULL, lead integer DEFAULT 10)
    RETURNS TABLE (ctid tid, score float8)
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION fahras_bm25_top(tsquery, text, integer, float8, float8, float8[], integer) IS
    'the k rows of collection''s table matching query with the highest fahras_bm25 (same arguments), best first (ties by ctid), ranking only the rows that hold its rarest terms when score bounds prove the rest cannot enter (MaxScore); join the table on ctid';
