package org.recsys4j.recall.index;

import java.util.Arrays;

/**
 * A growable binary min-heap of {@code long}s, the primitive priority queue of graph searches: a
 * (score, row) pair is packed into one long by {@link #encode} so that comparing longs compares scores
 * first (then rows), as Lucene's {@code NeighborQueue} does. A max-heap is this heap over {@code ~code}.
 * Not thread-safe; reused across searches by one thread.
 */
final class LongHeap {
    private long[] heap;
    private int size;

    LongHeap(int capacity) {
        heap = new long[Math.max(1, capacity)];
    }

    /** Packs a score (higher is better) and a row into a long ordered by score, then row. */
    static long encode(float score, int row) {
        int bits = Float.floatToIntBits(score);
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) bits << 32) | (row & 0xFFFFFFFFL);
    }

    /** Returns the score of a packed pair. */
    static float score(long code) {
        int bits = (int) (code >>> 32);
        bits ^= (bits >> 31) & 0x7fffffff;
        return Float.intBitsToFloat(bits);
    }

    /** Returns the row of a packed pair. */
    static int row(long code) {
        return (int) code;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    long peek() {
        return heap[0];
    }

    void push(long v) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        int i = size++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            long pv = heap[p];
            if (pv <= v) {
                break;
            }
            heap[i] = pv;
            i = p;
        }
        heap[i] = v;
    }

    long pop() {
        long top = heap[0];
        long v = heap[--size];
        int n = size;
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            long cv = heap[c];
            if (c + 1 < n && heap[c + 1] < cv) {
                c++;
                cv = heap[c];
            }
            if (v <= cv) {
                break;
            }
            heap[i] = cv;
            i = c;
        }
        if (n > 0) {
            heap[i] = v;
        }
        return top;
    }
}
