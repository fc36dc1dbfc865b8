package org.recsys4j.spark;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensFormat;

import java.io.IOException;
import java.nio.file.Path;

/** Reads a MovieLens directory's catalogue alone (no ratings), as {@code MovieLens.load} builds it. */
final class MovieLensCatalog {
    private MovieLensCatalog() {
    }

    static ItemCatalog read(Path dir) throws IOException {
        MovieLensFormat format = MovieLens.detect(dir);
        return CatalogReader.builder(MovieLens.catalogMapping(format)).build().read(dir.resolve(format.itemsFile()))
                .data();
    }
}
