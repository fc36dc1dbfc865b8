/**
 * Internal, not API: helpers shared by the library modules, such as
 * {@link org.recsys4j.core.util.IntDoubleTopK}, a bounded primitive heap that keeps the best
 * (id, score) pairs without boxing; {@link org.recsys4j.core.util.Parallel} (a chunked parallel loop);
 * {@link org.recsys4j.core.util.AtomicFiles} (write a temporary file, then move it into place);
 * {@link org.recsys4j.core.util.ErrorText} (one-line descriptions of exceptions for messages to people)
 * and {@link org.recsys4j.core.util.OptionalDependency} (the check for an optional library).
 *
 * <p>The module descriptor of {@code org.recsys4j.core} exports this package only to
 * {@code org.recsys4j.embedding}, {@code org.recsys4j.recall} and {@code org.recsys4j.rank}, and the
 * javadoc leaves it out: on the module path no other module can use it; on the class path it is visible,
 * as every package is there, but it changes without notice.
 */
package org.recsys4j.core.util;
