package org.recsys4j.examples.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One model's figures from the numpy top-N anchor, parsed from its tab-separated output.
 *
 * @param model       the anchor's model name, e.g. {@code EASE l=50}
 * @param hr10        HR@10 (ties against the model)
 * @param ndcg10      NDCG@10 (ties against the model)
 * @param fitSeconds  fit wall-clock seconds
 * @param evalSeconds evaluation wall-clock seconds (full and 99-sampled ranking)
 */
public record AnchorRow(String model, double hr10, double ndcg10, double fitSeconds, double evalSeconds) {

    /** Parses the anchor's output lines; lines starting with {@code #} are skipped. */
    public static List<AnchorRow> parse(String output) {
        List<AnchorRow> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 5) {
                throw new IllegalArgumentException("anchor output line with " + f.length + " fields, expected 5: " + line);
            }
            rows.add(new AnchorRow(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4])));
        }
        return rows;
    }
}
