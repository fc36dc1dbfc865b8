/**
 * Small allocation-free utilities for the hot paths of the library, such as
 * {@link org.recsys4j.core.util.IntDoubleTopK}, a bounded primitive heap that keeps the best
 * (id, score) pairs without boxing; {@link org.recsys4j.core.util.AtomicFiles} (write a temporary file,
 * then move it into place) and {@link org.recsys4j.core.util.ErrorText} (one-line descriptions of
 * exceptions for messages to people).
 */
package org.recsys4j.core.util;
