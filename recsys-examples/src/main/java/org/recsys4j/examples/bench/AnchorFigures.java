package org.recsys4j.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference systems' figures as recorded in the anchors' {@code RESULTS.md} files
 * ({@code ../shared/anchors/topn}, {@code word2vec}, {@code ctr}), parsed from their markdown tables, so that a
 * leaderboard can set them beside ours without re-running the reference systems:
 * <ul>
 *   <li>protocol T ({@code topn/RESULTS.md}, run 2): the "pess. full HR/NDCG" column — ties counted against the
 *       model, as protocol T counts them — keyed by the anchor's model name ({@code ItemPop}, {@code ItemKNN-cos},
 *       {@code EASE l=50}, {@code iALS f=64 reg=0.1 a=10.0});</li>
 *   <li>protocol S ({@code word2vec/RESULTS.md}): the ItemKNN floor ({@code ItemKNN-cos}, ties in its favour)
 *       and the run-2 summary rows of gensim and Spark, keyed {@code gensim dim 64 workers 2} etc.;</li>
 *   <li>protocol C ({@code ctr/RESULTS.md}): test AUC (mean ± sd of seeds 1–3) of the PyTorch models, keyed by
 *       the table's model name ({@code Logistic regression}, {@code FM (k=10)}, …, {@code Two-tower}).</li>
 * </ul>
 * Data sets are keyed by folder name ({@code ml-100k}, {@code ml-latest-small}). A missing file gives no figures
 * for its protocol, not an error.
 */
public final class AnchorFigures {
    /**
     * One recorded figure pair.
     *
     * @param first  the first metric (HR@10 for T and S, test AUC for C)
     * @param second the second metric (NDCG@10 for T and S, the AUC's sd over seeds for C)
     * @param text   the figures as the leaderboard shows them, e.g. {@code 0.0594 / 0.0281}
     */
    public record Figure(double first, double second, String text) {
    }

    private static final Pattern DATE = Pattern.compile("\\b(20\\d\\d-\\d\\d-\\d\\d)\\b");
    private static final Pattern DATA_DIR = Pattern.compile("data/([^/ ]+)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE]-?\\d+)?");

    private final Map<String, Figure> figures = new HashMap<>();
    private final Map<String, String> provenance = new HashMap<>();

    private AnchorFigures() {
    }

    /** Returns a set with no figures (no anchors folder). */
    public static AnchorFigures empty() {
        return new AnchorFigures();
    }

    /**
     * Reads {@code topn/RESULTS.md}, {@code word2vec/RESULTS.md} and {@code ctr/RESULTS.md} under the anchors
     * folder; files that are absent contribute nothing.
     *
     * @throws IOException if a present file cannot be read
     */
    public static AnchorFigures read(Path anchors) throws IOException {
        AnchorFigures a = new AnchorFigures();
        a.readFile(anchors.resolve("topn").resolve("RESULTS.md"), "T");
        a.readFile(anchors.resolve("word2vec").resolve("RESULTS.md"), "S");
        a.readFile(anchors.resolve("ctr").resolve("RESULTS.md"), "C");
        return a;
    }

