-- ts_headline marks the original, diacritized words.
SELECT ts_headline('fahras',
    'نفّذت “قوات سوريا الديمقراطية” حملة دهم بدعم جوي وبرّي مِن قوات التحالف الدَّوْليّ بقيادة الولايات المتحدة',
    websearch_to_tsquery('fahras', 'التحالف الدولي'));
SELECT ts_headline('fahras', 'وأفادت مصادر أنّ «”قسد” خلال عملية أمنية نفذتها بدعم من التحالف الدُّوَليّ في بلدة “العزية”»',
    websearch_to_tsquery('fahras', 'الدولي'), 'StartSel=<<, StopSel=>>');
-- Hashtags: the words inside are marked, the text is kept.
SELECT ts_headline('fahras', 'شاهد #التحالف_الدولي الآن', websearch_to_tsquery('fahras', 'الدولي'));
-- Fragments on a longer text.
SELECT ts_headline('fahras', repeat('كلام عادي بلا شيء مهم هنا. ', 30) || 'قوات التحالف الدَّوْليّ' || repeat(' نص آخر طويل.', 30),
    websearch_to_tsquery('fahras', 'التحالف'), 'MaxFragments=1, MaxWords=8, MinWords=4');
