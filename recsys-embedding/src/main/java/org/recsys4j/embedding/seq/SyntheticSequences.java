package org.recsys4j.embedding.seq;

import org.recsys4j.core.data.IdIndex;

import org.recsys4j.core.util.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Generates item sequences with planted structure, for testing and benchmarking sequence embeddings:
 * {@code numItems} items are split into {@code numTopics} clusters (item index {@code i} belongs to topic
 * {@code i % numTopics}); each sequence picks a topic uniformly and draws its tokens from that topic with a
 * Zipf-like popularity (the {@code r}-th item of a topic has weight {@code 1 / (r + 1)^zipf}). With probability
 * {@code noise} a token is instead drawn uniformly from all items, and with probability {@code overlap} from
 * the topic's partner ({@link #partnerOf}: topics {@code 2j} and {@code 2j+1} are partners) with the same
 * popularity; at {@code overlap = 0.5} partner topics cannot be told apart, so quality thresholds fail. Item ids are {@code 1 .. numItems} (numeric). A fixed seed gives the same corpus.
 *
 * <pre>{@code
 * SyntheticSequences s = SyntheticSequences.builder().items(1000).topics(10).sequences(2000)
 *         .length(10, 30).noise(0.15).seed(3).build();
 * SequenceCorpus c = s.corpus();
 * s.topicOf(17);            // 7
 * s.write(Path.of("seq.txt"));   // one sequence per line, space-separated ids, for gensim
 * }</pre>
 *
 * <p>The protocol-W corpus (50,000 items, about 20M tokens) is generated in a few seconds.
 */
public final class SyntheticSequences {
    private final SequenceCorpus corpus;
    private final int numTopics;
    private final int[] sequenceTopics;

    private SyntheticSequences(SequenceCorpus corpus, int numTopics, int[] sequenceTopics) {
        this.corpus = corpus;
        this.numTopics = numTopics;
        this.sequenceTopics = sequenceTopics;
    }

    /**
     * Returns a builder preset to the protocol-W throughput corpus: 50,000 items in 100 topics, 400,000 sequences
     * of 20–80 tokens (about 20M tokens), 15% noise, Zipf 1, seed 1. Generating it takes a few seconds and about
     * 80 MB; {@link #write(Path)} it to feed the same corpus to gensim.
     */
    public static Builder protocolW() {
        return builder().items(50_000).topics(100).sequences(400_000).length(20, 80).noise(0.15).zipf(1).seed(1);
    }

    /** Returns a builder with small defaults (1,000 items, 10 topics, 2,000 sequences of 10–30 tokens). */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the generated corpus; its vocabulary holds the ids {@code 1 .. numItems} in index order. */
    public SequenceCorpus corpus() {
        return corpus;
    }

    /** Returns the number of planted topics. */
    public int numTopics() {
        return numTopics;
    }

    /**
     * Returns the planted topic of item index {@code index}: {@code index % numTopics}.
     *
     * @throws IllegalArgumentException if the index is outside the vocabulary
     */
    public int topicOf(int index) {
        if (index < 0 || index >= corpus.vocabulary().size()) {
            throw new IllegalArgumentException("index: " + index + ", must be in [0, " + corpus.vocabulary().size()
                    + ")");
        }
        return index % numTopics;
    }

    /** Returns the planted topic of every item index. */
    public int[] topics() {
        int[] t = new int[corpus.vocabulary().size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = i % numTopics;
        }
        return t;
    }

    /**
     * Returns the partner of topic {@code topic}, from which a share {@code overlap} of its sequences' tokens
     * are drawn: {@code topic ^ 1}, except that with an odd number of topics the last one's partner is topic 0
     * (and a single topic is its own partner).
     */
    public int partnerOf(int topic) {
        if (topic < 0 || topic >= numTopics) {
            throw new IllegalArgumentException("topic: " + topic + ", must be in [0, " + numTopics + ")");
        }
        return partner(topic, numTopics);
    }

    private static int partner(int topic, int topics) {
        int p = topic ^ 1;
        return p < topics ? p : 0;
    }

    /** Returns the topic sequence {@code s} was drawn from. */
    public int sequenceTopic(int s) {
        return sequenceTopics[s];
    }

    /**
     * Writes the corpus as text, one sequence per line of space-separated item ids, atomically (a temporary
     * file in the same folder, then moved over {@code file}), so that another trainer (gensim's
     * {@code LineSentence}) can read the very same corpus.
     *
     * @throws UncheckedIOException naming the file if writing fails (the temporary file is removed)
     */
    public void write(Path file) {
        Objects.requireNonNull(file, "file");
        IdIndex vocab = corpus.vocabulary();
        int[] tokens = corpus.tokensView();
        writeText(file, w -> {
            for (int s = 0; s < corpus.numSequences(); s++) {
                for (int p = corpus.start(s), e = corpus.end(s); p < e; p++) {
                    if (p > corpus.start(s)) {
                        w.write(' ');
                    }
                    w.write(vocab.id(tokens[p]));
                }
                w.write('\n');
            }
        });
    }

    /**
     * Writes each item's planted topic, one {@code id topic} line per item, atomically: the format the
     * word2vec anchors' purity check reads ({@code CORPUS.topics}).
     *
     * @throws UncheckedIOException naming the file if writing fails
     */
    public void writeTopics(Path file) {
        Objects.requireNonNull(file, "file");
        IdIndex vocab = corpus.vocabulary();
        writeText(file, w -> {
            for (int i = 0; i < vocab.size(); i++) {
                w.write(vocab.id(i));
                w.write(' ');
                w.write(Integer.toString(topicOf(i)));
                w.write('\n');
            }
        });
    }

    private interface TextBody {
        void write(Writer w) throws IOException;
    }

