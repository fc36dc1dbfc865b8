/**
 * User vectors from item vectors: {@link org.recsys4j.embedding.user.UserVectors} averages the
 * vectors of the items each user liked (plain mean, rating-weighted or recency-weighted), for every
 * user of an interaction log at once or for one unseen user from a history.
 *
 * <pre>{@code
 * EmbeddingTable items = EmbeddingFormats.load(Path.of("item2vec.bin"), EmbeddingFormats.Format.BINARY);
 * UserVectors uv = UserVectors.builder()
 *         .withWeighting(UserVectors.Weighting.RATING)   // weight = rating
 *         .withMinRating(3.5)                            // liked items only (the default)
 *         .withNormalize(true)
 *         .withThreads(2)
 *         .build();
 * UserVectors.Result r = uv.computeWithCounts(task.train(), items);
 * EmbeddingFormats.save(r.vectors(), Path.of("users.bin"), EmbeddingFormats.Format.BINARY);
 * System.out.println(r.usersWithoutVector() + " users have no liked item with a vector");
 * Optional<float[]> newUser = uv.fromHistory(items, 1L, 296L, 318L);   // mean of three items
 * }</pre>
 */
package org.recsys4j.embedding.user;
