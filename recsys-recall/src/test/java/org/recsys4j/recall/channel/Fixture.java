package org.recsys4j.recall.channel;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;

import java.util.List;

/**
 * The small hand-made data set of the channel tests.
 *
 * <pre>
 * item (dense) id title      genres          tags
 * 0            1  A (1990)   Comedy          funny
 * 1            2  B (1995)   Comedy, Drama
 * 2            3  C (2001)   Drama           dark
 * 3            4  D (2010)   Action
 * 4            5  E (2015)   Action, Comedy  "Funny "
 * 5            6  F          Drama
 * genre vocabulary: Action = 0, Comedy = 1, Drama = 2
 *
 * user (dense, id)  (item, rating, time)
 * 0 (10)            (0, 5, 100) (1, 4, 200) (2, 3, 300)
 * 1 (11)            (0, 4, 150) (1, 5, 250) (3, 2, 400)
 * 2 (12)            (1, 3, 500) (3, 4, 600) (4, 5, 700)
 * 3 (13)            (0, 3, 800)
 * </pre>
 */
final class Fixture {
    static final ItemCatalog CATALOG = catalog();
    static final Interactions LOG = log();

    private Fixture() {
    }

    private static ItemCatalog catalog() {
        ItemCatalog.Builder b = ItemCatalog.builder()
                .add(1, "A (1990)", List.of("Comedy"))
                .add(2, "B (1995)", List.of("Comedy", "Drama"))
                .add(3, "C (2001)", List.of("Drama"))
                .add(4, "D (2010)", List.of("Action"))
                .add(5, "E (2015)", List.of("Action", "Comedy"))
                .add(6, "F", List.of("Drama"));
        b.addTag(1, new ItemCatalog.Tag(10, "funny", 1));
        b.addTag(3, new ItemCatalog.Tag(10, "dark", 1));
        b.addTag(5, new ItemCatalog.Tag(11, "Funny ", 1));
        return b.build();
    }

    private static Interactions log() {
        IdIndex users = IdIndex.ofLongs(10, 11, 12, 13);
        return Interactions.builder(users, CATALOG.items())
                .add(0, 0, 5, 100).add(0, 1, 4, 200).add(0, 2, 3, 300)
                .add(1, 0, 4, 150).add(1, 1, 5, 250).add(1, 3, 2, 400)
                .add(2, 1, 3, 500).add(2, 3, 4, 600).add(2, 4, 5, 700)
                .add(3, 0, 3, 800)
                .build();
    }

    /** Returns the items of a list, in order. */
    static int[] items(List<Candidate> list) {
        return list.stream().mapToInt(Candidate::item).toArray();
    }

    /** Returns the scores of a list, in order. */
    static double[] scores(List<Candidate> list) {
        return list.stream().mapToDouble(Candidate::score).toArray();
    }
}
