-- Hostile input: no crash, clear errors where there must be one.
SELECT count(*) FROM fahras_tokens(repeat('َ', 100000));           -- a run of harakat
SELECT count(*) FROM fahras_tokens(repeat('ـ', 100000));           -- tatweel
SELECT length(fahras_normalize(repeat('بَ', 200000)));
SELECT count(*) > 0 FROM ts_parse('fahras_parser', repeat('#', 3000) || repeat('ب_', 3000));
SELECT length(to_tsvector('fahras', repeat('كلمة ', 50000)));
-- A 300000-letter word: indexed under a key cut at 256 bytes.
SELECT octet_length(lexeme) FROM unnest(to_tsvector('fahras', repeat('ب', 300000)));
SELECT ts_headline('fahras', repeat('ب', 5000) || ' التحالف', to_tsquery('fahras', 'التحالف')) LIKE '%<b>التحالف</b>' AS headline_long_word;
SELECT fahras_normalize(''), count(*) FROM fahras_tokens('');
SELECT fahras_normalize(E'\u200f\u200e\ufeff'), count(*) FROM fahras_tokens(E'\u0640\u064b\ufdfa');
-- Control characters, surrogates-free odd code points, mixed scripts.
SELECT count(*) FROM fahras_tokens(E'a\x01b\x7f\u2028c\U0001F600د');
-- Random bytes through every entry point (valid UTF-8 only can reach a
-- UTF8 database); deterministic seed.
SELECT setseed(0.42);
CREATE TEMP TABLE fuzz AS
SELECT string_agg(chr(CASE WHEN r < 0.5 THEN 1536 + (random() * 255)::int
                           WHEN r < 0.8 THEN 32 + (random() * 94)::int
                           ELSE 1 + (random() * 55000)::int END), '') AS s
FROM (SELECT g, random() AS r FROM generate_series(1, 200 * 300) g) x
GROUP BY g % 200;
SELECT count(*) FROM fuzz;
SELECT count(*) FROM fuzz, LATERAL fahras_tokens(s) t WHERE t.start_byte < 0 OR t.end_byte > octet_length(s) OR t.start_byte >= t.end_byte;
SELECT count(*) FROM fuzz WHERE length(to_tsvector('fahras', s)) < 0 OR length(fahras_normalize(s)) < 0;
SELECT count(*) FROM fuzz WHERE (SELECT string_agg(token, '') FROM ts_parse('fahras_parser', s) WHERE tokid <> 17) IS DISTINCT FROM s;
SELECT count(*) FROM fuzz WHERE ts_headline('fahras', s, websearch_to_tsquery('fahras', s)) IS NULL;
SELECT count(*) FROM fuzz WHERE websearch_to_tsquery('fahras', s) IS NULL;
-- Queries made of operators and quotes.
SELECT websearch_to_tsquery('fahras', '"" - -- ""'), websearch_to_tsquery('fahras', 'OR OR "غير مغلق');
SELECT to_tsquery('fahras', '!(التحالف <-> الدولي) & :*');
