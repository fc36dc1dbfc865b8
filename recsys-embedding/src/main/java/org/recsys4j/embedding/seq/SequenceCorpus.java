package org.recsys4j.embedding.seq;

import org.recsys4j.core.data.IdIndex;

import java.util.Arrays;
import java.util.Objects;

/**
 * Returns token sequences over a vocabulary: the input of every sequence-based embedding trainer
 * (item2vec, and DeepWalk / Node2vec through their random walks).
 *
 * <p>Tokens are dense indices of {@link #vocabulary()} (typically the item index of an
 * {@code Interactions}); all sequences are stored back to back in one {@code int[]}, so a corpus of
 * tens of millions of tokens costs four bytes per token. Immutable and safe to share between threads.
 *
 * <pre>{@code
 * SequenceCorpus c = SequenceCorpus.builder(IdIndex.ofLongs(10, 20, 30))
 *         .add(new int[] {0, 1, 2}).add(new int[] {2, 1}).build();
 * c.numTokens();          // 5
 * c.tokenCounts()[1];     // 2
 * }</pre>
 */
public final class SequenceCorpus {
    private final IdIndex vocabulary;
    private final int[] tokens;
    private final long[] offsets;
    private final int[] counts;

    private SequenceCorpus(IdIndex vocabulary, int[] tokens, long[] offsets) {
        this.vocabulary = vocabulary;
        this.tokens = tokens;
        this.offsets = offsets;
        this.counts = new int[vocabulary.size()];
        for (int t : tokens) {
            counts[t]++;
        }
    }

    /**
     * Returns a corpus of the given sequences (copied).
     *
     * @throws IllegalArgumentException naming the sequence and position of a token outside the vocabulary
     */
    public static SequenceCorpus of(IdIndex vocabulary, int[]... sequences) {
        Builder b = builder(vocabulary);
        for (int[] s : sequences) {
            b.add(s);
        }
        return b.build();
    }

    /** Returns a builder that appends sequences over {@code vocabulary}. */
    public static Builder builder(IdIndex vocabulary) {
        return new Builder(Objects.requireNonNull(vocabulary, "vocabulary"));
    }

    /** Returns the vocabulary whose dense indices the tokens are. */
    public IdIndex vocabulary() {
        return vocabulary;
    }

    /** Returns the number of sequences. */
    public int numSequences() {
        return offsets.length - 1;
    }

    /** Returns the total number of tokens. */
    public long numTokens() {
        return tokens.length;
    }

    /** Returns the position of the first token of sequence {@code s} in {@link #tokenAt}'s numbering. */
    public int start(int s) {
        return (int) offsets[s];
    }

    /** Returns the position after the last token of sequence {@code s}. */
    public int end(int s) {
        return (int) offsets[s + 1];
    }

    /** Returns the length of sequence {@code s}. */
    public int length(int s) {
        return end(s) - start(s);
    }

    /** Returns the token at a global position in {@code [0, numTokens())}. */
    public int tokenAt(int position) {
        return tokens[position];
    }

    /** Returns a copy of sequence {@code s}. */
    public int[] sequence(int s) {
        return Arrays.copyOfRange(tokens, start(s), end(s));
    }

    /**
     * Returns the backing token array, read-only by contract (trainers read it without copying);
     * sequence {@code s} is {@code [start(s), end(s))}.
     */
    public int[] tokensView() {
        return tokens;
    }

    /** Returns how often each vocabulary index occurs, indexed by dense index (a copy). */
    public int[] tokenCounts() {
        return counts.clone();
    }

    /** Returns how often vocabulary index {@code token} occurs. */
    public int count(int token) {
        return counts[token];
    }

    /** Returns the number of vocabulary entries that occur at least once. */
    public int distinctTokens() {
        int n = 0;
        for (int c : counts) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "SequenceCorpus[" + numSequences() + " sequences, " + numTokens() + " tokens, " + distinctTokens()
                + " distinct of " + vocabulary.size() + "]";
    }

    /**
     * Returns {@link SequenceCorpus}es built by appending sequences; not thread-safe. Like every builder of the
     * library it only stores: {@link #build()} reports the first bad sequence.
     */
    public static final class Builder {
        private final IdIndex vocabulary;
        private int[] tokens = new int[1024];
        private long[] offsets = new long[64];
        private int size;
        private int sequences;
        private RuntimeException problem;

        private Builder(IdIndex vocabulary) {
            this.vocabulary = vocabulary;
        }

        /**
         * Appends a sequence (copied); an empty one is skipped. Its tokens are dense indices of the vocabulary,
         * checked by {@link #build()}.
         */
        public Builder add(int[] sequence) {
            return sequence == null ? add(null, 0, 0) : add(sequence, 0, sequence.length);
        }

        /** Appends {@code sequence[from .. to)}; an empty range is skipped. Checked by {@link #build()} as {@link #add(int[])}. */
        public Builder add(int[] sequence, int from, int to) {
            if (problem != null) {
                return this;
            }
            if (sequence == null) {
                problem = new NullPointerException("sequence " + sequences);
                return this;
            }
            if (to <= from) {
                return this;
            }
            int n = vocabulary.size();
            for (int p = from; p < to; p++) {
                if (sequence[p] < 0 || sequence[p] >= n) {
                    problem = new IllegalArgumentException("sequence " + sequences + " position " + (p - from) + ": token "
                            + sequence[p] + " is outside the vocabulary of " + n);
                    return this;
                }
            }
            int len = to - from;
            if ((long) size + len > Integer.MAX_VALUE - 8) {
                problem = new IllegalArgumentException("corpus too large: more than " + (Integer.MAX_VALUE - 8) + " tokens");
                return this;
            }
            if (size + len > tokens.length) {
                tokens = Arrays.copyOf(tokens, (int) Math.min(Integer.MAX_VALUE - 8L,
                        Math.max((long) size + len, tokens.length * 2L)));
            }
            System.arraycopy(sequence, from, tokens, size, len);
            size += len;
            if (sequences + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            sequences++;
            offsets[sequences] = size;
            return this;
        }

        /**
         * Returns the corpus of the sequences added so far.
         *
         * @throws IllegalArgumentException naming the sequence and position of the first token outside the
         *     vocabulary ({@code "sequence 1 position 1: token 4 is outside the vocabulary of 4"}), or if the corpus
         *     would exceed {@code Integer.MAX_VALUE - 8} tokens
         * @throws NullPointerException     naming the sequence if one was null
         */
        public SequenceCorpus build() {
            if (problem instanceof NullPointerException e) {
                throw new NullPointerException(e.getMessage());
            }
            if (problem != null) {
                throw new IllegalArgumentException(problem.getMessage());
            }
            return new SequenceCorpus(vocabulary, Arrays.copyOf(tokens, size), Arrays.copyOf(offsets, sequences + 1));
        }
    }
}
