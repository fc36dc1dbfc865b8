package org.recsys4j.embedding.word2vec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HuffmanTreeTest {
    @Test
    void word2vecCodesForFourTokens() {
        // word2vec.c's CreateBinaryTree on counts {5, 3, 2, 1}: merges 1+2 -> node 0, node 0 + 3 -> node 1,
        // 5 + node 1 -> node 2 (the root)
        HuffmanTree t = HuffmanTree.build(new int[] {5, 3, 2, 1}, null);
        assertEquals(3, t.innerNodes());
        assertEquals("0", t.code(0));
        assertEquals("11", t.code(1));
        assertEquals("101", t.code(2));
        assertEquals("100", t.code(3));
        assertArrayEquals(new int[] {2}, t.path(0));
        assertArrayEquals(new int[] {2, 1}, t.path(1));
        assertArrayEquals(new int[] {2, 1, 0}, t.path(2));
        assertArrayEquals(new int[] {2, 1, 0}, t.path(3));
    }

    @Test
    void vocabularyOrderDoesNotMatterAndInactiveTokensGetNoCode() {
        HuffmanTree t = HuffmanTree.build(new int[] {2, 7, 1, 5, 3}, new boolean[] {true, false, true, true, true});
        // the same tree as {5, 3, 2, 1} at indices 3, 4, 0, 2
        assertEquals("0", t.code(3));
        assertEquals("11", t.code(4));
        assertEquals("101", t.code(0));
        assertEquals("100", t.code(2));
        assertEquals(0, t.codeLength(1));
    }

    @Test
    void codesArePrefixFreeAndComplete() {
        int[] counts = new int[50];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 1 + (i * 37) % 101;
        }
        HuffmanTree t = HuffmanTree.build(counts, null);
        double kraft = 0;
        for (int i = 0; i < counts.length; i++) {
            kraft += Math.pow(2, -t.codeLength(i));
            for (int j = 0; j < counts.length; j++) {
                if (i != j) {
                    assertEquals(false, t.code(j).startsWith(t.code(i)), i + " prefixes " + j);
                }
            }
            assertEquals(t.innerNodes() - 1, t.path(i)[0]); // every path starts at the root
        }
        assertEquals(1.0, kraft, 1e-12);
    }

    @Test
    void oneTokenHasAnEmptyCode() {
        HuffmanTree t = HuffmanTree.build(new int[] {4}, null);
        assertEquals(0, t.innerNodes());
        assertEquals(0, t.codeLength(0));
    }
}
