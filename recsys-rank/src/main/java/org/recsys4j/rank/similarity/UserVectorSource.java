package org.recsys4j.rank.similarity;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.NamespaceSpec;

import java.util.Objects;
import java.util.Optional;

/**
 * Returns the vector of the user of a request, if there is one (not for an anonymous or unknown
 * user): from an {@link EmbeddingTable} looked up by the request's user key or user index, or from a
 * vector namespace of a {@link FeatureStore}. Implementations are safe to call from many threads.
 */
public interface UserVectorSource {
    /** Returns the dimension of the vectors, or 0 if it is not known in advance. */
    int dim();

    /**
     * Returns the user's vector (a copy the caller may modify), or empty if the source has none for this
     * request.
     *
     * @param request the request
     */
    Optional<float[]> userVector(RecRequest request);

    /**
     * Returns a source that finds {@link RecRequest#userKey()} among the table's ids (e.g. a
     * {@code UserVectors} table keyed by external user id); an anonymous request or an unknown key has
     * no vector.
     *
     * @param users the user vectors, keyed by external user id
     */
    static UserVectorSource byKey(EmbeddingTable users) {
        Objects.requireNonNull(users, "users");
        return new UserVectorSource() {
            @Override
            public int dim() {
                return users.dim();
            }

            @Override
            public Optional<float[]> userVector(RecRequest request) {
                String key = request.userKey().orElse(null);
                if (key == null) {
                    return Optional.empty();
                }
                int row = users.ids().indexOf(key);
                return row < 0 ? Optional.empty() : Optional.of(users.vector(row));
            }
        };
    }

    /**
     * Returns a source whose row {@code u} is the vector of user index {@code u} ({@link RecRequest#userIndex()}):
     * the layout of factor tables trained on the interactions' own user index (ALS). A user index of -1 or
     * beyond the table has no vector.
     *
     * @param users the user vectors, one row per user index
     */
    static UserVectorSource byIndex(EmbeddingTable users) {
        Objects.requireNonNull(users, "users");
        return new UserVectorSource() {
            @Override
            public int dim() {
                return users.dim();
            }

            @Override
            public Optional<float[]> userVector(RecRequest request) {
                int u = request.userIndex();
                return u < 0 || u >= users.size() ? Optional.empty() : Optional.of(users.vector(u));
            }
        };
    }

    /**
     * Returns a source that reads {@link RecRequest#userKey()} from a vector namespace (one {@code get});
     * an anonymous request, a missing key or an empty vector has no vector. A store failure propagates.
     *
     * @param store     the store (not closed by the source)
     * @param namespace a vector namespace (checked now)
     * @throws IllegalArgumentException if the namespace holds blobs
     */
    static UserVectorSource fromStore(FeatureStore store, String namespace) {
        Objects.requireNonNull(store, "store");
        NamespaceSpec spec = store.namespace(Objects.requireNonNull(namespace, "namespace"));
        if (spec.kind() != NamespaceSpec.Kind.VECTOR) {
            throw new IllegalArgumentException("namespace '" + namespace + "' holds " + spec.kind()
                    + " values, need VECTOR");
        }
        return new UserVectorSource() {
            @Override
            public int dim() {
                return spec.dimension();
            }

            @Override
            public Optional<float[]> userVector(RecRequest request) {
                String key = request.userKey().orElse(null);
                if (key == null) {
                    return Optional.empty();
                }
                request.deadline().check("user vector, before reading the store");
                float[] v = store.get(namespace, key).orElse(null);
                return v == null || v.length == 0 ? Optional.empty() : Optional.of(v);
            }
        };
    }
}