    private void readFile(Path file, String protocol) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String date = statedDate(text);
        String when = date != null ? "measured " + date + " as the file states"
                : "the file states no date; last modified " + Files.getLastModifiedTime(file).toInstant()
                .atOffset(ZoneOffset.UTC).toLocalDate();
        switch (protocol) {
            case "T" -> addTopN(text);
            case "S" -> addWord2vec(text);
            default -> addCtr(text);
        }
        provenance.put(protocol, "recorded figures of `" + file.getParent().getFileName() + "/RESULTS.md` (" + when + ")");
    }

    /** Returns the first {@code YYYY-MM-DD} date in the text, or null. */
    static String statedDate(String text) {
        Matcher m = DATE.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** Returns the figure of a model on a data set under a protocol ({@code T}, {@code S} or {@code C}). */
    public Optional<Figure> find(String protocol, String dataSet, String model) {
        return Optional.ofNullable(figures.get(key(protocol, dataSet, model)));
    }

    /** Returns where the figures of a protocol came from (file and date), or empty if none were read. */
    public Optional<String> provenance(String protocol) {
        return Optional.ofNullable(provenance.get(protocol));
    }

    /** Returns how many figures were read. */
    public int size() {
        return figures.size();
    }

    private static String key(String protocol, String dataSet, String model) {
        return protocol + '\u0000' + dataSet + '\u0000' + model;
    }

    void addTopN(String text) {
        for (Table t : Table.parse(text)) {
            int col = t.column("pess. full HR/NDCG");
            String data = dataSet(t.h3());
            if (!t.h2().startsWith("Results — run 2") || col < 0 || data == null) {
                continue;
            }
            for (List<String> r : t.rows()) {
                double[] v = numbers(r.get(col));
                if (v.length >= 2) {
                    put("T", data, plain(r.get(0)), v[0], v[1], String.format(Locale.ROOT, "%.4f / %.4f", v[0], v[1]));
                }
            }
        }
    }

    void addWord2vec(String text) {
        for (Table t : Table.parse(text)) {
            int hr = t.column("S HR@10");
            int ndcg = t.column("S NDCG@10");
            int data = t.column("data");
            if (hr < 0 || ndcg < 0 || data < 0) {
                continue;
            }
            boolean floor = t.h3().startsWith("Protocol S floor");
            boolean summary = t.h2().startsWith("Results — run 2") && t.h3().startsWith("Summary");
            if (!floor && !summary) {
                continue;
            }
            for (List<String> r : t.rows()) {
                String d = dataSet(r.get(data));
                if (d == null) {
                    d = plain(r.get(data));
                }
                String model = floor ? plain(r.get(t.column("model")))
                        : plain(r.get(t.column("system"))) + " dim " + plain(r.get(t.column("dim"))) + " "
                        + plain(r.get(t.column("parallelism")));
                double[] h = numbers(r.get(hr));
                double[] n = numbers(r.get(ndcg));
                if (h.length > 0 && n.length > 0) {
                    put("S", d, model, h[0], n[0], String.format(Locale.ROOT, "%.4f / %.4f", h[0], n[0]));
                }
            }
        }
    }

    void addCtr(String text) {
        for (Table t : Table.parse(text)) {
            int auc = t.column("test AUC");
            if (auc < 0 || !t.h2().contains("— main table")) {
                continue;
            }
            String data = t.h2().split(" ")[0];
            for (List<String> r : t.rows()) {
                double[] v = numbers(r.get(auc));
                if (v.length == 0) {
                    continue;
                }
                double sd = v.length > 1 ? v[1] : Double.NaN;
                put("C", data, plain(r.get(0)), v[0], sd, v.length > 1
                        ? String.format(Locale.ROOT, "%.4f ± %.4f", v[0], v[1]) : String.format(Locale.ROOT, "%.4f", v[0]));
            }
        }
    }

    private void put(String protocol, String data, String model, double first, double second, String text) {
        figures.putIfAbsent(key(protocol, data, model), new Figure(first, second, text));
    }

    private static String dataSet(String s) {
        Matcher m = DATA_DIR.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    private static String plain(String cell) {
        return cell.replace("**", "").trim();
    }

    private static double[] numbers(String cell) {
        Matcher m = NUMBER.matcher(plain(cell));
        List<Double> out = new ArrayList<>();
        while (m.find()) {
            out.add(Double.parseDouble(m.group()));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A markdown table with the level-2 and level-3 headings above it. */
    record Table(String h2, String h3, List<String> header, List<List<String>> rows) {
        int column(String name) {
            return header.indexOf(name);
        }

        static List<Table> parse(String text) {
            List<Table> tables = new ArrayList<>();
            String h2 = "";
            String h3 = "";
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith("## ")) {
                    h2 = line.substring(3).strip();
                    h3 = "";
                } else if (line.startsWith("### ")) {
                    h3 = line.substring(4).strip();
                } else if (line.startsWith("|") && i + 1 < lines.length && lines[i + 1].strip().startsWith("|---")) {
                    List<String> header = cells(line);
                    List<List<String>> rows = new ArrayList<>();
                    i += 2;
                    while (i < lines.length && lines[i].strip().startsWith("|")) {
                        List<String> r = cells(lines[i].strip());
                        if (r.size() == header.size()) {
                            rows.add(r);
                        }
                        i++;
                    }
                    i--;
                    tables.add(new Table(h2, h3, header, rows));
                }
            }
            return tables;
        }

        private static List<String> cells(String line) {
            String s = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
            List<String> out = new ArrayList<>();
            for (String c : s.split("\\|", -1)) {
                out.add(c.strip());
            }
            return out;
        }
    }
}
