package org.recsys4j.recall.channel;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.VersionedLoad;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serves per-user lists computed offline and stored in a feature-store blob namespace (the source
 * system's "store the results offline" option): the value under the request's user key is a
 * {@link ScoredItemList}. The channel returns its first {@code limit} items that the pipeline knows (by
 * external id) and the request does not exclude, with the stored scores.
 *
 * <p>An anonymous request or a missing key gives an empty list; a value that does not decode is the
 * store's {@link org.recsys4j.core.store.CorruptValueException}, which the merger reports as a channel
 * failure. The offline side writes the lists with {@link #write} (one versioned load, so readers switch
 * from the old lists to the new ones at once).
 *
 * <pre>{@code
 * // offline
 * PrecomputedListChannel.write(store, "recs", Map.of("42", ScoredItemList.sorted(ids, scores)));
 * // online
 * PrecomputedListChannel offline = PrecomputedListChannel.builder(store, "recs", catalog.items()).build();
 * }</pre>
 */
public final class PrecomputedListChannel implements CandidateSource {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "offline";

    private final String name;
    private final FeatureStore store;
    private final String namespace;
    private final IdIndex items;

    private PrecomputedListChannel(Builder b) {
        this.name = b.name;
        this.store = b.store;
        this.namespace = b.namespace;
        this.items = b.items;
    }

    /**
     * Returns a builder of a channel reading the lists of a blob namespace; the name starts at
     * {@value #DEFAULT_NAME}. The arguments are checked by {@link Builder#build()}.
     *
     * @param store     the store
     * @param namespace a blob namespace of the store
     * @param items     the pipeline's item ids (external id to dense index)
     * @return the builder
     */
    public static Builder builder(FeatureStore store, String namespace, IdIndex items) {
        return new Builder(store, namespace, items);
    }

    private static String checkBlobs(FeatureStore store, String namespace) {
        NamespaceSpec spec = store.namespace(Objects.requireNonNull(namespace, "namespace"));
        if (spec.kind() != NamespaceSpec.Kind.BLOB) {
            throw new IllegalArgumentException("namespace '" + namespace + "': " + spec.kind()
                    + ", must be a blob namespace");
        }
        return namespace;
    }

    /**
     * Returns the committed version after writing the lists as a new version of the namespace (all or
     * nothing: a failure aborts the load and leaves the previous lists current).
     *
     * @param store     the store
     * @param namespace a blob namespace
     * @param lists     user key to list
     */
    public static long write(FeatureStore store, String namespace, Map<String, ScoredItemList> lists) {
        Objects.requireNonNull(store, "store");
        checkBlobs(store, namespace);
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        for (Map.Entry<String, ScoredItemList> e : lists.entrySet()) {
            blobs.put(Objects.requireNonNull(e.getKey(), "user key"),
                    Objects.requireNonNull(e.getValue(), "list of " + e.getKey()).encode());
        }
        try (VersionedLoad load = store.beginLoad(namespace)) {
            load.putAllBlobs(blobs);
            return load.commit();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        Channels.check(request, limit);
        String key = request.userKey().orElse(null);
        if (key == null) {
            return List.of();
        }
        request.deadline().check("channel '" + name + "' before reading the store");
        byte[] bytes = store.getBlob(namespace, key).orElse(null);
        if (bytes == null) {
            return List.of();
        }
        ScoredItemList list = ScoredItemList.decode(bytes, namespace + "/" + key);
        List<Candidate> out = new ArrayList<>(Math.min(limit, list.size()));
        IntOpenHashSet taken = new IntOpenHashSet();
        long[] ids = list.ids();
        float[] scores = list.scores();
        for (int p = 0; p < ids.length && out.size() < limit; p++) {
            int item = items.indexOf(ids[p]);
            if (item >= 0 && !request.excludes(item) && taken.add(item)) {
                out.add(Candidate.of(item, name, scores[p], out.size()));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "PrecomputedListChannel[" + name + ", namespace " + namespace + "]";
    }

    /**
     * Configures a {@link PrecomputedListChannel}. Setters only store; {@link #build()} checks every value and
     * names the one that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private final FeatureStore store;
        private final String namespace;
        private final IdIndex items;
        private String name = DEFAULT_NAME;

        private Builder(FeatureStore store, String namespace, IdIndex items) {
            this.store = store;
            this.namespace = namespace;
            this.items = items;
        }

        /**
         * Sets the channel name, not blank (default {@value PrecomputedListChannel#DEFAULT_NAME}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Returns the channel.
         *
         * @return the channel
         * @throws NullPointerException     naming {@code store}, {@code namespace} or {@code items} if it is null
         * @throws IllegalArgumentException naming the name if it is blank, or the namespace if it is not a blob
         *                                  namespace of the store
         */
        public PrecomputedListChannel build() {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(items, "items");
            checkBlobs(store, namespace);
            Channels.checkName(name);
            return new PrecomputedListChannel(this);
        }
    }
}
