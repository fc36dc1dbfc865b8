package org.recsys4j.core.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only column of non-negative ints stored in fixed-size chunks of the narrowest primitive type that holds
 * its largest value (bytes up to 255, chars up to 65,535, else ints): no growth copies, no trimming copy, and 1 or
 * 2 bytes a value where the values allow. Package use: the snapshot lists of a {@link SampleSet}.
 */
final class PackedInts {
    private static final int SHIFT = 16;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private final int width;            // 1, 2 or 4 bytes
    private final List<Object> chunks = new ArrayList<>();
    private Object last;
    private int size;

    /** Returns an empty column for values in {@code [0, maxValue]}. */
    PackedInts(int maxValue) {
        if (maxValue < 0) {
            throw new IllegalArgumentException("maxValue: " + maxValue);
        }
        width = maxValue <= 0xFF ? 1 : maxValue <= 0xFFFF ? 2 : 4;
    }

    void add(int v) {
        int at = size & MASK;
        if (at == 0) {
            last = width == 1 ? new byte[CHUNK] : width == 2 ? new char[CHUNK] : new int[CHUNK];
            chunks.add(last);
        }
        switch (width) {
            case 1 -> ((byte[]) last)[at] = (byte) v;
            case 2 -> ((char[]) last)[at] = (char) v;
            default -> ((int[]) last)[at] = v;
        }
        size++;
    }

    int get(int index) {
        Object c = chunks.get(index >>> SHIFT);
        int at = index & MASK;
        return switch (width) {
            case 1 -> ((byte[]) c)[at] & 0xFF;
            case 2 -> ((char[]) c)[at];
            default -> ((int[]) c)[at];
        };
    }

    int size() {
        return size;
    }

    /** Returns the bytes held (chunks allocated). */
    long bytes() {
        return (long) chunks.size() * CHUNK * width;
    }
}
