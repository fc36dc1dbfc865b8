package org.recsys4j.core.pipeline;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntList;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A bounded least-recently-used cache of recommendations with a time to live, keyed by everything
 * in the request that can change the answer (user, seed, history, context, k, exclusions): a user
 * whose history changed therefore never gets a stale answer. Thread-safe (one lock; the critical
 * sections are map operations only).
 */
final class ResultCache {
    private record Key(String userKey, int userIndex, int seed, int k, Map<String, String> context,
                       IntList history, IntList excluded) {
    }

    private record Entry(Recommendation value, long expiresAt) {
    }

    private final int maxEntries;
    private final long ttlNanos;
    private final LongSupplier ticker;
    private final LinkedHashMap<Key, Entry> map;

    ResultCache(int maxEntries, long ttlNanos, LongSupplier ticker) {
        this.maxEntries = maxEntries;
        this.ttlNanos = ttlNanos;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, ResultCache.Entry> eldest) {   // qualified: in a LinkedHashMap subclass javac 25 resolves a bare Entry to LinkedHashMap.Entry
                return size() > ResultCache.this.maxEntries;
            }
        };
    }

    static Object keyOf(RecRequest r) {
        return new Key(r.userKey().orElse(null), r.userIndex(), r.seedItem().orElse(-1), r.k(), r.context(),
                IntArrayList.wrap(r.history()), IntArrayList.wrap(r.excluded()));   // excluded() is sorted
    }

    Recommendation get(Object key) {
        long now = ticker.getAsLong();
        synchronized (map) {
            Entry e = map.get(key);
            if (e == null) {
                return null;
            }
            if (now - e.expiresAt >= 0) {
                map.remove(key);
                return null;
            }
            return e.value;
        }
    }

    void put(Object key, Recommendation value) {
        long expires = ticker.getAsLong() + ttlNanos;
        synchronized (map) {
            map.put((Key) key, new Entry(value, expires));
        }
    }

    int invalidateUser(String userKey) {
        int removed = 0;
        synchronized (map) {
            for (Iterator<Key> it = map.keySet().iterator(); it.hasNext(); ) {
                if (Objects.equals(it.next().userKey, userKey)) {
                    it.remove();
                    removed++;
                }
            }
        }
        return removed;
    }

    void clear() {
        synchronized (map) {
            map.clear();
        }
    }

    int size() {
        synchronized (map) {
            return map.size();
        }
    }
}
