package org.recsys4j.embedding.word2vec;

/**
 * How negative samples are drawn from the smoothed unigram distribution {@code count^nsExponent}.
 * Both give the same distribution (up to the table's rounding); they differ in memory and cache use.
 */
public enum NegativeSampler {
    /**
     * word2vec.c's table: an {@code int[]} in which each token fills a share of the entries proportional to
     * {@code count^nsExponent}; one random index per draw. word2vec.c uses 10^8 entries; here the table has
     * {@code 100} entries per token with a vector, at least 10^6 and at most 10^8.
     */
    TABLE,
    /**
     * Walker's alias method (Vose's construction): two arrays of one entry per token with a vector, one random
     * index and one coin per draw; exact and cache-friendly for any vocabulary size.
     */
    ALIAS
}
