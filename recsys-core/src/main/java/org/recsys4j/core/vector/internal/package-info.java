/**
 * Internal, not API: the Vector API kernels behind {@code org.recsys4j.core.vector.Vectors}
 * ({@code SimdKernels}, {@code PanamaKernels}), loaded by {@code Vectors} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}.
 *
 * <p>The module descriptor of {@code org.recsys4j.core} exports this package to no module, and the
 * javadoc leaves it out; on the class path it is visible, as every package is there, but it changes
 * without notice.
 */
package org.recsys4j.core.vector.internal;
