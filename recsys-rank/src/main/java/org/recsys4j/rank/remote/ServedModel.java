package org.recsys4j.rank.remote;

import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.FeatureRowProvider;
import org.recsys4j.rank.serving.FeatureRows;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;

/**
 * A model as {@link ModelServer} serves it: a name, one or more numbered versions (each a
 * {@link BatchScorer}; the highest is the "latest" that unversioned calls reach) and the name of its
 * one output. Immutable.
 *
 * <p>{@link #ofRanker} serves any {@link Ranker} under the signature {@link #RANKER_INPUTS}
 * ({@code user_index}, {@code item_index}: dense indices, {@code -1} for an unknown user); the client
 * side builds those rows with {@link #rankerRows()}.
 */
public final class ServedModel {
    /** The default output name: {@value}. */
    public static final String DEFAULT_OUTPUT_NAME = "score";
    /** The signature of a served {@link Ranker}: the user's and the candidate's dense indices. */
    public static final List<TensorSpec> RANKER_INPUTS = List.of(TensorSpec.id("user_index"), TensorSpec.id("item_index"));

    private final String name;
    private final NavigableMap<Long, BatchScorer> versions;
    private final String outputName;

    private ServedModel(String name, NavigableMap<Long, BatchScorer> versions, String outputName) {
        this.name = name;
        this.versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
        this.outputName = outputName;
    }

    /** Returns a model with one version and the default output name. */
    public static ServedModel of(String name, long version, BatchScorer scorer) {
        return builder(name).addVersion(version, scorer).build();
    }

    /** Returns a builder. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Returns a model that scores rows of {@link #RANKER_INPUTS} with {@code ranker}: consecutive rows
     * of the same user are scored in one {@link Ranker#score} call, as a batch of bare items
     * ({@link CandidateBatch#ofItems}) for a request of that user (no history, context or provenance: the
     * protocol carries only the two indices).
     */
    public static ServedModel ofRanker(String name, long version, Ranker ranker) {
        return of(name, version, scorerOf(ranker));
    }

    /**
     * Returns a scorer of {@link #RANKER_INPUTS} rows backed by {@code ranker} (see {@link #ofRanker}),
     * e.g. to serve several rankers as versions of one model.
     */
    public static BatchScorer scorerOf(Ranker ranker) {
        return new RankerScorer(Objects.requireNonNull(ranker, "ranker"));
    }

    /** Returns the client-side rows for a model served with {@link #ofRanker}: the request's user index and the items. */
    public static FeatureRowProvider rankerRows() {
        return FeatureRows.builder()
                .addId("user_index", (request, item) -> request.userIndex())
                .addId("item_index", (request, item) -> item)
                .build();
    }

    /** Returns the model's name. */
    public String name() {
        return name;
    }

    /** Returns the versions and their scorers, lowest first. */
    public NavigableMap<Long, BatchScorer> versions() {
        return versions;
    }

    /** Returns the highest version. */
    public long latestVersion() {
        return versions.lastKey();
    }

    /** Returns the output's name. */
    public String outputName() {
        return outputName;
    }

    @Override
    public String toString() {
        return "ServedModel{" + name + ", versions=" + versions.keySet() + "}";
    }

    /**
     * Builds a {@link ServedModel}: {@link #addVersion} adds a version, the setters only record,
     * {@link #build()} checks. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private final List<Long> numbers = new java.util.ArrayList<>();
        private final List<BatchScorer> scorers = new java.util.ArrayList<>();
        private String outputName = DEFAULT_OUTPUT_NAME;

        private Builder(String name) {
            this.name = name;
        }

        /** Adds a version: a number, at least 1 and not added before, and its scorer. */
        public Builder addVersion(long version, BatchScorer scorer) {
            numbers.add(version);
            scorers.add(scorer);
            return this;
        }

        /** Sets the output's name (default {@value ServedModel#DEFAULT_OUTPUT_NAME}). */
        public Builder withOutputName(String output) {
            this.outputName = output;
            return this;
        }

        /**
         * Returns the model.
         *
         * @throws NullPointerException     if the name, a scorer or the output name is null
         * @throws IllegalArgumentException if the name has other characters than letters, digits, '_', '.',
         *                                  '-', a version is below 1 or added twice, or none was added
         */
        public ServedModel build() {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("name: '" + name + "', must be letters, digits, '_', '.' or '-'");
            }
            Objects.requireNonNull(outputName, "outputName");
            if (numbers.isEmpty()) {
                throw new IllegalArgumentException("versions: none, model '" + name + "' needs at least one");
            }
            TreeMap<Long, BatchScorer> versions = new TreeMap<>();
            for (int i = 0; i < numbers.size(); i++) {
                long version = numbers.get(i);
                if (version < 1) {
                    throw new IllegalArgumentException("version: " + version + ", must be >= 1");
                }
                BatchScorer scorer = Objects.requireNonNull(scorers.get(i), "scorer of version " + version);
                if (versions.put(version, scorer) != null) {
                    throw new IllegalArgumentException("version " + version + " of model '" + name + "' added twice");
                }
            }
            return new ServedModel(name, versions, outputName);
        }
    }

    /** Scores {@link #RANKER_INPUTS} rows with a ranker, one call per run of rows of the same user. */
    private record RankerScorer(Ranker ranker) implements BatchScorer {
        @Override
        public List<TensorSpec> inputs() {
            return RANKER_INPUTS;
        }

        @Override
        public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
            long[] users = batch.longs(0);
            long[] items = batch.longs(1);
            int n = batch.rows();
            for (int r = 0; r < n; r++) {
                if (items[r] < 0 || items[r] > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("item_index of instance " + r + ": " + items[r] + ", must be >= 0");
                }
                if (users[r] < -1 || users[r] > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("user_index of instance " + r + ": " + users[r] + ", must be >= -1");
                }
            }
            int from = 0;
            while (from < n) {
                int to = from + 1;
                while (to < n && users[to] == users[from]) {
                    to++;
                }
                int[] ids = new int[to - from];
                for (int r = from; r < to; r++) {
                    ids[r - from] = (int) items[r];
                }
                double[] s = new double[ids.length];
                RecRequest request = RecRequest.builder(1).withUser(null, (int) users[from]).build().withDeadline(deadline);
                ranker.score(request, CandidateBatch.ofItems(ids), s);
                System.arraycopy(s, 0, out, offset + from, s.length);
                from = to;
            }
        }

        @Override
        public String toString() {
            return "ranker " + ranker.name();
        }
    }
}
