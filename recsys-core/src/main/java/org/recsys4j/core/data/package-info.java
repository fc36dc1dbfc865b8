/**
 * The data layer: dense id indices ({@link org.recsys4j.core.data.IdIndex}), the columnar
 * interaction log with CSR views ({@link org.recsys4j.core.data.Interactions}) and the item
 * catalogue ({@link org.recsys4j.core.data.ItemCatalog}).
 */
package org.recsys4j.core.data;
