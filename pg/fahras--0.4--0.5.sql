-- fahras--0.4--0.5.sql - upgrade the fahras extension from 0.4 to 0.5:
-- fahras_entities, the entities, dates, numbers and counts of a text.

\echo Use "ALTER EXTENSION fahras UPDATE TO '0.5'" to load this file. \quit

CREATE FUNCTION fahras_entities(doc text, ref_date text DEFAULT NULL)
    RETURNS TABLE (start int4, "end" int4, type text, surface text, key text, value text,
                   unit text, hijri text)
    AS 'MODULE_PATHNAME', 'fahras_entities_sql' LANGUAGE C STABLE
    PARALLEL SAFE;
COMMENT ON FUNCTION fahras_entities(text, text) IS
    'the named entities (PER, ORG, LOC, MISC), dates (DATE), numbers (NUMBER), ordinals (ORDINAL) and counts (COUNT) of doc, as `fahras entities` finds them: byte offsets start..end, the surface, the canonical key of an entity or counted noun, the normalized value (YYYY-MM-DD, YYYY-MM, YYYY, start/end, AH1436-09; decimal numbers), unit (% or the counted noun) and hijri; relative dates resolve against ref_date (an article''s date), else the latest date of doc';
