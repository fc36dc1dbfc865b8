/**
 * Internal, not API: the neural-network building blocks that Recsys4J's trained models share (the Adam
 * update kernel first; the sequence models' layers join it), so that the CTR models of
 * {@code org.recsys4j.rank.ctr} and the sequential recommenders use one implementation of each and no twin.
 *
 * <p>The module descriptor of {@code org.recsys4j.rank} exports this package to no module and the javadoc
 * leaves it out; on the class path it is visible, as every package is there, but it changes without notice.
 */
package org.recsys4j.rank.nn;
