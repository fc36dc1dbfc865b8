package org.recsys4j.core.sample;

/**
 * The running count, positives, sum and sum of squares of one key's event values, and the aggregates derived from
 * them: the one definition {@link UserAsOf} and {@link ItemAsOf} share.
 */
final class Moments {
    private int count;
    private int positives;
    private double sum;
    private double sumSquares;

    /** Forgets every event. */
    void reset() {
        count = 0;
        positives = 0;
        sum = 0;
        sumSquares = 0;
    }

    /** Adds one event's value and whether it is positive. */
    void add(double v, boolean positive) {
        count++;
        sum += v;
        sumSquares += v * v;
        positives += positive ? 1 : 0;
    }

    int count() {
        return count;
    }

    int positiveCount() {
        return positives;
    }

    double mean() {
        return count == 0 ? 0.0 : sum / count;
    }

    double stddev() {
        return SampleSet.std(count, sum, sumSquares);
    }

    double positiveRate() {
        return count == 0 ? 0.0 : (double) positives / count;
    }
}
