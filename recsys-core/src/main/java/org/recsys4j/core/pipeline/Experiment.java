package org.recsys4j.core.pipeline;

import org.recsys4j.core.feature.HashedCross;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An A/B test over pipelines: each user is assigned one variant ({@link Recommender}) by a
 * deterministic hash of the experiment's salt and the user key, in proportion to the variants'
 * weights, so a user always sees the same variant and the assignment is the same on every server.
 * Per-variant counters are each variant's {@link Recommender#metrics()}. Thread-safe.
 *
 * <pre>{@code
 * Experiment ab = Experiment.builder("ranker-test-1")
 *         .addVariant(control, 50)
 *         .addVariant(deepFm, 50)
 *         .build();
 * Recommendation r = ab.recommend(request);   // r.variant() says which one answered
 * }</pre>
 *
 * <p>The hash is FNV-1a (64 bit) over the UTF-8 bytes of {@code salt + '\0' + userKey}, finished with
 * SplitMix64's finaliser ({@link HashedCross#splitmix64}); the bucket is that value modulo the total weight (unsigned). Anonymous
 * requests (no user key) hash the empty key, so they all see one variant. Changing the salt
 * reshuffles users independently of any other experiment.
 */
public final class Experiment {
    private final String salt;
    private final List<Recommender> variants;
    private final int[] cumulative;

    private Experiment(String salt, List<Recommender> variants, List<Integer> weights) {
        this.salt = salt;
        this.variants = List.copyOf(variants);
        this.cumulative = new int[weights.size()];
        int sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            sum += weights.get(i);
            cumulative[i] = sum;
        }
    }

    /**
     * Returns a builder.
     *
     * @param salt the experiment's name, mixed into the hash
     */
    public static Builder builder(String salt) {
        return new Builder(salt);
    }

    /** Returns the variants, in the order they were added. */
    public List<Recommender> variants() {
        return variants;
    }

    /** Returns the variant assigned to a user key (null for anonymous, which hashes the empty key). */
    public Recommender variantFor(String userKey) {
        long bucket = Long.remainderUnsigned(hash(salt, userKey == null ? "" : userKey), cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (bucket < cumulative[i]) {
                return variants.get(i);
            }
        }
        throw new AssertionError("bucket " + bucket + " beyond the total weight");
    }

    /** Returns the recommendation of the variant assigned to the request's user. */
    public Recommendation recommend(RecRequest request) {
        return variantFor(request.userKey().orElse(null)).recommend(request);
    }

    /** Returns every variant's counters, by variant name. */
    public Map<String, PipelineMetrics.Snapshot> metrics() {
        Map<String, PipelineMetrics.Snapshot> out = new LinkedHashMap<>();
        for (Recommender r : variants) {
            out.put(r.name(), r.metrics().snapshot());
        }
        return out;
    }

    static long hash(String salt, String key) {
        long h = 0xcbf29ce484222325L;
        byte[] bytes = (salt + '\0' + key).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return HashedCross.splitmix64(h);
    }

    /** Builds an {@link Experiment}; adding only stores, {@link #build()} checks. */
    public static final class Builder {
        private final String salt;
        private final List<Recommender> variants = new ArrayList<>();
        private final List<Integer> weights = new ArrayList<>();

        private Builder(String salt) {
            this.salt = salt;
        }

        /** Adds a variant with a weight, at least 1; variant names must be distinct. */
        public Builder addVariant(Recommender recommender, int weight) {
            variants.add(recommender);
            weights.add(weight);
            return this;
        }

        /**
         * Returns the experiment.
         *
         * @throws NullPointerException     if the salt or a variant is null
         * @throws IllegalArgumentException if there is no variant, a weight is below 1, a variant name is used
         *                                  twice, or the weights overflow an int
         */
        public Experiment build() {
            Objects.requireNonNull(salt, "salt");
            if (variants.isEmpty()) {
                throw new IllegalArgumentException("variants: none; experiment " + salt + " needs at least one");
            }
            Set<String> names = new HashSet<>();
            long total = 0;
            for (int i = 0; i < variants.size(); i++) {
                Recommender r = Objects.requireNonNull(variants.get(i), "variant " + i);
                int w = weights.get(i);
                if (w < 1) {
                    throw new IllegalArgumentException("weight of variant " + r.name() + ": " + w + ", must be >= 1");
                }
                if (!names.add(r.name())) {
                    throw new IllegalArgumentException("variants: name used twice: " + r.name());
                }
                total += w;
            }
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("weights: total " + total + " is too large (more than an int)");
            }
            return new Experiment(salt, variants, weights);
        }
    }
}
