package org.recsys4j.recall.channel;

/** How one channel fared in one {@link MultiChannelRecall} call. */
public enum ChannelStatus {
    /** The channel answered in time with at least one candidate. */
    OK,
    /** The channel answered in time with no candidate (it could not serve the request). */
    EMPTY,
    /** The channel missed the deadline; it was cancelled (interrupted) and its answer dropped. */
    TIMED_OUT,
    /** The channel threw (or broke its contract, e.g. returned null); the message says why. */
    FAILED,
    /** The stage executor was saturated (every thread busy, the queue full): the channel was not run. */
    REJECTED
}
