/**
 * The HTTP demo server ({@code recsys4j serve}): movie, user, similar-movie, genre and recommendation
 * endpoints as JSON over Jetty 12, on the library's {@link org.recsys4j.core.pipeline.Recommender}
 * pipelines, with the source system's five endpoints kept field for field, a 2-D map of the item
 * embeddings ({@code /api/map}), and the web pages. Every client error is a 4xx with a JSON body, parameters
 * are parsed strictly ({@code Params}, {@code QueryString}), and request bodies are read within size and time
 * limits without holding a thread ({@link org.recsys4j.examples.server.RecServer.Limits}). {@code RecServer} is
 * the HTTP side (limits, router, JSON errors); the endpoints know nothing of HTTP: {@code ServingApi} (our JSON
 * API) with {@code SourceEndpoints}, {@code MapService} and {@code FeedbackService}. See {@code docs/serving.md},
 * {@code docs/web.md} and, for which class owns what, {@code docs/architecture.md}.
 */
package org.recsys4j.examples.server;
