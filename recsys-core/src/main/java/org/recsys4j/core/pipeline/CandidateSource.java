package org.recsys4j.core.pipeline;

import java.util.List;

/**
 * One recall channel: given a request, returns up to {@code limit} scored candidates.
 *
 * <p>Contract every implementation keeps:
 * <ul>
 *   <li>the list is sorted by score, best first, holds each item at most once, and never an item
 *       that {@link RecRequest#excludes(int) the request excludes};</li>
 *   <li>every candidate carries a {@link Provenance} naming this channel ({@link #name()}), its raw
 *       score and its 0-based rank in the list (a source that merges other sources, such as the
 *       multi-channel recall of {@code recsys-recall}, keeps instead the provenance of every source that
 *       found the item);</li>
 *   <li>a request the channel cannot serve (e.g. no history, an unknown user, no seed item) gives an
 *       empty list, not an exception; exceptions mean the channel failed (a store outage), and a
 *       merger or pipeline reports them and carries on with the other channels;</li>
 *   <li>safe to call from many threads at once; in long loops it checks
 *       {@code request.deadline().check(name())} every few hundred iterations (the check also notices
 *       an interrupted thread), and it does not start a network call once
 *       {@link RecRequest#deadline() the request's deadline} has passed, so a caller's time budget can
 *       stop it and free its thread. A channel that ignores both keeps a thread of the bounded
 *       {@link StageExecutor} until it ends, and under load the pipeline answers from its fallback.</li>
 * </ul>
 */
public interface CandidateSource {
    /** Returns the channel's name, as written into each candidate's provenance. */
    String name();

    /**
     * Returns at most {@code limit} candidates for the request, best first.
     *
     * @param request the request
     * @param limit   the maximum number of candidates, at least 1
     */
    List<Candidate> recall(RecRequest request, int limit);
}
