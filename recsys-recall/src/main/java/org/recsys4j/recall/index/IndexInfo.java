package org.recsys4j.recall.index;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@link ArtifactInfo} of one index: its provenance, and its identity computed on first use (or read from
 * the file) and cached while the index's content stamp (its tombstone count, for an HNSW index) is unchanged.
 * Thread-safe.
 */
final class IndexInfo {
    private final ArtifactInfo provenance;
    private volatile Identified cached;

    private record Identified(long stamp, ArtifactInfo info) {
    }

    private IndexInfo(ArtifactInfo provenance, ArtifactInfo identified, long stamp) {
        this.provenance = provenance;
        this.cached = identified == null ? null : new Identified(stamp, identified);
    }

    /**
     * Returns the info of an index just built from a table: kind, producer, settings (alternating names and
     * values) and the table's content fingerprint as input {@code vectors}.
     */
    static IndexInfo built(String kind, Class<?> producer, EmbeddingTable table, Object... settings) {
        ArtifactInfo.Builder b = ArtifactInfo.builder(kind).withProducer(producer.getName())
                .withInput("vectors", table.info().contentFingerprint().orElseThrow());
        if (!table.info().name().isEmpty()) {
            b.withSetting("vectorsName", table.info().name());
        }
        for (int i = 0; i + 1 < settings.length; i += 2) {
            b.withSetting(String.valueOf(settings[i]), settings[i + 1]);
        }
        return new IndexInfo(b.build(), null, 0);
    }

    /** Returns the info of an index read from a file: as recorded (version 2), or to be computed (version 1). */
    static IndexInfo read(IndexFile.Opened opened, long stamp) {
        ArtifactInfo i = opened.info();
        return i.recorded() ? new IndexInfo(i, i, stamp) : new IndexInfo(i, null, 0);
    }

    /** Returns this info with another provenance of the same kind (the identity is kept). */
    IndexInfo with(ArtifactInfo provenance) {
        Objects.requireNonNull(provenance, "provenance");
        if (!this.provenance.kind().equals(provenance.kind())) {
            throw new IllegalArgumentException("provenance: kind " + provenance.kind() + ", this index's is "
                    + this.provenance.kind());
        }
        ArtifactInfo clean = provenance.toBuilder().build();
        Identified c = cached;
        return new IndexInfo(clean, c == null ? null : clean.identified(c.info.rows(),
                c.info.idsFingerprint().orElse(""), c.info.contentFingerprint().orElseThrow()), c == null ? 0 : c.stamp);
    }

    /** Returns the provenance with the identity of the index's current content. */
    ArtifactInfo get(long stamp, IdIndex ids, IndexFile.Body body) {
        Identified c = cached;
        if (c == null || c.stamp != stamp) {
            c = new Identified(stamp, IndexFile.identify(provenance, ids, body));
            cached = c;
        }
        return c.info;
    }

    /** Saves the index with its info and caches the info written. */
    void save(Path file, int version, long stamp, IdIndex ids, IndexFile.Body body) throws IOException {
        cached = new Identified(stamp, IndexFile.write(file, version, provenance, ids, body));
    }
}
