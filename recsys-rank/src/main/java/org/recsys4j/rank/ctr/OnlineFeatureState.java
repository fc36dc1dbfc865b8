package org.recsys4j.rank.ctr;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleFeatures;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.util.AtomicFiles;
import org.recsys4j.rank.internal.ArtifactContainer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SampleFeatureProvider} reads online from a {@link CtrSamples} encoding, without its samples: the
 * {@link SampleSpec}, the fitted encoders ({@link CtrSamples#features()}) and the tables made from them, each catalogue
 * item's item aggregates over the whole history the samples were built from ({@link SampleSet#currentAggregate}, the
 * latest as-of values), whether the user ids are numeric, and the samples' part sizes. A server that loads it starts
 * without a pass over the samples (at the ml-25m shape protocol C's 24.7 million samples took about a minute), and
 * serves the same rows: every value is computed from it by the code that computes it from the samples
 * ({@link CtrSamples#onlineState()} is this state).
 *
 * <p>Not in it: the user side. The user aggregates are read from the provider's {@link org.recsys4j.core.store.FeatureStore}
 * (filled, e.g., from {@link CtrSamples#userAggregates}) and the positives from its {@link SampleFeatureProvider.PositiveHistory};
 * the item attributes come from the catalogue given to {@link #load}, whose item ids must be those the state was
 * built over.
 *
 * <p><b>File</b> ({@link #save}, format {@code R4JO} version {@value #FORMAT_VERSION}; big-endian; the frame is rank's
 * shared {@link ArtifactContainer}'s: magic, version, {@link ArtifactInfo} block of kind {@value #KIND}, CRC-32 of
 * every byte):
 * <pre>
 * UTF    the spec ({@link SampleSpec#toString()}), checked against the spec given to {@link #load}
 * bool   numeric user ids
 * int32  fit, validation and test sample counts
 * int32  catalogue size n, UTF the fingerprint of its item ids ({@link Fingerprints#ids})
 * int32  length L, L bytes: the fitted encoders as {@link FittedSchema#write} writes them ({@code R4JF})
 * int32  item aggregates m; m × (UTF the aggregate's name, n × float64 its raw value per catalogue item)
 * </pre>
 * Written to a temporary file then moved into place. Reading checks the frame, then the spec, the catalogue, the
 * encoders (as {@code FeatureSchema.read} checks them against the spec's encoding) and the aggregates; each failure is
 * a {@link DataFileException} naming the file and the part. The content fingerprint ({@link #info()}) is the
 * SHA-256 of the payload with the encoders replaced by their content fingerprint, so two builds from the same
 * samples have one. Immutable and thread-safe.
 *
 * <pre>{@code
 * CtrSamples data = CtrSamples.of(SampleSet.build(ratings, catalog, spec));    // offline, once
 * data.onlineState().save(Path.of("ranker.state"));
 * // the server, later: no samples built
 * OnlineFeatureState state = OnlineFeatureState.load(Path.of("ranker.state"), spec, catalog);
 * CtrModel model = CtrModel.load(Path.of("ranker.ctr"), state.features());    // refused if trained on other encoders
 * SampleFeatureProvider rows = SampleFeatureProvider.of(state, store, "user_stats");
 * }</pre>
 */
public final class OnlineFeatureState {
    /** The artifact kind of the info block. */
    public static final String KIND = "online-feature-state";
    /** The format version written (and the newest read). */
    public static final int FORMAT_VERSION = 1;
    static final int MAGIC = 0x52344A4F; // "R4JO"
    private static final ArtifactContainer CONTAINER = new ArtifactContainer(MAGIC, "online feature state",
            FORMAT_VERSION, 1, KIND);

    private final SampleSpec spec;
    private final ItemCatalog catalog;
    private final FittedSchema<Integer> features;
    private final CtrSamples.Tables tables;
    private final CtrSchema schema;
    private final boolean numericUsers;
    private final int[] counts;
    /** Per item aggregate of the spec (in order): the raw value of each catalogue item. */
    private final double[][] itemAggregates;
    private final List<Aggregate> itemAggregateOrder;
    private volatile ArtifactInfo info;

    private OnlineFeatureState(SampleSpec spec, ItemCatalog catalog, FittedSchema<Integer> features,
                               CtrSamples.Tables tables, boolean numericUsers, int[] counts, double[][] itemAggregates) {
        this.spec = spec;
        this.catalog = catalog;
        this.features = features;
        this.tables = tables;
        this.schema = tables.schema();
        this.numericUsers = numericUsers;
        this.counts = counts;
        this.itemAggregates = itemAggregates;
        this.itemAggregateOrder = tables.aggregates(false);
    }

    /** Returns the state of {@code data}: its item aggregates computed over its samples' history, as served. */
    static OnlineFeatureState of(CtrSamples data) {
        SampleSet samples = data.samples();
        CtrSamples.Tables t = data.tables();
        List<Aggregate> items = t.aggregates(false);
        int n = samples.catalog().size();
        double[][] values = new double[items.size()][n];
        for (int j = 0; j < items.size(); j++) {
            for (int i = 0; i < n; i++) {
                values[j][i] = samples.currentAggregate(items.get(j), i);
            }
        }
        int[] counts = new int[Part.values().length];
        for (Part p : Part.values()) {
            counts[p.ordinal()] = samples.count(p);
        }
        return new OnlineFeatureState(samples.spec(), samples.catalog(), data.features(), t,
                samples.history().users().isNumeric(), counts, values);
    }

    /** Returns the spec the samples were built under. */
    public SampleSpec spec() {
        return spec;
    }

    /** Returns the catalogue the item features are read from. */
    public ItemCatalog catalog() {
        return catalog;
    }

    /**
     * Returns the fitted encoders (the same content fingerprint as the samples' {@link CtrSamples#features()}; bound to
     * no sample: encoding a row by sample index fails).
     */
    public FittedSchema<Integer> features() {
        return features;
    }

    /** Returns the input schema of the rows ({@link CtrSamples#schema()}). */
    public CtrSchema schema() {
        return schema;
    }

    /** Returns the numerics, the aggregates then the affinities ({@link CtrSamples#numerics()}). */
    public List<String> numerics() {
        return schema.numericNames();
    }

    /** Returns the user aggregates among the numerics, in order: the vector a provider reads from its store. */
    public List<String> userNumerics() {
        return tables.numericNames(true);
    }

    /** Returns whether the samples' user ids are numeric (a request's user key is then parsed as a number). */
    public boolean numericUsers() {
        return numericUsers;
    }

    /** Returns the number of samples of a part when the state was made (e.g. to size training budgets). */
    public int count(Part part) {
        return counts[Objects.requireNonNull(part, "part").ordinal()];
    }

    /**
     * Returns an item aggregate of a catalogue item over the whole history ({@link SampleSet#currentAggregate}), raw.
     *
     * @param a    an item aggregate of the spec
     * @param item a dense catalogue index
     * @return the value
     * @throws IllegalArgumentException if {@code a} is not an item aggregate of the spec
     */
    public double itemAggregate(Aggregate a, int item) {
        int j = itemAggregateOrder.indexOf(Objects.requireNonNull(a, "a"));
        if (j < 0) {
            throw new IllegalArgumentException("a: " + a + " is not an item aggregate of the spec " + itemAggregateOrder);
        }
        return itemAggregates[j][Objects.checkIndex(item, catalog.size())];
    }

    /** The encoders' lookup tables, shared with {@link SampleFeatureProvider}. */
    CtrSamples.Tables tables() {
        return tables;
    }

    /**
     * Returns what the state is: kind {@value #KIND}, the spec as a setting, the encoders' content fingerprint as the
     * input {@value CtrTrainer#ENCODERS}, rows = the catalogue's items, their ids' fingerprint and the content
     * fingerprint (see the class comment). Computed on first call.
     */
    public ArtifactInfo info() {
        ArtifactInfo i = info;
        if (i == null) {
            i = ArtifactInfo.builder(KIND).withProducer(OnlineFeatureState.class.getName())
                    .withSetting("spec", spec.toString()).withInput(CtrTrainer.ENCODERS, encodersFingerprint()).build()
                    .identified(catalog.size(), Fingerprints.ids(catalog.items()), Fingerprints.bytes(payload(true)));
            info = i;
        }
        return i;
    }

    private String encodersFingerprint() {
        return features.info().contentFingerprint().orElseThrow();
    }

    /**
     * Writes the state to {@code file} through a temporary file and an atomic move.
     *
     * @param file the destination; replaced if it exists
     * @throws IOException if writing fails; the previous file, if any, is then unchanged
     */
    public void save(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        AtomicFiles.write(file, CONTAINER.toBytes(info(), payload(false)));
    }

    /** Returns the payload; {@code canonical}: the encoders as their content fingerprint (what the identity digests). */
    private byte[] payload(boolean canonical) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + itemAggregates.length * catalog.size() * 8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(spec.toString());
            out.writeBoolean(numericUsers);
            for (int c : counts) {
                out.writeInt(c);
            }
            out.writeInt(catalog.size());
            out.writeUTF(Fingerprints.ids(catalog.items()));
            if (canonical) {
                out.writeUTF(encodersFingerprint());
            } else {
                ByteArrayOutputStream enc = new ByteArrayOutputStream();
                features.write(enc);
                out.writeInt(enc.size());
                enc.writeTo(out);
            }
            out.writeInt(itemAggregates.length);
            for (int j = 0; j < itemAggregates.length; j++) {
                out.writeUTF(itemAggregateOrder.get(j).name());
                for (double v : itemAggregates[j]) {
                    out.writeDouble(v);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a state written by {@link #save}, for samples built under {@code spec} over {@code catalog}'s items.
     *
     * @param file    the file
     * @param spec    the spec the samples were built under (the file's must be equal)
     * @param catalog the catalogue the item attributes are read from (its item ids must be the file's)
     * @return the state
     * @throws DataFileException naming the file and the part if the file is not a valid state (wrong kind, version,
     *                           checksum, truncated), was built under another spec or over other items, or holds
     *                           encoders that are not the spec's encoding
     * @throws IOException       if reading fails
     */
    public static OnlineFeatureState load(Path file, SampleSpec spec, ItemCatalog catalog) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(catalog, "catalog");
        return fromBytes(Files.readAllBytes(file), file.toString(), spec, catalog);
    }

    static OnlineFeatureState fromBytes(byte[] b, String source, SampleSpec spec, ItemCatalog catalog)
            throws DataFileException {
        ArtifactContainer.Frame frame = CONTAINER.open(b, source);
        try (DataInputStream in = frame.payload()) {
            String savedSpec = in.readUTF();
            if (!savedSpec.equals(spec.toString())) {
                throw new DataFileException(source, 0, "spec", savedSpec, "built under another sample spec than "
                        + spec + "; build the state again");
            }
            boolean numericUsers = in.readBoolean();
            int[] counts = new int[Part.values().length];
            for (int p = 0; p < counts.length; p++) {
                counts[p] = in.readInt();
                if (counts[p] < 0) {
                    throw new DataFileException(source, 0, "counts", Integer.toString(counts[p]),
                            "a negative sample count of " + Part.values()[p]);
                }
            }
            int n = in.readInt();
            String ids = in.readUTF();
            String expected = Fingerprints.ids(catalog.items());
            if (n != catalog.size() || !ids.equals(expected)) {
                throw new DataFileException(source, 0, "items", n + " items " + Fingerprints.abbreviate(ids),
                        "built over other items than the catalogue's " + catalog.size() + " items "
                                + Fingerprints.abbreviate(expected) + "; build the state again");
            }
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new DataFileException(source, 0, "encoders", "length " + length, "impossible length of the "
                        + "encoders block (" + in.available() + " bytes left)");
            }
            byte[] enc = new byte[length];
            in.readFully(enc);
            FittedSchema<Integer> features = SampleFeatures.schema(spec, catalog, numericUsers,
                    catalog.items().isNumeric(), NO_SAMPLES).read(new ByteArrayInputStream(enc), source + " (encoders)");
            CtrSamples.Tables tables = new CtrSamples.Tables(spec, catalog, features);
            List<Aggregate> order = tables.aggregates(false);
            int m = in.readInt();
            if (m != order.size()) {
                throw new DataFileException(source, 0, "aggregates", Integer.toString(m),
                        "the spec has " + order.size() + " item aggregates " + order);
            }
            double[][] values = new double[m][n];
            for (int j = 0; j < m; j++) {
                String name = in.readUTF();
                if (!name.equals(order.get(j).name())) {
                    throw new DataFileException(source, 0, "aggregates", name, "item aggregate " + j + " is "
                            + name + " in the file, " + order.get(j) + " in the spec");
                }
                for (int i = 0; i < n; i++) {
                    values[j][i] = in.readDouble();
                }
            }
            ArtifactContainer.requireEnd(in, source, "item aggregates");
            OnlineFeatureState state = new OnlineFeatureState(spec, catalog, features, tables, numericUsers, counts,
                    values);
            String content = frame.info().flatMap(ArtifactInfo::contentFingerprint).orElse("");
            String computed = state.info().contentFingerprint().orElseThrow();
            if (!content.equals(computed)) {
                throw new DataFileException(source, 0, "info", Fingerprints.abbreviate(content),
                        "the recorded content fingerprint is not the content's " + Fingerprints.abbreviate(computed));
            }
            state.info = frame.info().orElseThrow();   // what the file records (its creation time included)
            return state;
        } catch (EOFException e) {
            throw new DataFileException(source, 0, "body", "", "truncated", e);
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFileException(source, 0, "body", "", e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "OnlineFeatureState[" + schema + "; " + catalog.size() + " items, fit " + count(Part.FIT)
                + ", validation " + count(Part.VALIDATION) + ", test " + count(Part.TEST) + "]";
    }

    /** The rows of a state's encoders: there are none; the online features never call the extractors. */
    private static final SampleFeatures.Source<Integer> NO_SAMPLES = new SampleFeatures.Source<>() {
        private UnsupportedOperationException none() {
            return new UnsupportedOperationException("an online feature state holds no samples to encode");
        }

        @Override
        public long userId(Integer row) {
            throw none();
        }

        @Override
        public String userKey(Integer row) {
            throw none();
        }

        @Override
        public long itemId(Integer row) {
            throw none();
        }

        @Override
        public String itemKey(Integer row) {
            throw none();
        }

        @Override
        public List<String> itemValues(Integer row, String attribute) {
            throw none();
        }

        @Override
        public double itemNumber(Integer row, String attribute) {
            throw none();
        }

        @Override
        public long[] recentPositiveIds(Integer row) {
            throw none();
        }

        @Override
        public List<String> recentPositiveKeys(Integer row) {
            throw none();
        }

        @Override
        public List<String> favouriteValues(Integer row, int f) {
            throw none();
        }

        @Override
        public double aggregate(Integer row, Aggregate a) {
            throw none();
        }

        @Override
        public double affinity(Integer row, int f) {
            throw none();
        }

        @Override
        public long itemCrossKey(Integer row) {
            throw none();
        }

        @Override
        public long firstRecentCrossKey(Integer row) {
            throw none();
        }
    };
}
