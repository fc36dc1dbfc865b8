/**
 * Recsys4J embedding module; see {@code docs/architecture.md}. It depends one way on recsys-core and
 * holds the item sequences of item2vec ({@link org.recsys4j.embedding.seq}) and the user vectors
 * derived from item vectors ({@link org.recsys4j.embedding.user}).
 */
package org.recsys4j.embedding;
