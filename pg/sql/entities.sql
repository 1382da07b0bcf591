-- fahras_entities: the spans of `fahras entities`, as rows.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS fahras;
-- قسد, لـ"قسد" and «قسد» one key; the dates; the counts with their nouns.
SELECT type, surface, key, value, unit
FROM fahras_entities('أعلنت «قوات سوريا الديمقراطية» (قسد) أنها بدأت في 14 أبريل/نيسان 2021 حملة ضد تنظيم “داعش” في الرقة، بقوام 500 عنصر ونحو 50 مدرّعة، وقالت لـ"قسد" إن العملية تستمر منذ 28 آذار/مارس الماضي.')
ORDER BY start;
-- Offsets are bytes of the text: each slices its surface.
SELECT count(*) AS spans, bool_and(convert_from(substring(convert_to(d, 'UTF8') FROM start + 1 FOR "end" - start), 'UTF8') = surface) AS offsets_slice
FROM (SELECT 'في دمشق أمس، وبلغت نسبة المشاركة 45% في 2 رمضان 1442 هـ، ومليون ونصف دولار.' AS d) t,
     LATERAL fahras_entities(d);
-- A reference date resolves relative dates; a Hijri date keeps its hijri.
SELECT type, surface, value, unit, hijri
FROM fahras_entities('في دمشق أمس، وبلغت نسبة المشاركة 45% في 2 رمضان 1442 هـ، ومليون ونصف دولار.', '2021-04-20')
ORDER BY start;
-- Nothing to find, NULL, a bad reference date.
SELECT count(*) FROM fahras_entities('');
SELECT count(*) FROM fahras_entities(NULL);
SELECT count(*) FROM fahras_entities('أمس', NULL);
SELECT count(*) FROM fahras_entities('أمس', 'not a date');
-- Many texts at once (one tagger a call site).
SELECT count(*) > 0 FROM generate_series(1, 50) g, LATERAL fahras_entities('زار إيمانويل ماكرون باريس في ' || g || ' أيار 2020') e WHERE e.type = 'DATE';
