/*
 * cmd_stats.c - `fahras stats DB`: documents, sources, date range, size,
 * and the analyzer version and options the index was built with.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store.h"

int cmd_stats(int argc, char **argv)
{
    int json = 0;
    const char *db = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            puts("usage: fahras stats [--json] DB\n"
                 "Documents, sources, date range, database size, and the analyzer\n"
                 "version and options the index was built with.");
            return EXIT_OK;
        } else if (argv[i][0] == '-' || db) {
            fprintf(stderr, "usage: fahras stats [--json] DB\n");
            return EXIT_USAGE;
        } else db = argv[i];
    }
    if (!db) {
        fprintf(stderr, "usage: fahras stats [--json] DB\n");
        return EXIT_USAGE;
    }
    fh_store *s;
    fh_err err;
    fh_stats st;
    if (fh_store_open(db, FH_STORE_READ, NULL, &s, &err) || fh_store_stats(s, &st, &err)) {
        fprintf(stderr, "fahras stats: %s\n", err.msg);
        if (s) fh_store_close(s);
        return EXIT_FAIL;
    }
    fh_store_close(s);
    if (json) {
        printf("{\"backend\":\"%s\",\"documents\":%ld,\"sources\":%ld,\"date_min\":", st.backend,
               st.documents, st.sources);
        cli_json_string(stdout, st.date_min, strlen(st.date_min));
        fputs(",\"date_max\":", stdout);
        cli_json_string(stdout, st.date_max, strlen(st.date_max));
        printf(",\"size_bytes\":%lld,\"analyzer_version\":", st.size_bytes);
        cli_json_string(stdout, st.analyzer_version, strlen(st.analyzer_version));
        fputs(",\"analyzer_options\":", stdout);
        cli_json_string(stdout, st.analyzer_options, strlen(st.analyzer_options));
        fputs("}\n", stdout);
    } else {
        printf("backend           %s\n", st.backend);
        printf("documents         %ld\n", st.documents);
        printf("sources           %ld\n", st.sources);
        printf("dates             %s .. %s\n", *st.date_min ? st.date_min : "-",
               *st.date_max ? st.date_max : "-");
        printf("size              %.1f MB (%lld bytes)\n", st.size_bytes / 1e6, st.size_bytes);
        printf("analyzer version  %s\n", st.analyzer_version);
        printf("analyzer options  %s\n", st.analyzer_options);
    }
    return EXIT_OK;
}
