/*
 * LuceneBench.java - the Lucene 4.10 baseline of bench/query_latency.sh:
 * index the same documents with Lucene's ArabicAnalyzer and BM25, then run
 * the same queries for their top 10, timing each.
 *
 *   java LuceneBench index DOCS.tsv INDEX_DIR          (id TAB title TAB body a line; - = stdin)
 *   java LuceneBench search INDEX_DIR QUERIES.tsv OUT  (qid TAB query a line)
 *
 * search runs every query once to warm the JIT up, then again timed: OUT
 * gets "qid<TAB>ms<TAB>hits<TAB>ranking ms" a line.  ms is the top 10 with
 * their ids, the work fahras's timing covers (a result names its
 * articles: fahras reads each hit's id from its database); ranking ms
 * stops at the TopDocs, before the ids are read from the stored fields.
 * A query is parsed as fahras reads it, as words that are all optional:
 * every analyzed token, in the title (boost 2, fahras's title weight) or
 * the body, OR-ed (Lucene's BooleanQuery of SHOULD term queries).
 */
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public class LuceneBench {
    static final Version V = Version.LUCENE_4_10_4;
    static final Set<String> ID = Collections.singleton("id");

    static BufferedReader open(String path) throws Exception {
        return new BufferedReader(new InputStreamReader(path.equals("-") ? System.in : new FileInputStream(path),
                                                        StandardCharsets.UTF_8), 1 << 20);
    }

    static void index(String docs, String dir) throws Exception {
        Analyzer an = new ArabicAnalyzer(V);
        IndexWriterConfig cfg = new IndexWriterConfig(V, an);
        cfg.setSimilarity(new BM25Similarity());
        cfg.setRAMBufferSizeMB(256);
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        long t0 = System.nanoTime();
        int n = 0;
        try (IndexWriter w = new IndexWriter(FSDirectory.open(new File(dir)), cfg); BufferedReader r = open(docs)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", 3);
                if (f.length < 3) continue;
                Document d = new Document();
                d.add(new StringField("id", f[0], Field.Store.YES));
                d.add(new TextField("title", f[1], Field.Store.NO));
                d.add(new TextField("body", f[2], Field.Store.NO));
                w.addDocument(d);
                n++;
            }
            w.commit();
        }
        System.out.printf("lucene index: %d documents, %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }

    static List<String> tokens(Analyzer an, String field, String text) throws Exception {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = an.tokenStream(field, new StringReader(text))) {
            CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(t.toString());
            ts.end();
        }
        return out;
    }

    static BooleanQuery query(Analyzer an, String text) throws Exception {
        BooleanQuery q = new BooleanQuery();
        for (String tok : tokens(an, "body", text)) {
            TermQuery title = new TermQuery(new Term("title", tok));
            title.setBoost(2.0f);
            q.add(title, BooleanClause.Occur.SHOULD);
            q.add(new TermQuery(new Term("body", tok)), BooleanClause.Occur.SHOULD);
        }
        return q;
    }

    static void search(String dir, String queries, String out) throws Exception {
        Analyzer an = new ArabicAnalyzer(V);
        List<String[]> qs = new ArrayList<>();
        try (BufferedReader r = open(queries)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", 2);
                if (f.length == 2) qs.add(f);
            }
        }
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(new File(dir)));
             PrintWriter w = new PrintWriter(out, "UTF-8")) {
            IndexSearcher s = new IndexSearcher(reader);
            s.setSimilarity(new BM25Similarity());
            long sink = 0;
            for (String[] q : qs) { /* warm-up */
                TopDocs td = s.search(query(an, q[1]), 10);
                for (ScoreDoc sd : td.scoreDocs) sink += s.doc(sd.doc, ID).get("id").length();
            }
            for (String[] q : qs) {
                long t0 = System.nanoTime();
                TopDocs td = s.search(query(an, q[1]), 10);
                long t1 = System.nanoTime();
                for (ScoreDoc sd : td.scoreDocs) sink += s.doc(sd.doc, ID).get("id").length();
                long t2 = System.nanoTime();
                w.printf("%s\t%.4f\t%d\t%.4f%n", q[0], (t2 - t0) / 1e6, td.scoreDocs.length, (t1 - t0) / 1e6);
                sink += td.totalHits;
            }
            if (sink == 42) System.out.println();
        }
    }

    public static void main(String[] a) throws Exception {
        if (a.length == 3 && a[0].equals("index")) index(a[1], a[2]);
        else if (a.length == 4 && a[0].equals("search")) search(a[1], a[2], a[3]);
        else {
            System.err.println("usage: LuceneBench index DOCS.tsv DIR | search DIR QUERIES.tsv OUT");
            System.exit(2);
        }
    }
}
