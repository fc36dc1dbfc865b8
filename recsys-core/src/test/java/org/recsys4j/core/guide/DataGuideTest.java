package org.recsys4j.core.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingFormats.Format;
import org.recsys4j.core.data.EmbeddingFormats.IdKind;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.testing.SharedData;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the snippets of docs/data.md (file paths adapted to a temporary folder and ../shared; prints replaced by checks). */
class DataGuideTest {
    @Test
    void idIndex() {
        // --- docs/data.md ---
        IdIndex movies = IdIndex.numericBuilder().add(50).add(7).add(50).withSorted(true).build();
        // --- end ---
        assertEquals(0, movies.indexOf(7));
        assertEquals(50, movies.longId(1));
        assertEquals(-1, movies.indexOf(8));
    }

    @Test
    void embeddingFiles(@TempDir Path dir) throws Exception {
        EmbeddingTable table = EmbeddingTable.of(IdIndex.ofLongs(1, 2), 2, new float[] {1, 0, 0.5f, -1});
        EmbeddingFormats.save(table, dir.resolve("vectors.txt"), Format.WORD2VEC);
        EmbeddingFormats.save(EmbeddingTable.of(IdIndex.ofStrings("u1"), 2, new float[] {3, 4}),
                dir.resolve("userEmb.csv"), Format.SPARROW);
        // --- docs/data.md, with the paths in a temporary folder ---
        EmbeddingFormats.save(table, dir.resolve("items.r4je"), Format.BINARY);
        EmbeddingTable w2v = EmbeddingFormats.load(dir.resolve("vectors.txt"), Format.WORD2VEC);
        EmbeddingTable users = EmbeddingFormats.load(dir.resolve("userEmb.csv"), Format.SPARROW, IdKind.TEXT);
        // --- end ---
        EmbeddingTable binary = EmbeddingFormats.load(dir.resolve("items.r4je"), Format.BINARY);
        assertArrayEquals(new float[] {0.5f, -1}, binary.vector(binary.ids().indexOf(2L)));
        assertArrayEquals(new float[] {1, 0}, w2v.vector(w2v.ids().indexOf(1L)));
        assertArrayEquals(new float[] {3, 4}, users.vector(users.ids().indexOf("u1")));
    }

    @Test
    void loadExample() throws Exception {
        // --- docs/data.md, LoadExample.main, with the path from SharedData ---
        MovieLensData ml = MovieLens.load(SharedData.dataSet("ml-latest-small"), LoadOptions.lenient());
        Interactions ratings = ml.ratings();          // 100,836 ratings, file order
        ItemCatalog movies = ml.catalog();            // 9,742 movies
        int toyStory = movies.items().indexOf(1);
        Interactions.Csr byUser = ratings.byUser();
        int u = ratings.users().indexOf(1);
        double sum = 0;
        for (int p = byUser.start(u); p < byUser.end(u); p++) {
            int k = byUser.entry(p);                  // the rating row
            long movieId = ratings.items().longId(byUser.other(p));
            float stars = ratings.value(k);
            assertEquals(movieId, ratings.items().longId(ratings.item(k)));
            sum += stars;
        }
        // --- end ---
        assertEquals(100_836, ratings.size());
        assertEquals(9_742, movies.size());
        assertEquals(610, ratings.numUsers());
        assertEquals("Toy Story (1995)", movies.title(toyStory));
        assertEquals(1995, movies.year(toyStory).getAsInt());
        assertEquals(List.of("Adventure", "Animation", "Children", "Comedy", "Fantasy"), movies.genreNames(toyStory));
        assertEquals(232, byUser.degree(u));
        assertEquals(4.37, sum / byUser.degree(u), 0.01);   // user 1 rates generously
    }
}
