package org.recsys4j.examples.server;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * The recall of a pipeline whose ranker scores every candidate on its own (so the recall's order does not matter,
 * only what it holds): the {@code first} source's candidates (at most {@code firstLimit}), then those of the
 * {@code extra} source's best {@code extraLimit} not among them, up to the limit asked. The demo server's
 * {@code multi-ials} uses it to add implicit ALS's own best items (a
 * {@link org.recsys4j.recall.channel.RankerChannel}) to the multi-channel recall:
 * the merger's 300 miss some of the movies ALS would put in its top 10 over the whole catalogue (on ml-latest-small
 * one hit of T HR@10 fewer than ALS alone, on ml-100k two; docs/evaluation.md), and with them the pipeline's top
 * 10 is ALS's own.
 *
 * <p>Each source is called on the calling thread, the first one first; a failure of either propagates (the
 * pipeline's recall fallback then answers). Thread-safe if both sources are.
 */
public final class UnionRecall implements CandidateSource {
    private final String name;
    private final CandidateSource first;
    private final int firstLimit;
    private final CandidateSource extra;
    private final int extraLimit;

    /**
     * @param name       the source's name
     * @param first      the main recall
     * @param firstLimit the most candidates asked of {@code first}, at least 1
     * @param extra      the source whose candidates are added after {@code first}'s
     * @param extraLimit the most candidates asked of {@code extra}, at least 1
     * @throws IllegalArgumentException if {@code firstLimit} or {@code extraLimit} is below 1
     */
    public UnionRecall(String name, CandidateSource first, int firstLimit, CandidateSource extra, int extraLimit) {
        this.name = Objects.requireNonNull(name, "name");
        this.first = Objects.requireNonNull(first, "first");
        this.extra = Objects.requireNonNull(extra, "extra");
        if (firstLimit < 1) {
            throw new IllegalArgumentException("firstLimit = " + firstLimit + ": must be at least 1");
        }
        this.firstLimit = firstLimit;
        if (extraLimit < 1) {
            throw new IllegalArgumentException("extraLimit = " + extraLimit + ": must be at least 1");
        }
        this.extraLimit = extraLimit;
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the main recall. */
    public CandidateSource first() {
        return first;
    }

    /** Returns the source whose candidates are added. */
    public CandidateSource extra() {
        return extra;
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        List<Candidate> a = first.recall(request, Math.min(limit, firstLimit));
        if (a.size() >= limit) {
            return a.subList(0, limit);
        }
        BitSet listed = new BitSet();
        for (Candidate c : a) {
            listed.set(c.item());
        }
        List<Candidate> b = extra.recall(request, Math.min(limit, extraLimit));
        List<Candidate> out = new ArrayList<>(Math.min(limit, a.size() + b.size()));
        out.addAll(a);
        for (int i = 0; i < b.size() && out.size() < limit; i++) {
            if (!listed.get(b.get(i).item())) {
                out.add(b.get(i));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "UnionRecall[" + name + ": " + first.name() + " (" + firstLimit + "), then " + extra.name() + " ("
                + extraLimit + ")]";
    }
}
