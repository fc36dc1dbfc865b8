/**
 * Recsys4J embedding module; see {@code docs/architecture.md}: training corpora of item sequences
 * ({@link org.recsys4j.embedding.seq}) and matrix factorisation by alternating least squares
 * ({@link org.recsys4j.embedding.mf}). Depends on recsys-core only.
 */
package org.recsys4j.embedding;
