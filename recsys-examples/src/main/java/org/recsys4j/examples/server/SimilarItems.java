package org.recsys4j.examples.server;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An item's similar items that are never empty and never garbage: the model asked for answers when it can;
 * when it cannot (the item has no vector in it, e.g. it was never in a liked sequence of two, or its vector is
 * zero, e.g. the ALS factors of an item nobody liked; or it finds nothing), the next model that can answers, in
 * this order: item-CF (the item's co-occurrence neighbours), the other embedding models in their listed order,
 * the item's category (genre) peers by quality (the content fallback), and at last the most popular items.
 * The answer names the model asked for, the one that answered, and why each one before it did not.
 *
 * <p>Zero vectors are never ranked: a zero query answers nothing (so the fallback takes over), and items whose
 * vector is zero are never returned ({@link org.recsys4j.recall.channel.EmbeddingChannel}); a result with a
 * score that is not a finite number is dropped. Thread-safe (stateless over the serving data).
 */
final class SimilarItems {
    private final ServingData data;

    SimilarItems(ServingData data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    /**
     * Similar items and who answered.
     *
     * @param items      the items, best first, at most {@code k}; empty only if the catalogue has no other item
     * @param model      the model asked for
     * @param answeredBy the model (or channel) that answered: {@code model}, or a fallback
     * @param notes      why each model before {@code answeredBy} did not answer, and a note when fewer than
     *                   {@code k} items came back
     */
    record Answer(List<Candidate> items, String model, String answeredBy, List<String> notes) {
        Answer {
            items = List.copyOf(items);
            notes = List.copyOf(notes);
        }

        /** Returns whether another model than the one asked for answered. */
        boolean fallback() {
            return !model.equals(answeredBy);
        }
    }

    /**
     * Returns up to {@code k} items similar to {@code item} (never the item itself), from {@code m} or the first
     * fallback that has an answer.
     */
    Answer similar(int item, ServingData.SimilarModel m, int k) {
        RecRequest req = RecRequest.builder(k).withSeedItem(item).addExcluded(item).withDeadline(data.requestDeadline())
                .build();
        List<String> notes = new ArrayList<>();
        List<Candidate> got = byModel(item, m, req, k, notes);
        String by = m.name();
        if (got.isEmpty() && data.itemCfChannel != null) {
            got = fromSource(data.itemCfChannel, req, k, notes);
            by = data.itemCfChannel.name();
        }
        for (ServingData.SimilarModel other : data.models.values()) {
            if (!got.isEmpty()) {
                break;
            }
            if (other != m) {
                got = byModel(item, other, req, k, notes);
                by = other.name();
            }
        }
        if (got.isEmpty() && data.contentChannel != null) {
            // the category channel takes the item's own categories as the "history"
            RecRequest content = RecRequest.builder(k).withHistory(new int[] {item}).addExcluded(item)
                    .withDeadline(data.requestDeadline()).build();
            got = fromSource(data.contentChannel, content, k, notes);
            by = data.contentChannel.name();
        }
        if (got.isEmpty()) {
            got = fromSource(data.popularChannel, req, k, notes);
            by = data.popularChannel.name();
        }
        if (got.size() < k) {
            notes.add("fewer items than asked: " + got.size() + " of k = " + k + " from " + by);
        }
        return new Answer(got, m.name(), by, notes);
    }

    /** The similar items under one embedding model, or empty (with a note saying why). */
    private List<Candidate> byModel(int item, ServingData.SimilarModel m, RecRequest req, int k, List<String> notes) {
        String key = data.catalog.items().id(item);
        ServingStore.Read<float[]> v = data.store.read(s -> s.get(m.namespace(), key).orElse(null));
        if (v.value() == null) {
            notes.add(m.name() + ": no vector for this item");
            return List.of();
        }
        List<Candidate> out = finite(m.channel().recall(v.value(), req, k));
        if (out.isEmpty()) {
            notes.add(m.name() + ": " + (isZero(v.value()) ? "the item's vector is zero" : "no similar items"));
        }
        return out;
    }

    private static List<Candidate> fromSource(CandidateSource source, RecRequest req, int k, List<String> notes) {
        List<Candidate> out;
        try {
            out = finite(req.admissible(source.recall(req, k), k));
        } catch (RuntimeException e) {
            notes.add(source.name() + ": failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return List.of();
        }
        if (out.isEmpty()) {
            notes.add(source.name() + ": no similar items");
        }
        return out;
    }

    /** Drops results whose score is not a finite number. */
    private static List<Candidate> finite(List<Candidate> in) {
        List<Candidate> out = new ArrayList<>(in.size());
        for (Candidate c : in) {
            if (Double.isFinite(c.score())) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }
}
