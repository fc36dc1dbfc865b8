package org.recsys4j.core.feature;

/**
 * Returns, through its constants, the kind byte of an encoder file (see {@link EncoderFormat}).
 *
 * <p>The codes are part of the file format and never change; a new encoder takes a new code.
 */
public enum EncoderKind {
    /** {@link Vocabulary}. */
    VOCABULARY(1),
    /** {@link MultiHot}. */
    MULTI_HOT(2),
    /** {@link MinMaxScaler}. */
    MIN_MAX(3),
    /** {@link StandardScaler}. */
    STANDARD(4),
    /** {@link QuantileBuckets}. */
    QUANTILE_BUCKETS(5),
    /** {@link LabelThreshold}. */
    LABEL_THRESHOLD(6),
    /** {@link HashedCross}. */
    HASHED_CROSS(7),
    /** {@link TimeContext}. */
    TIME_CONTEXT(8),
    /** A whole fitted {@link FittedSchema}: named features, each with its encoder. */
    SCHEMA(64);

    private final int code;

    EncoderKind(int code) {
        this.code = code;
    }

    /** Returns the byte written in the file for this kind. */
    public int code() {
        return code;
    }

    /** Returns the kind of a file code, or {@code null} if no kind has it. */
    static EncoderKind ofCode(int code) {
        for (EncoderKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
