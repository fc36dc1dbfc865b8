package org.recsys4j.embedding.word2vec;

import java.util.Arrays;

/**
 * The Huffman tree of hierarchical softmax, built as word2vec.c's {@code CreateBinaryTree}: tokens are
 * ranked by count (descending, ties by lower index) and the two least frequent nodes merged repeatedly.
 * Each token with a vector gets a code (the branch bits from the root) and the inner nodes on its path
 * (rows of {@code syn1}, {@code 0 .. size-2}, the root being {@code size-2}). Immutable.
 */
final class HuffmanTree {
    private final int[] offset;   // by vocabulary index; codes/points of index i are [offset[i], offset[i+1])
    private final byte[] codes;
    private final int[] points;
    private final int innerNodes;

    private HuffmanTree(int[] offset, byte[] codes, int[] points, int innerNodes) {
        this.offset = offset;
        this.codes = codes;
        this.points = points;
        this.innerNodes = innerNodes;
    }

    /** Returns the tree over the vocabulary indices whose {@code active} flag is set (all if null). */
    static HuffmanTree build(int[] counts, boolean[] active) {
        int v = counts.length;
        int n = 0;
        for (int i = 0; i < v; i++) {
            if (active == null || active[i]) {
                n++;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0, j = 0; i < v; i++) {
            if (active == null || active[i]) {
                order[j++] = i;
            }
        }
        Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Integer.compare(counts[b], counts[a])
                : Integer.compare(a, b));
        long[] count = new long[2 * n + 1];
        int[] binary = new int[2 * n + 1];
        int[] parent = new int[2 * n + 1];
        for (int a = 0; a < n; a++) {
            count[a] = counts[order[a]];
        }
        for (int a = n; a < 2 * n; a++) {
            count[a] = Long.MAX_VALUE / 4;
        }
        int pos1 = n - 1;
        int pos2 = n;
        for (int a = 0; a < n - 1; a++) {
            int min1;
            int min2;
            if (pos1 >= 0 && count[pos1] < count[pos2]) {
                min1 = pos1--;
            } else {
                min1 = pos2++;
            }
            if (pos1 >= 0 && count[pos1] < count[pos2]) {
                min2 = pos1--;
            } else {
                min2 = pos2++;
            }
            count[n + a] = count[min1] + count[min2];
            parent[min1] = n + a;
            parent[min2] = n + a;
            binary[min2] = 1;
        }
        int root = 2 * n - 2;
        int[] len = new int[v];
        for (int a = 0; a < n; a++) {
            int l = 0;
            for (int b = a; b != root && n > 1; b = parent[b]) {
                l++;
            }
            len[order[a]] = l;
        }
        int[] offset = new int[v + 1];
        for (int i = 0; i < v; i++) {
            offset[i + 1] = offset[i] + len[i];
        }
        byte[] codes = new byte[offset[v]];
        int[] points = new int[offset[v]];
        for (int a = 0; a < n; a++) {
            int w = order[a];
            int l = len[w];
            int o = offset[w];
            int i = 0;
            for (int b = a; i < l; b = parent[b], i++) {
                // the edge above node b is bit binary[b]; it is decided at inner node parent[b]
                codes[o + l - 1 - i] = (byte) binary[b];
                points[o + l - 1 - i] = parent[b] - n;
            }
        }
        return new HuffmanTree(offset, codes, points, Math.max(0, n - 1));
    }

    /** Returns the number of inner nodes (rows of {@code syn1}). */
    int innerNodes() {
        return innerNodes;
    }

    /** Returns the code length of vocabulary index {@code i} (0 without a vector or in a one-token tree). */
    int codeLength(int i) {
        return offset[i + 1] - offset[i];
    }

    /** Returns where index {@code i}'s bits and points start in {@link #codes()} / {@link #points()}. */
    int offset(int i) {
        return offset[i];
    }

    /** Returns the code of index {@code i} as a string of '0' and '1', root first (for tests and debugging). */
    String code(int i) {
        StringBuilder b = new StringBuilder();
        for (int p = offset[i]; p < offset[i + 1]; p++) {
            b.append(codes[p]);
        }
        return b.toString();
    }

    /** Returns the inner nodes on index {@code i}'s path, root first. */
    int[] path(int i) {
        return Arrays.copyOfRange(points, offset[i], offset[i + 1]);
    }

    byte[] codes() {
        return codes;
    }

    int[] points() {
        return points;
    }

    int[] offsets() {
        return offset;
    }
}
