-- The fahras parser: token types, zero-copy tokens that cover the input.
CREATE EXTENSION fahras;

SELECT * FROM ts_token_type('fahras_parser') ORDER BY tokid;

-- Every byte of the input comes back, in order: blanks fill the gaps.
SELECT tokid, token FROM ts_parse('fahras_parser',
    'وقال #التحالف_الدولي @fahras http://example.com/a 2021م الدَّوْليّ Hello!');
SELECT string_agg(token, '' ORDER BY ord) =
       'وقال #التحالف_الدولي @fahras http://example.com/a 2021م الدَّوْليّ Hello!' AS covers_input
FROM ts_parse('fahras_parser', 'وقال #التحالف_الدولي @fahras http://example.com/a 2021م الدَّوْليّ Hello!')
     WITH ORDINALITY AS p(tokid, token, ord)
WHERE tokid <> 17;  -- the hashtag itself is followed by its parts

-- Diacritized words come back as written.
SELECT token FROM ts_parse('fahras_parser', 'التحالف الدَّوْليّ') WHERE tokid = 1;

-- Empty and blank-only input.
SELECT count(*) FROM ts_parse('fahras_parser', '');
SELECT tokid, length(token) FROM ts_parse('fahras_parser', '   ،،، ');

-- A 5000-letter word is handed out in pieces under the tsearch limit,
-- and the text is kept whole.
SELECT max(octet_length(token)) < 2047 AS under_limit,
       sum(octet_length(token)) = octet_length(repeat('ب', 5000)) AS whole
FROM ts_parse('fahras_parser', repeat('ب', 5000));

-- Interrupts that end nothing (here the client-connection check, every
-- millisecond) never cut an analysis short: every token is kept.
SET client_connection_check_interval = 1;
SELECT length(to_tsvector('fahras', string_agg(i::text, ' '))) AS lexemes,
       (SELECT count(*) FROM fahras_tokens(string_agg(i::text, ' '))) AS tokens
FROM generate_series(1, 50000) i;
RESET client_connection_check_interval;
