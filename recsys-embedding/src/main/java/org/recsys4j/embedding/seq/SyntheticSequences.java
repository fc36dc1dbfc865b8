package org.recsys4j.embedding.seq;

import org.recsys4j.core.data.IdIndex;

import org.recsys4j.core.util.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
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
 * SyntheticSequences s = SyntheticSequences.builder().withItems(1000).withTopics(10).withSequences(2000)
 *         .withMinLength(10).withMaxLength(30).withNoise(0.15).withSeed(3).build();
 * SequenceCorpus c = s.corpus();
 * s.topicAt(17);            // 7: the topic of vocabulary index 17 (item id 18)
 * s.write(Path.of("seq.txt"));   // one sequence per line, space-separated ids, for gensim
 * }</pre>
 *
 * <p>The protocol-W corpus (50,000 items, about 20M tokens) is generated in a few seconds.
 */
public final class SyntheticSequences {
    /** The default number of items. */
    public static final int DEFAULT_ITEMS = 1000;
    /** The default number of planted topics. */
    public static final int DEFAULT_TOPICS = 10;
    /** The default number of sequences. */
    public static final int DEFAULT_SEQUENCES = 2000;
    /** The default shortest sequence. */
    public static final int DEFAULT_MIN_LENGTH = 10;
    /** The default longest sequence. */
    public static final int DEFAULT_MAX_LENGTH = 30;
    /** The default share of tokens drawn uniformly from all items. */
    public static final double DEFAULT_NOISE = 0.1;
    /** The default share of tokens drawn from the partner topic. */
    public static final double DEFAULT_OVERLAP = 0;
    /** The default popularity exponent within a topic. */
    public static final double DEFAULT_ZIPF = 1.0;
    /** The default random seed. */
    public static final long DEFAULT_SEED = 1;

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
        return builder().withItems(50_000).withTopics(100).withSequences(400_000).withMinLength(20).withMaxLength(80)
                .withNoise(0.15).withZipf(1).withSeed(1);
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values, small ones (1,000 items, 10 topics,
     * 2,000 sequences of 10–30 tokens).
     *
     * @return the builder
     */
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
     * Returns the planted topic of vocabulary index {@code index} (item id {@code index + 1}):
     * {@code index % numTopics}.
     *
     * @param index a dense index of the corpus vocabulary
     * @return its topic
     * @throws IllegalArgumentException if the index is outside the vocabulary
     */
    public int topicAt(int index) {
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
     * @param file the target (its folder is created if missing)
     * @throws IOException if writing fails (the target is then unchanged and the temporary file removed)
     */
    public void write(Path file) throws IOException {
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
     * @param file the target (its folder is created if missing)
     * @throws IOException if writing fails (the target is then unchanged)
     */
    public void writeTopics(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        IdIndex vocab = corpus.vocabulary();
        writeText(file, w -> {
            for (int i = 0; i < vocab.size(); i++) {
                w.write(vocab.id(i));
                w.write(' ');
                w.write(Integer.toString(topicAt(i)));
                w.write('\n');
            }
        });
    }

    private interface TextBody {
        void write(Writer w) throws IOException;
    }

    private static void writeText(Path file, TextBody body) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            body.write(w);
            w.flush();
        });
    }

    @Override
    public String toString() {
        return "SyntheticSequences[" + numTopics + " topics, " + corpus + "]";
    }

    /**
     * Returns {@link SyntheticSequences}. Setters only store; {@link #build()} checks every value and names the
     * one out of range. Not thread-safe.
     */
    public static final class Builder {
        private int items = DEFAULT_ITEMS;
        private int topics = DEFAULT_TOPICS;
        private int sequences = DEFAULT_SEQUENCES;
        private int minLength = DEFAULT_MIN_LENGTH;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private double noise = DEFAULT_NOISE;
        private double overlap = DEFAULT_OVERLAP;
        private double zipf = DEFAULT_ZIPF;
        private long seed = DEFAULT_SEED;

        private Builder() {
        }

        /** Sets the number of items, at least 1 (default {@value SyntheticSequences#DEFAULT_ITEMS}). */
        public Builder withItems(int items) {
            this.items = items;
            return this;
        }

        /**
         * Sets the number of topics (clusters), at least 1 and at most the number of items (default
         * {@value SyntheticSequences#DEFAULT_TOPICS}).
         */
        public Builder withTopics(int topics) {
            this.topics = topics;
            return this;
        }

        /** Sets the number of sequences, at least 1 (default {@value SyntheticSequences#DEFAULT_SEQUENCES}). */
        public Builder withSequences(int sequences) {
            this.sequences = sequences;
            return this;
        }

        /**
         * Sets the shortest sequence, at least 1 and at most the longest (default
         * {@value SyntheticSequences#DEFAULT_MIN_LENGTH}); each length is drawn uniformly from
         * {@code [minLength, maxLength]}.
         */
        public Builder withMinLength(int min) {
            this.minLength = min;
            return this;
        }

        /** Sets the longest sequence, at least the shortest (default {@value SyntheticSequences#DEFAULT_MAX_LENGTH}). */
        public Builder withMaxLength(int max) {
            this.maxLength = max;
            return this;
        }

        /**
         * Sets the share of tokens drawn uniformly from all items, in {@code [0, 1]} (default
         * {@value SyntheticSequences#DEFAULT_NOISE}).
         */
        public Builder withNoise(double noise) {
            this.noise = noise;
            return this;
        }

        /**
         * Sets the share of tokens drawn from the partner topic, in {@code [0, 1]} (default
         * {@value SyntheticSequences#DEFAULT_OVERLAP}); noise plus overlap is at most 1.
         */
        public Builder withOverlap(double overlap) {
            this.overlap = overlap;
            return this;
        }

        /**
         * Sets the popularity exponent within a topic, finite and at least 0 (default
         * {@value SyntheticSequences#DEFAULT_ZIPF}; 0 = uniform).
         */
        public Builder withZipf(double zipf) {
            this.zipf = zipf;
            return this;
        }

        /** Sets the random seed (default {@value SyntheticSequences#DEFAULT_SEED}). */
        public Builder withSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Generates the sequences.
         *
         * @throws IllegalArgumentException naming the option out of range: a count below 1, more topics than
         *                                  items, a length range with {@code 1 <= min <= max} broken, shares
         *                                  outside [0, 1] or summing past 1, or a corpus that would exceed
         *                                  {@code Integer.MAX_VALUE - 8} tokens
         */
        public SyntheticSequences build() {
            if (items < 1) {
                throw new IllegalArgumentException("items: " + items + ", must be >= 1");
            }
            if (topics < 1) {
                throw new IllegalArgumentException("topics: " + topics + ", must be >= 1");
            }
            if (sequences < 1) {
                throw new IllegalArgumentException("sequences: " + sequences + ", must be >= 1");
            }
            if (minLength < 1 || maxLength < minLength) {
                throw new IllegalArgumentException("length: [" + minLength + ", " + maxLength
                        + "], must have 1 <= minLength <= maxLength");
            }
            if (!(noise >= 0 && noise <= 1)) {
                throw new IllegalArgumentException("noise: " + noise + ", must be in [0, 1]");
            }
            if (!(overlap >= 0 && overlap <= 1)) {
                throw new IllegalArgumentException("overlap: " + overlap + ", must be in [0, 1]");
            }
            if (!(zipf >= 0) || Double.isInfinite(zipf)) {
                throw new IllegalArgumentException("zipf: " + zipf + ", must be finite and >= 0");
            }
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
