package org.recsys4j.core.sample;

import it.unimi.dsi.fastutil.ints.IntArrays;

import java.util.Arrays;

/**
 * The events of one key at one second, buffered until an event of a later second arrives, then handed out in
 * fold order: by (major key, sequence) ascending. Shared by {@link UserAsOf} (major key = the item's rank in
 * id order) and {@link ItemAsOf} (major key 0: sequence order). Allocates nothing once its buffers have grown.
 */
final class AsOfGroup {
    private long timestamp;
    private boolean started;
    private int size;
    private long[] major = new long[8];
    private long[] sequence = new long[8];
    private int[] item = new int[8];
    private float[] value = new float[8];
    private boolean[] positive = new boolean[8];
    private int[] order = new int[8];

    /** Forgets every event and the last timestamp (a new key). */
    void reset() {
        started = false;
        size = 0;
    }

    /** Returns true if an event was added since the last reset. */
    boolean started() {
        return started;
    }

    /** Returns the second of the buffered group (valid when {@link #started()}). */
    long timestamp() {
        return timestamp;
    }

    /** Returns the number of buffered events. */
    int size() {
        return size;
    }

    /**
     * Returns true if an event at {@code ts} starts a new second (the buffered group, if any, must be folded first).
     *
     * @throws IllegalArgumentException if {@code ts} is before the buffered group's second
     */
    boolean isNewSecond(long ts, String key) {
        if (!started) {
            return true;
        }
        if (ts < timestamp) {
            throw new IllegalArgumentException("timestamp: " + ts + " is before the previous event's " + timestamp
                    + " of this " + key + "; feed one " + key + "'s events in time order (nondecreasing timestamps)");
        }
        return ts > timestamp;
    }

    /** Empties the buffer and starts the group of second {@code ts}. */
    void start(long ts) {
        started = true;
        timestamp = ts;
        size = 0;
    }

    void add(long majorKey, long seq, int it, float v, boolean pos) {
        if (size == major.length) {
            int cap = size * 2;
            major = Arrays.copyOf(major, cap);
            sequence = Arrays.copyOf(sequence, cap);
            item = Arrays.copyOf(item, cap);
            value = Arrays.copyOf(value, cap);
            positive = Arrays.copyOf(positive, cap);
            order = Arrays.copyOf(order, cap);
        }
        major[size] = majorKey;
        sequence[size] = seq;
        item[size] = it;
        value[size] = v;
        positive[size] = pos;
        size++;
    }

    /** Sorts the buffered events into fold order: major key, then sequence, ascending. */
    void sort() {
        for (int r = 0; r < size; r++) {
            order[r] = r;
        }
        if (size > 32) {
            IntArrays.quickSort(order, 0, size,
                    (a, b) -> major[a] != major[b] ? Long.compare(major[a], major[b]) : Long.compare(sequence[a], sequence[b]));
            return;
        }
        for (int r = 1; r < size; r++) {
            int x = order[r];
            int j = r - 1;
            while (j >= 0 && after(order[j], x)) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
    }

    private boolean after(int a, int b) {
        return major[a] != major[b] ? major[a] > major[b] : sequence[a] > sequence[b];
    }

    /** Returns the item of the {@code r}-th event in fold order. */
    int item(int r) {
        return item[order[r]];
    }

    /** Returns the value of the {@code r}-th event in fold order. */
    float value(int r) {
        return value[order[r]];
    }

    /** Returns whether the {@code r}-th event in fold order is positive. */
    boolean positive(int r) {
        return positive[order[r]];
    }

    /** Marks the group folded (empty; the second is kept to check the order of what follows). */
    void clear() {
        size = 0;
    }
}
