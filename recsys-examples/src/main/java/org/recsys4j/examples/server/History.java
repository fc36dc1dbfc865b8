package org.recsys4j.examples.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A user's rating history as stored in the {@value ServingData#HISTORY} blob namespace: oldest first,
 * one entry per movie (a new rating of a movie replaces the old one and moves it to the end). The blob
 * is a big-endian sequence of 20-byte entries: movie id (long), rating (float), timestamp in seconds
 * (long).
 */
public final class History {
    private static final int ENTRY_BYTES = 20;

    private History() {
    }

    /**
     * One rating.
     *
     * @param movieId   the movie id
     * @param rating    the rating, 0.5 to 5
     * @param timestamp seconds since the epoch
     */
    public record Entry(long movieId, float rating, long timestamp) {
    }

    /** Returns the entries sorted by time, then movie id (copied). */
    public static List<Entry> sorted(List<Entry> entries) {
        List<Entry> out = new ArrayList<>(entries);
        out.sort(Comparator.comparingLong(Entry::timestamp).thenComparingLong(Entry::movieId));
        return out;
    }

    /** Encodes entries as a blob. */
    public static byte[] encode(List<Entry> entries) {
        ByteBuffer b = ByteBuffer.allocate(entries.size() * ENTRY_BYTES);
        for (Entry e : entries) {
            b.putLong(e.movieId()).putFloat(e.rating()).putLong(e.timestamp());
        }
        return b.array();
    }

    /**
     * Decodes a blob.
     *
     * @param blob the blob, or null (an empty history)
     * @param key  the user key, for the error message
     * @throws IllegalStateException naming the key if the blob's length is not a multiple of 20
     */
    public static List<Entry> decode(byte[] blob, String key) {
        if (blob == null) {
            return List.of();
        }
        if (blob.length % ENTRY_BYTES != 0) {
            throw new IllegalStateException("history of user " + key + ": " + blob.length + " bytes, not a multiple of "
                    + ENTRY_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(blob);
        List<Entry> out = new ArrayList<>(blob.length / ENTRY_BYTES);
        while (b.hasRemaining()) {
            out.add(new Entry(b.getLong(), b.getFloat(), b.getLong()));
        }
        return out;
    }

    /** Returns the history with a new rating: any earlier rating of the movie is removed, the new one appended. */
    public static List<Entry> with(List<Entry> history, Entry rating) {
        List<Entry> out = new ArrayList<>(history.size() + 1);
        for (Entry e : history) {
            if (e.movieId() != rating.movieId()) {
                out.add(e);
            }
        }
        out.add(rating);
        return out;
    }
}
