package org.recsys4j.examples.generic;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 15's must-show: the main sources of the three library modules that sit on top of core
 * (recsys-embedding, recsys-recall, recsys-rank) hold no MovieLens assumption. A grep of every file of their
 * {@code src/main} for {@code 3.5} (MovieLens' "liked" threshold), {@code genre}, {@code year} and
 * {@code movie} (case-insensitive) finds nothing outside {@link #ALLOWED}, the short list of documented
 * MovieLens adapters, each with its reason. Components name attributes ({@code CategoryChannel.builder(catalog,
 * "category", ...)}) and take thresholds as arguments; the MovieLens choices (the genres and year
 * attributes, ratings of at least 3.5) are stated where MovieLens is used: core.movielens, the examples, the
 * CLI, the server, the guides and tests.
 *
 * <p>An entry that no longer matches anything fails too, so the list stays as short as the truth.
 */
class MovieLensLeakTest {
    /** The words of issue 15 (case-insensitive; {@code 3.5} literally). */
    private static final Pattern WORDS = Pattern.compile("3\\.5|genre|year|movie", Pattern.CASE_INSENSITIVE);

    /** The module source trees searched, relative to the repository root. */
    private static final List<String> ROOTS = List.of(
            "recsys-embedding/src/main", "recsys-recall/src/main", "recsys-rank/src/main");

    /** The documented MovieLens adapters: file (relative to the repository root) → why it may say so. */
    private static final Map<String, String> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("recsys-rank/src/main/java/org/recsys4j/rank/ctr/ProtocolC.java",
                "protocol C (docs/protocols.md) is the MovieLens CTR protocol: its fields are movieId, genres and "
                        + "year by definition; its javadoc says it is a MovieLens adapter");
        ALLOWED.put("recsys-rank/src/main/java/org/recsys4j/rank/ctr/ProtocolCFeatureProvider.java",
                "serves protocol C's MovieLens fields (movieId, genres, year, favouriteGenres) to the DeepFM "
                        + "ranker of the MovieLens demo server; the generic sample builder of issue 15 item 3 "
                        + "replaces it for other data");
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("recsys-recall")) && Files.isDirectory(p.resolve("recsys-rank"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + here);
    }

    @Test
    void theLibraryModulesMainSourcesNameNoMovieLensAssumptionOutsideTheDocumentedAdapters() throws IOException {
        Path root = repositoryRoot();
        List<String> hits = new ArrayList<>();
        Set<String> allowedHit = new LinkedHashSet<>();
        int files = 0;
        for (String r : ROOTS) {
            Path dir = root.resolve(r);
            assertTrue(Files.isDirectory(dir), dir + " is missing");
            List<Path> all;
            try (Stream<Path> s = Files.walk(dir)) {
                all = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : all) {
                files++;
                String rel = root.relativize(f).toString().replace('\\', '/');
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = WORDS.matcher(lines.get(i));
                    if (m.find()) {
                        if (ALLOWED.containsKey(rel)) {
                            allowedHit.add(rel);
                        } else {
                            hits.add(rel + ":" + (i + 1) + ": '" + m.group() + "' in: " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertTrue(files > 100, "only " + files + " files searched under " + ROOTS);
        if (!hits.isEmpty()) {
            fail(hits.size() + " line(s) of the library modules name a MovieLens assumption (" + WORDS.pattern()
                    + "); name an attribute or take the value as an argument, or move the MovieLens convenience to "
                    + "core.movielens or the examples:\n  " + String.join("\n  ", hits));
        }
        List<String> stale = new ArrayList<>(ALLOWED.keySet());
        stale.removeAll(allowedHit);
        assertTrue(stale.isEmpty(), "allow-list entries that match nothing any more (remove them): " + stale);
    }

    @Test
    void theWordsAreFoundWhereTheyAre() {
        // the pattern itself: what it must catch and what it must not
        for (String hit : List.of("Feedback.ratingsAtLeast(3.5)", "catalog.genreVocabulary()", "GenreChannel",
                "Newest.byYear", "releaseYear", "a Movie", "MOVIELENS", "withMinRating(3.5)")) {
            assertTrue(WORDS.matcher(hit).find(), hit);
        }
        for (String clean : List.of("CategoryChannel.builder(catalog, \"category\", log)", "0.35", "35", "3,5",
                "Newest.byAttribute", "threshold")) {
            assertTrue(!WORDS.matcher(clean).find(), clean);
        }
    }
}
