/**
 * Internal plumbing shared by rank's packages (not exported, not part of the API): the binary container of
 * rank's model files ({@link org.recsys4j.rank.internal.ArtifactContainer}).
 */
package org.recsys4j.rank.internal;
