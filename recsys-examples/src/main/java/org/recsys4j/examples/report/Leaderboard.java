package org.recsys4j.examples.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One leaderboard: a table of models under one protocol on one data set, each row with its settings, its seeds
 * and its figures, and optionally a reference system's figure beside it (the anchor). Rendered as a markdown
 * table ({@link #markdown()}) and as a bar chart of one column next to the anchor ({@link #chart}).
 *
 * <pre>{@code
 * Leaderboard t = new Leaderboard("Protocol T — ml-100k", "943 users, …",
 *         List.of(new Leaderboard.Column("HR@10", "%.6f"), new Leaderboard.Column("NDCG@10", "%.6f")),
 *         "numpy anchor HR@10 / NDCG@10",
 *         List.of(new Leaderboard.Row("ItemPop", "ItemPop", "train counts", "—", new double[] {0.0498, 0.0250},
 *                 new Leaderboard.Anchor(0.0498, "0.0498 / 0.0250"))));
 * String md = t.markdown();
 * t.chart(Path.of("docs/img/leaderboard-t-ml-100k.png"), 0);
 * }</pre>
 *
 * @param title        the table's heading (rendered as a level-4 heading)
 * @param notes        text printed between the heading and the table (settings, date, machine); may be empty
 * @param columns      the figure columns, in order
 * @param anchorHeader the header of the anchor column, or null for a table without anchors
 * @param rows         the rows, in order
 */
public record Leaderboard(String title, String notes, List<Column> columns, String anchorHeader, List<Row> rows) {

    /**
     * A figure column.
     *
     * @param name   the header, e.g. {@code HR@10}
     * @param format the {@link String#format} pattern of a value, e.g. {@code %.6f} or {@code %,.0f}
     */
    public record Column(String name, String format) {
        /** Checks that both parts are present. */
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * A reference system's figures for a row.
     *
     * @param value the anchor's value of the charted column (NaN when it has none)
     * @param text  what the anchor column shows, e.g. {@code 0.0594 / 0.0281}
     */
    public record Anchor(double value, String text) {
        /** Checks that the text is present. */
        public Anchor {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * One model's row.
     *
     * @param label    a short unique name for the chart's category axis, e.g. {@code EASE λ=50}
     * @param model    the model's name
     * @param settings its hyper-parameters
     * @param seeds    the seeds of the run(s) behind the figures, or {@code —} for a deterministic model
     * @param values   one value per column (NaN prints as {@code —}); copied
     * @param anchor   the anchor's figures, or null when no reference system has this model
     */
    public record Row(String label, String model, String settings, String seeds, double[] values, Anchor anchor) {
        /** Checks that every part but {@code anchor} is present and copies the values. */
        public Row {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(seeds, "seeds");
            values = Objects.requireNonNull(values, "values").clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        /** Returns the value of column {@code c}. */
        public double value(int c) {
            return values[c];
        }
    }

    /** Checks the shapes: every row has one value per column and a unique label; copies the lists. */
    public Leaderboard {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(notes, "notes");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        Set<String> labels = new HashSet<>();
        for (Row r : rows) {
            if (r.values.length != columns.size()) {
                throw new IllegalArgumentException("row " + r.label() + ": " + r.values.length + " values for "
                        + columns.size() + " columns");
            }
            if (!labels.add(r.label())) {
                throw new IllegalArgumentException("row label " + r.label() + " appears twice in " + title);
            }
        }
    }

    /** Returns the rows whose model is {@code model}. */
    public List<Row> rowsOf(String model) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.model().equals(model)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Returns the heading, the notes and the table as markdown, ending with a newline. */
    public String markdown() {
        StringBuilder b = new StringBuilder("#### ").append(title).append("\n\n");
        if (!notes.isEmpty()) {
            b.append(notes).append("\n\n");
        }
        b.append("| model | settings | seeds |");
        for (Column c : columns) {
            b.append(' ').append(c.name()).append(" |");
        }
        if (anchorHeader != null) {
            b.append(' ').append(anchorHeader).append(" |");
        }
        b.append("\n|---|---|---|");
        b.append("---:|".repeat(columns.size()));
        if (anchorHeader != null) {
            b.append("---:|");
        }
        b.append('\n');
        for (Row r : rows) {
            b.append("| ").append(cell(r.model())).append(" | ").append(cell(r.settings())).append(" | ")
                    .append(cell(r.seeds())).append(" |");
            for (int c = 0; c < columns.size(); c++) {
                double v = r.values[c];
                b.append(' ').append(Double.isNaN(v) ? "—" : String.format(Locale.ROOT, columns.get(c).format(), v))
                        .append(" |");
            }
            if (anchorHeader != null) {
                b.append(' ').append(r.anchor() == null ? "—" : cell(r.anchor().text())).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Draws column {@code column} as bars, one group per row (its label), ours beside the anchor's value when
     * the table has anchors; writes {@code .png} or {@code .svg} atomically. A missing value (NaN) draws as 0;
     * the anchor series is named so that a reader knows a missing bar means "no anchor for this model".
     *
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if the column does not exist or the table has no rows
     */
    public void chart(Path file, int column) throws IOException {
        chart(file, column, Double.NaN);
    }

    /**
     * Draws column {@code column} as {@link #chart(Path, int)} does, with the value axis starting at {@code yFrom}
     * (e.g. 0.5 for AUC, the level of chance; NaN: XChart's choice); bars below it are cut off, the title says
     * where the axis starts.
     *
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if the column does not exist or the table has no rows
     */
    public void chart(Path file, int column, double yFrom) throws IOException {
        if (column < 0 || column >= columns.size()) {
            throw new IllegalArgumentException("column: " + column + ", must be in [0, " + columns.size() + ")");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("leaderboard " + title + ": no rows to chart");
        }
        List<String> labels = new ArrayList<>();
        double[] ours = new double[rows.size()];
        double[] theirs = new double[rows.size()];
        boolean anyAnchor = false;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            labels.add(r.label());
            ours[i] = finiteOrZero(r.values[column]);
            if (r.anchor() != null && Double.isFinite(r.anchor().value())) {
                theirs[i] = r.anchor().value();
                anyAnchor = true;
            }
        }
        double[] x = new double[rows.size()];
        List<Plots.Series> series = new ArrayList<>();
        series.add(new Plots.Series("Recsys4J", x, ours));
        if (anyAnchor) {
            series.add(new Plots.Series(anchorHeader + " (no bar: no anchor)", x, theirs));
        }
        String name = columns.get(column).name();
        String axisNote = Double.isNaN(yFrom) ? "" : String.format(Locale.ROOT, " (axis from %s)", yFrom);
        Plots.bars(file, new Plots.Axes(title + " — " + name + axisNote, "model", false, name, false), labels, series,
                yFrom);
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
