/**
 * Not API: the plumbing the readers of {@code core.io} and {@code core.movielens} share (row tallies,
 * the commons-csv loop with exact line numbers, the location of broken quoting). Public only so that
 * both packages can use it; the module descriptor does not export it.
 */
package org.recsys4j.core.io.internal;
