/**
 * Small allocation-free utilities for the hot paths of the library, such as
 * {@link org.recsys4j.core.util.IntDoubleTopK}, a bounded primitive heap that keeps the best
 * (id, score) pairs without boxing.
 */
package org.recsys4j.core.util;