    private static void writeText(Path file, TextBody body) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            AtomicFiles.write(file, out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                body.write(w);
                w.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    @Override
    public String toString() {
        return "SyntheticSequences[" + numTopics + " topics, " + corpus + "]";
    }

    /** Returns {@link SyntheticSequences}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private int items = 1000;
        private int topics = 10;
        private int sequences = 2000;
        private int minLength = 10;
        private int maxLength = 30;
        private double noise = 0.1;
        private double overlap = 0;
        private double zipf = 1.0;
        private long seed = 1;

        private Builder() {
        }

        /** Sets the number of items, at least 1. */
        public Builder items(int items) {
            if (items < 1) {
                throw new IllegalArgumentException("items: " + items + ", must be >= 1");
            }
            this.items = items;
            return this;
        }

        /** Sets the number of topics (clusters), at least 1 and at most the number of items (checked at build). */
        public Builder topics(int topics) {
            if (topics < 1) {
                throw new IllegalArgumentException("topics: " + topics + ", must be >= 1");
            }
            this.topics = topics;
            return this;
        }

        /** Sets the number of sequences, at least 1. */
        public Builder sequences(int sequences) {
            if (sequences < 1) {
                throw new IllegalArgumentException("sequences: " + sequences + ", must be >= 1");
            }
            this.sequences = sequences;
            return this;
        }

        /** Sets the sequence length range: each length is drawn uniformly from {@code [min, max]}, {@code 1 <= min <= max}. */
        public Builder length(int min, int max) {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("length: [" + min + ", " + max + "], must have 1 <= min <= max");
            }
            this.minLength = min;
            this.maxLength = max;
            return this;
        }

        /** Sets the share of tokens drawn uniformly from all items, in {@code [0, 1]} (default 0.1). */
        public Builder noise(double noise) {
            if (!(noise >= 0 && noise <= 1)) {
                throw new IllegalArgumentException("noise: " + noise + ", must be in [0, 1]");
            }
            this.noise = noise;
            return this;
        }

        /** Sets the share of tokens drawn from the partner topic, in {@code [0, 1]} (default 0). */
        public Builder overlap(double overlap) {
            if (!(overlap >= 0 && overlap <= 1)) {
                throw new IllegalArgumentException("overlap: " + overlap + ", must be in [0, 1]");
            }
            this.overlap = overlap;
            return this;
        }

        /** Sets the popularity exponent within a topic, finite and at least 0 (default 1; 0 = uniform). */
        public Builder zipf(double zipf) {
            if (!(zipf >= 0) || Double.isInfinite(zipf)) {
                throw new IllegalArgumentException("zipf: " + zipf + ", must be finite and >= 0");
            }
            this.zipf = zipf;
            return this;
        }

        /** Sets the random seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Generates the sequences.
         *
         * @throws IllegalArgumentException if there are more topics than items, or the corpus would exceed
         *                                  {@code Integer.MAX_VALUE - 8} tokens
         */
        public SyntheticSequences build() {
            if (topics > items) {
                throw new IllegalArgumentException("topics: " + topics + ", must be <= items " + items);
            }
            if (noise + overlap > 1 + 1e-12) {
                throw new IllegalArgumentException("noise + overlap: " + noise + " + " + overlap + ", must be <= 1");
            }
            if ((long) sequences * maxLength > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("sequences × maxLength: " + sequences + " × " + maxLength
                        + " exceeds " + (Integer.MAX_VALUE - 8) + " tokens");
            }
            long[] ids = new long[items];
            for (int i = 0; i < items; i++) {
                ids[i] = i + 1L;
            }
            IdIndex vocab = IdIndex.ofLongs(ids);
            // cumulative popularity over ranks, one table per topic size (sizes differ by at most one)
            int small = items / topics;
            int large = small + (items % topics == 0 ? 0 : 1);
            double[] cumSmall = cumulative(small);
            double[] cumLarge = cumulative(large);
            int bigTopics = items % topics; // topics 0 .. bigTopics-1 have `large` items
            long state = seed;
            SequenceCorpus.Builder b = SequenceCorpus.builder(vocab);
            int[] seq = new int[maxLength];
            int[] seqTopics = new int[sequences];
            for (int s = 0; s < sequences; s++) {
                state += GOLDEN;
                int topic = (int) (((mix(state) >>> 32) * topics) >>> 32);
                seqTopics[s] = topic;
                state += GOLDEN;
                int len = minLength + (int) (((mix(state) >>> 32) * (maxLength - minLength + 1L)) >>> 32);
                for (int p = 0; p < len; p++) {
                    state += GOLDEN;
                    long r = mix(state);
                    double u = (r >>> 11) * 0x1.0p-53;
                    state += GOLDEN;
                    double v = (mix(state) >>> 11) * 0x1.0p-53;
                    if (u < noise) {
                        seq[p] = (int) (v * items);
                        continue;
                    }
                    int t = u < noise + overlap ? partner(topic, topics) : topic;
                    double[] cum = t < bigTopics ? cumLarge : cumSmall;
                    int rank = Arrays.binarySearch(cum, v * cum[cum.length - 1]);
                    rank = rank >= 0 ? rank + 1 : -rank - 1;
                    rank = Math.min(rank, cum.length - 1);
                    seq[p] = t + rank * topics;
                }
                b.add(seq, 0, len);
            }
            return new SyntheticSequences(b.build(), topics, seqTopics);
        }

        private double[] cumulative(int n) {
            double[] c = new double[Math.max(1, n)];
            double sum = 0;
            for (int r = 0; r < c.length; r++) {
                sum += 1 / Math.pow(r + 1, zipf);
                c[r] = sum;
            }
            return c;
        }
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
