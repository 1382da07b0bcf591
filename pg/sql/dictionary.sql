-- The fahras dictionary: the keys of fahras_analyze (those of the SQLite
-- tokenizer), options, exact forms.
SELECT ts_lexize('fahras_dict', 'والتحالف');
SELECT ts_lexize('fahras_dict', 'الدَّوْليّ');
SELECT ts_lexize('fahras_dict', 'الدولي');
SELECT ts_lexize('fahras_dict', '٢٠٢١');
SELECT ts_lexize('fahras_dict', 'Hello');
SELECT ts_lexize('fahras_dict', '،');   -- no word: a stop word

-- The dictionary gives, token by token, the key fahras_tokens reports.
SELECT bool_and(ts_lexize('fahras_dict', surface) = ARRAY[key]) AS same_keys, count(*)
FROM fahras_tokens('نفّذت قوات سوريا الديمقراطية حملة دهم واعتقال واسعة في ريف دير الزور، وذلك بدعم جوي وبرّي مِن قوات التحالف الدَّوْليّ بقيادة الولايات المتحدة الأميركية');

-- fahras_normalize and fahras_tokens.
SELECT fahras_normalize('الدَّوْليّ أحمد إلى مدرسةٌ ٢٠٢١');
SELECT fahras_normalize('أحمد', 'alef=off');
SELECT * FROM fahras_tokens('والتحالف الدَّوْليّ #التحالف_الدولي');
SELECT key FROM fahras_tokens('والتحالف', 'stem=none');

-- Options of a dictionary; exact forms at the key's position.
CREATE TEXT SEARCH DICTIONARY fahras_none (TEMPLATE = fahras_template, stem = 'none');
SELECT ts_lexize('fahras_none', 'والتحالف');
CREATE TEXT SEARCH DICTIONARY fahras_exact (TEMPLATE = fahras_template, exact = on);
SELECT ts_lexize('fahras_exact', 'والتحالف');
SELECT ts_lexize('fahras_exact', 'دولي');  -- norm = key: one lexeme
-- Normalization as rule bits, as a store's recorded options write it.
CREATE TEXT SEARCH DICTIONARY fahras_bits (TEMPLATE = fahras_template, norm = '0x1ffe');
SELECT ts_lexize('fahras_bits', 'الدَّوْليّ');

-- Bad options are errors that name them.
CREATE TEXT SEARCH DICTIONARY bad1 (TEMPLATE = fahras_template, stem = 'heavy');
CREATE TEXT SEARCH DICTIONARY bad2 (TEMPLATE = fahras_template, colour = 'blue');
CREATE TEXT SEARCH DICTIONARY bad3 (TEMPLATE = fahras_template, exact = 'maybe');
CREATE TEXT SEARCH DICTIONARY bad4 (TEMPLATE = fahras_template, norm = '0x10000');
SELECT fahras_normalize('x', 'stem=heavy');
SELECT * FROM fahras_tokens('x', 'nonsense');
