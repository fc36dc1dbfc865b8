package org.recsys4j.examples.server;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.embedding.projection.Pca;
import org.recsys4j.embedding.projection.PcaModel;
import org.recsys4j.embedding.projection.TSne;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * One model's 2-D map of the movies, as {@code /api/map} serves it: every movie the model has a
 * vector for, most-rated first, at its coordinates on the first two principal axes of the model's
 * unit item vectors ({@link Pca} with unit rows: the models are compared by cosine). The axes are
 * fitted on the {@value #FIT_ROWS} most-rated of these movies, whose vectors are the best trained, and
 * every movie is projected on them, so a map of fewer points is the first points of a bigger one, at
 * the same places. Each movie is coloured by its <em>primary genre</em>: of its genres, the one with the
 * fewest movies in the catalogue (ties: the first in the catalogue's genre order), so that
 * "Comedy|Romance" counts as Romance and "Adventure|Animation|Children" as Animation rather than
 * everything being the alphabetically first or most common genre; {@value #NOT_A_GENRE} (a screen
 * format) only when it is the movie's one genre. Immutable.
 *
 * @param model   the model's name
 * @param items   catalogue indices, most-rated first (then by index)
 * @param rows    their rows in the model's vectors
 * @param xy      their PCA coordinates, {@code items[p]} at {@code xy[2p], xy[2p + 1]}
 * @param genre   their primary genres (genre vocabulary indices, -1 for a movie without genres)
 * @param pca     the fitted projection
 */
record MovieMap(String model, int[] items, int[] rows, float[] xy, int[] genre, PcaModel pca) {
    /** The number of most-rated movies the axes are fitted on. */
    static final int FIT_ROWS = 2000;
    /** The t-SNE iterations of a map: 250 with early exaggeration, then 500. */
    static final int TSNE_ITERATIONS = 750;
    /** The MovieLens "genre" that is a screen format, never a primary genre beside a real one. */
    static final String NOT_A_GENRE = "IMAX";

    /**
     * Computes the map of one model.
     *
     * @param model       the model's name
     * @param vectors     its item vectors (ids = movie ids)
     * @param catalog     the catalogue
     * @param attribute   the categorical attribute whose rarest value colours an item (genres for MovieLens), or null
     *                    (or an attribute the catalogue does not have): no colours
     * @param ratingCount the number of ratings (interactions) of a catalogue index
     */
    static MovieMap compute(String model, EmbeddingTable vectors, ItemCatalog catalog, String attribute,
                            IntUnaryOperator ratingCount) {
        int n = catalog.size();
        int[] row = new int[n];
        Integer[] order = new Integer[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            row[i] = vectors.ids().indexOf(catalog.items().id(i));
            if (row[i] >= 0) {
                order[m++] = i;
            }
        }
        Integer[] kept = Arrays.copyOf(order, m);
        Arrays.sort(kept, Comparator.comparingInt((Integer i) -> -ratingCount.applyAsInt(i)).thenComparingInt(i -> i));
        int[] items = new int[m];
        int[] rows = new int[m];
        for (int p = 0; p < m; p++) {
            items[p] = kept[p];
            rows[p] = row[kept[p]];
        }
        if (m < 2) {
            throw new IllegalStateException("model " + model + ": " + m + " movies with a vector, a map needs 2");
        }
        PcaModel pca = Pca.builder().withComponents(2).withUnitRows(true).build()
                .fit(vectors, Arrays.copyOf(rows, Math.min(FIT_ROWS, m)));
        float[] xy = pca.project(vectors, rows);
        boolean coloured = attribute != null && catalog.attribute(attribute).isPresent();
        List<String> vocabulary = coloured ? catalog.categoryVocabulary(attribute) : List.of();
        int[][] codes = coloured ? catalog.categoryCodes(attribute) : new int[n][0];
        int[] genreSize = new int[vocabulary.size()];
        for (int i = 0; i < n; i++) {
            for (int g : codes[i]) {
                genreSize[g]++;
            }
        }
        int format = vocabulary.indexOf(NOT_A_GENRE);
        if (format >= 0) {
            genreSize[format] = Integer.MAX_VALUE;   // the last choice
        }
        int[] genre = new int[m];
        for (int p = 0; p < m; p++) {
            genre[p] = primaryGenre(codes[items[p]], genreSize);
        }
        return new MovieMap(model, items, rows, xy, genre, pca);
    }

    /** Returns the genre with the fewest movies (the first on a tie), or -1 for none. */
    static int primaryGenre(int[] genres, int[] genreSize) {
        int best = -1;
        for (int g : genres) {
            if (best < 0 || genreSize[g] < genreSize[best] || (genreSize[g] == genreSize[best] && g < best)) {
                best = g;
            }
        }
        return best;
    }

    /**
     * Returns the t-SNE layout of the first {@code n} movies (the {@code n} most-rated): perplexity 30 (less
     * for a small map, down to its minimum (n − 1) / 3), {@value #TSNE_ITERATIONS} iterations, unit rows.
     *
     * @param vectors the model's item vectors (those this map was computed from)
     * @param n       the number of movies, in [4, min(size(), {@value TSne#MAX_ROWS})]
     * @param threads the threads to use
     */
    TSne.Result tsne(EmbeddingTable vectors, int n, int threads) {
        double perplexity = Math.min(TSne.DEFAULT_PERPLEXITY, (n - 1) / 3.0);
        return TSne.builder().withPerplexity(perplexity).withIterations(TSNE_ITERATIONS).withUnitRows(true)
                .withThreads(threads).build()
                .fit(vectors, Arrays.copyOf(rows, n));
    }

    /** Returns the number of movies on the map. */
    int size() {
        return items.length;
    }

    /** Returns the name of a primary genre, {@code (no genres listed)} for -1. */
    static String genreName(List<String> vocabulary, int g) {
        return g < 0 ? "(no genres listed)" : vocabulary.get(g);
    }
}
