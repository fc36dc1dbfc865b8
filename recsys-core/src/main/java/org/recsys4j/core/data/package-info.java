/**
 * The data layer: dense id indices ({@link org.recsys4j.core.data.IdIndex}), the columnar
 * interaction log with CSR views ({@link org.recsys4j.core.data.Interactions}), the item
 * catalogue ({@link org.recsys4j.core.data.ItemCatalog}) and embedding tables
 * ({@link org.recsys4j.core.data.EmbeddingTable}).
 */
package org.recsys4j.core.data;
