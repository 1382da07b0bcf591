# `make demo`: build, index the sample articles in demo/ (written for this
# project: diacritics, tatweel, clitics, mixed quotes, two month-name
# systems, a repeated headline, an article with <script>), run a search and
# say how to go on.

DEMO_DB ?= $(BUILD)/demo.db

.PHONY: demo
# On a fresh machine the demo installs what it needs first (scripts/deps.sh)
# and the page's font (npm; the page works without it).
demo: deps
	$(MAKE) -s all
	-$(MAKE) -s web
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(FAHRAS_BIN) index -q --fts5 $(DEMO_DB) demo/articles.jsonl demo/txt
	@echo
	$(FAHRAS_BIN) stats $(DEMO_DB)
	@echo
	$(FAHRAS_BIN) search $(DEMO_DB) 'التحالف الدولي ضد داعش' --limit 3
	@echo
	@echo "Search further:"
	@echo "  $(FAHRAS_BIN) search $(DEMO_DB) 'الطاقة الشمسية'            # any form of each word"
	@echo "  $(FAHRAS_BIN) search $(DEMO_DB) '\"التحالف الدولي\" -البوكمال'  # exact phrase, exclusion"
	@echo "  $(FAHRAS_BIN) search $(DEMO_DB) 'منتخب*' --source 'الملاعب اليوم' --from 2021-12"
	@echo "  $(FAHRAS_BIN) search $(DEMO_DB) 'أسعار القمح' --json"
	@echo "  # SQL through the FTS5 table that --fts5 added beside fahras's own index:"
	@echo "  sqlite3 $(DEMO_DB) -cmd '.load $(SQLITE_EXT)' \\"
	@echo "    \"SELECT rowid, snippet(fts, 1, '[', ']', '...', 8) FROM fts WHERE fts MATCH fahras_query('التحالف -حملة')"
	@echo "     ORDER BY fahras_bm25(fts, fahras_query_weights('التحالف -حملة'), '2 1')\""
	@# the search page (fahras serve, mk/http.part.mk)
	@echo
	@echo "Search page and JSON API (docs/http.md):"
	@echo "  $(FAHRAS_BIN) serve $(DEMO_DB)"
	@echo "  then open http://127.0.0.1:8080/?q=التحالف+الدولي   (Ctrl-C stops the server)"
	@echo "  (make web, run above, installed the page's Arabic font from npm; without it a system font is used)"
