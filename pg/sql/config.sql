-- The fahras configuration end to end: to_tsvector, tsquery, @@.
-- to_tsvector indexes exactly fahras_tokens' keys at their positions
-- (checked without spelling the keys out: they belong to the analyzer).
SELECT to_tsvector('fahras', s) =
       to_tsvector('simple', (SELECT string_agg(key, ' ' ORDER BY position) FROM fahras_tokens(s))) AS same_keys
FROM (VALUES ('حملة جديدة لـ”قسد” والتحالف الدَّوْليّ ضد خلايا تنظيم “داعش”'),
             ('نفّذت قوات سوريا الديمقراطية حملة دهم واعتقال واسعة في ريف دير الزور'),
             ('وأعلنت «قوات سوريا الديمقراطية»، عبر مواقعها الرسمية، أنّها أطلقت حملة')) t(s);
SELECT lexeme FROM unnest(to_tsvector('fahras', 'والتحالف الدَّوْليّ')) ORDER BY lexeme;

SELECT to_tsvector('fahras', 'حملة جديدة لـ”قسد” والتحالف الدَّوْليّ ضد خلايا')
       @@ websearch_to_tsquery('fahras', 'التحالف الدولي') AS matches;
SELECT websearch_to_tsquery('fahras', 'التحالف الدولي');
SELECT websearch_to_tsquery('fahras', '"التحالف الدولي" -داعش');
SELECT plainto_tsquery('fahras', 'الدَّوْليّ'), to_tsquery('fahras', 'تحالف:*');

-- Phrases follow positions.
SELECT to_tsvector('fahras', 'قوات التحالف الدَّوْليّ') @@ phraseto_tsquery('fahras', 'التحالف الدولي') AS phrase_yes,
       to_tsvector('fahras', 'الدولي قوات التحالف') @@ phraseto_tsquery('fahras', 'التحالف الدولي') AS phrase_no;

-- Hashtags: the tag and its words.
SELECT to_tsvector('fahras', '#التحالف_الدولي');

-- With a GIN index, on a table.
CREATE TABLE news (id int PRIMARY KEY, body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('fahras', body)) STORED);
CREATE INDEX news_tsv ON news USING gin (tsv);
INSERT INTO news (id, body) VALUES
  (1, 'حملة جديدة لـ”قسد” والتحالف الدَّوْليّ ضد خلايا تنظيم “داعش” بريف دير الزور'),
  (2, 'وأعلنت قوات سوريا الديمقراطية أنها أطلقت حملة في إطار مكافحة الإرهاب'),
  (3, 'كشفت عملية أمنية في مدينة الرقة عن مخبأ أرضي كان مستودعاً لأسلحة وذخائر'),
  (4, 'الحملة حظيت بدعم جوي وبري من التحالف الدُّوَليّ');
SET enable_seqscan = off;
SELECT id FROM news WHERE tsv @@ websearch_to_tsquery('fahras', 'التحالف الدولي') ORDER BY id;
SELECT id FROM news WHERE tsv @@ websearch_to_tsquery('fahras', 'للتحالف') ORDER BY id;
RESET enable_seqscan;
