package org.recsys4j.examples.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {
    private static final Plots.Axes AXES = new Plots.Axes("recall vs QPS", "recall@10", false, "QPS", true);

    @Test
    void writesAPngOfTheChartsSizeAndAnSvgWithTheLegend(@TempDir Path dir) throws Exception {
        List<Plots.Series> series = List.of(new Plots.Series("HNSW", new double[] {0.9, 0.95, 0.99},
                new double[] {20000, 12000, 5000}), new Plots.Series("brute force", new double[] {1}, new double[] {300}));
        Path png = dir.resolve("sub/curve.png");
        Plots.lines(png, AXES, series);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
        Path svg = dir.resolve("curve.svg");
        Plots.lines(svg, AXES, series);
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(text.contains("<svg"), text.substring(0, Math.min(200, text.length())));
        Path bars = dir.resolve("bars.png");
        Plots.bars(bars, new Plots.Axes("NDCG@10", "model", false, "NDCG@10", false), List.of("ItemPop", "EASE"),
                List.of(new Plots.Series("ml-100k", new double[] {0, 1}, new double[] {0.2, 0.4})));
        assertEquals(Plots.WIDTH, ImageIO.read(bars.toFile()).getWidth());
    }

    @Test
    void badInputIsRejectedNamingWhatIsWrong(@TempDir Path dir) {
        Plots.Series s = new Plots.Series("a", new double[] {1}, new double[] {1});
        IllegalArgumentException ext = assertThrows(IllegalArgumentException.class,
                () -> Plots.lines(dir.resolve("x.jpg"), AXES, List.of(s)));
        assertTrue(ext.getMessage().contains(".png or .svg"), ext.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.lines(dir.resolve("x.png"), AXES, List.of()));
        IllegalArgumentException log = assertThrows(IllegalArgumentException.class, () -> Plots.lines(
                dir.resolve("x.png"), AXES, List.of(new Plots.Series("zero", new double[] {1}, new double[] {0}))));
        assertTrue(log.getMessage().contains("logarithmic"), log.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Plots.Series("n", new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Plots.Series("nan", new double[] {Double.NaN},
                new double[] {1}));
        IllegalArgumentException bars = assertThrows(IllegalArgumentException.class, () -> Plots.bars(
                dir.resolve("b.png"), AXES, List.of("a", "b"), List.of(s)));
        assertTrue(bars.getMessage().contains("1 values for 2 categories"), bars.getMessage());
    }
}
