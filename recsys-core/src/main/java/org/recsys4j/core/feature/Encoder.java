package org.recsys4j.core.feature;

/**
 * A fitted, immutable feature encoder; {@link #kind()} returns which of the fixed set of encoders it is.
 *
 * <p>Every encoder is fitted once (by its {@code Trainer}, or built directly when it has nothing to
 * learn) and then only read, so one instance may be shared by any number of threads. Every encoder
 * saves and loads through {@link EncoderFormat}; the set is closed so that the file format stays
 * closed too.
 */
public sealed interface Encoder
        permits Vocabulary, MultiHot, MinMaxScaler, StandardScaler, QuantileBuckets, LabelThreshold,
        HashedCross, TimeContext {

    /** Returns the kind of this encoder, as written in its file. */
    EncoderKind kind();
}
