/**
 * User vectors from item vectors: {@link org.recsys4j.embedding.user.UserVectors} averages the
 * vectors of the items of each user's interactions (plain mean, value-weighted or recency-weighted),
 * for every user of an interaction log at once or for one unseen user from a history. Which
 * interactions count is the caller's choice: the interactions an explicit
 * {@link org.recsys4j.core.data.Feedback} policy made, or a threshold on their values; the result
 * counts the users left without a vector.
 *
 * <pre>{@code
 * EmbeddingTable items = EmbeddingFormats.load(Path.of("item2vec.bin"), EmbeddingFormats.Format.BINARY);
 * UserVectors uv = UserVectors.builder()
 *         .withWeighting(UserVectors.Weighting.RATING)   // weight = the interaction's value
 *         .withThreshold(4.0)                            // explicit ratings: the liked ones only
 *         .withNormalize(true)
 *         .withThreads(2)
 *         .build();
 * UserVectors.Result r = uv.compute(task.train(), items);
 * EmbeddingFormats.save(r.vectors(), Path.of("users.bin"), EmbeddingFormats.Format.BINARY);
 * System.out.println(r.summary());   // how many users have a vector, how many do not, and why
 * Optional<float[]> newUser = uv.fromHistory(items, 1L, 296L, 318L);   // mean of three items
 * }</pre>
 */
package org.recsys4j.embedding.user;
