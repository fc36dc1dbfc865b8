package org.recsys4j.examples.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.recsys4j.core.util.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Charts for the benchmark reports, drawn by XChart and written as PNG or SVG (chosen by the file's
 * extension), headless. Two shapes cover the reports: {@link #lines} (e.g. a recall@10-vs-queries/s curve per
 * index, a loss curve per epoch) and {@link #bars} (e.g. a leaderboard of one metric per model).
 *
 * <pre>{@code
 * Plots.lines(Path.of("out/ann-l2.png"), new Plots.Axes("recall@10 vs QPS, L2", "recall@10", false,
 *         "queries/s (1 thread)", true), List.of(new Plots.Series("HNSW", recalls, qps)));
 * }</pre>
 */
public final class Plots {
    /** Width of a chart in pixels. */
    public static final int WIDTH = 1100;
    /** Height of a chart in pixels. */
    public static final int HEIGHT = 650;

    private Plots() {
    }

    /**
     * One named series of points; the two arrays have the same length and are copied.
     *
     * @param name the legend entry
     * @param x    the x values
     * @param y    the y values
     */
    public record Series(String name, double[] x, double[] y) {
        /** Checks that the name is present and the arrays are non-empty, equally long and finite. */
        public Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but "
                        + y.length + " y values");
            }
            if (x.length == 0) {
                throw new IllegalArgumentException("series " + name + ": no points");
            }
            x = x.clone();
            y = y.clone();
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                    throw new IllegalArgumentException("series " + name + ": point " + i + " is not finite ("
                            + x[i] + ", " + y[i] + ")");
                }
            }
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }
    }

    /**
     * A chart's title and axes.
     *
     * @param title  the chart title
     * @param xTitle the x axis title
     * @param xLog   true for a logarithmic x axis (all x values must then be positive)
     * @param yTitle the y axis title
     * @param yLog   true for a logarithmic y axis (all y values must then be positive)
     */
    public record Axes(String title, String xTitle, boolean xLog, String yTitle, boolean yLog) {
        /** Checks that the titles are present. */
        public Axes {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(xTitle, "xTitle");
            Objects.requireNonNull(yTitle, "yTitle");
        }
    }

    /**
     * Draws one line with markers per series and writes it to {@code file} ({@code .png} or {@code .svg}),
     * atomically; parent directories are created.
     *
     * @param file   the output file; its extension picks the format
     * @param axes   title and axes
     * @param series at least one series
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if there is no series, the extension is neither png nor svg, or a
     *                                  logarithmic axis gets a value ≤ 0
     */
    public static void lines(Path file, Axes axes, List<Series> series) throws IOException {
        Objects.requireNonNull(axes, "axes");
        Format format = format(file);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("series: empty, nothing to plot in " + file);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(axes.title())
                .xAxisTitle(axes.xTitle()).yAxisTitle(axes.yTitle()).build();
        org.knowm.xchart.style.XYStyler styler = chart.getStyler();
        styler.setXAxisLogarithmic(axes.xLog());
        styler.setYAxisLogarithmic(axes.yLog());
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotGridLinesVisible(true);
        styler.setMarkerSize(7);
        for (Series s : series) {
            double[] x = s.x();
            double[] y = s.y();
            for (int i = 0; i < x.length; i++) {
                if (axes.xLog() && x[i] <= 0 || axes.yLog() && y[i] <= 0) {
                    throw new IllegalArgumentException("series " + s.name() + ": point " + i + " (" + x[i] + ", "
                            + y[i] + ") is not positive on a logarithmic axis");
                }
            }
            XYSeries xy = chart.addSeries(s.name(), x, y);
            xy.setMarker(SeriesMarkers.CIRCLE);
        }
        write(file, format, chart);
    }

    /**
     * Draws grouped vertical bars: one group per category, one bar per series in each group (series
     * {@code y[i]} is the bar of {@code categories.get(i)}; the series' {@code x} values are ignored), and
     * writes it to {@code file} ({@code .png} or {@code .svg}), atomically.
     *
     * @param file       the output file; its extension picks the format
     * @param axes       title and axes ({@code xLog} must be false)
     * @param categories the group labels, as many as each series has values
     * @param series     at least one series
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if the shapes do not match, the extension is neither png nor svg, or
     *                                  {@code xLog} is set
     */
    public static void bars(Path file, Axes axes, List<String> categories, List<Series> series) throws IOException {
        bars(file, axes, categories, series, Double.NaN);
    }

    /**
     * Draws grouped vertical bars as {@link #bars(Path, Axes, List, List)} does, with the value axis starting at
     * {@code yMin} instead of a value XChart picks (e.g. 0.5 for AUC, the level of chance), so that small
     * differences between bars stay visible; NaN lets XChart pick.
     *
     * @param file       the output file; its extension picks the format
     * @param axes       title and axes ({@code xLog} must be false)
     * @param categories the group labels, as many as each series has values
     * @param series     at least one series
     * @param yMin       the lower end of the value axis, or NaN
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if the shapes do not match, the extension is neither png nor svg,
     *                                  {@code xLog} is set, or {@code yMin} is infinite
     */
    public static void bars(Path file, Axes axes, List<String> categories, List<Series> series, double yMin)
            throws IOException {
        Objects.requireNonNull(axes, "axes");
        if (Double.isInfinite(yMin)) {
            throw new IllegalArgumentException("yMin: " + yMin + ", must be finite or NaN");
        }
        Format format = format(file);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("series: empty, nothing to plot in " + file);
        }
        if (axes.xLog()) {
            throw new IllegalArgumentException("axes.xLog: a bar chart's category axis cannot be logarithmic");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(axes.title())
                .xAxisTitle(axes.xTitle()).yAxisTitle(axes.yTitle()).build();
        org.knowm.xchart.style.CategoryStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(axes.yLog());
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setXAxisLabelRotation(categories.size() > 6 ? 45 : 0);
        if (!Double.isNaN(yMin)) {
            styler.setYAxisMin(yMin);
        }
        for (Series s : series) {
            double[] y = s.y();
            if (y.length != categories.size()) {
                throw new IllegalArgumentException("series " + s.name() + ": " + y.length + " values for "
                        + categories.size() + " categories");
            }
            chart.addSeries(s.name(), categories, java.util.Arrays.stream(y).boxed().toList());
        }
        write(file, format, chart);
    }

    private enum Format { PNG, SVG }

    private static Format format(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return Format.PNG;
        }
        if (name.endsWith(".svg")) {
            return Format.SVG;
        }
        throw new IllegalArgumentException("file " + file + ": extension must be .png or .svg");
    }

    private static void write(Path file, Format format, Chart<?, ?> chart) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (format == Format.PNG) {
            AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } else {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (OutputStream out = bytes) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
            AtomicFiles.write(file, bytes.toByteArray());
        }
    }
}
