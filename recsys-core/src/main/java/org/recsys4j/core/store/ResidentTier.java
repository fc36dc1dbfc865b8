package org.recsys4j.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The resident tier of a {@link TieredFeatureStore}: namespaces held wholly in memory, each as one
 * consistent copy of a version of the backing store, swapped for a new copy when the backing version
 * changes. Reads never touch the backing store. Thread-safe: a copy is replaced by one reference write,
 * so a read sees the old or the new copy, never a mix; local writes are applied to the current copy and
 * replayed onto a copy being refreshed.
 */
final class ResidentTier {
    private static final Logger LOG = LoggerFactory.getLogger(ResidentTier.class);

    private final FeatureStore backing;
    private final Map<String, Resident> residents;
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong refreshFailures = new AtomicLong();

    /** One version of a resident namespace; {@code values} holds float[] or byte[], never handed out. */
    private record Snapshot(long version, ConcurrentHashMap<String, Object> values) {
    }

    private static final class Resident {
        final NamespaceSpec spec;
        volatile Snapshot current;
        /** Writes made while a refresh copies the namespace; null when no refresh runs. Guarded by this. */
        List<Consumer<Map<String, Object>>> journal;

        Resident(NamespaceSpec spec) {
            this.spec = spec;
        }
    }

    /**
     * Copies every namespace from the backing store.
     *
     * @throws FeatureStoreException if a namespace cannot be copied (e.g. the backing store is down)
     */
    ResidentTier(FeatureStore backing, Collection<String> namespaces) {
        this.backing = backing;
        Map<String, Resident> r = new LinkedHashMap<>();
        for (String ns : namespaces) {
            r.put(ns, new Resident(backing.namespace(ns)));
        }
        this.residents = Collections.unmodifiableMap(r);
        for (Resident res : residents.values()) {
            res.current = copy(res.spec);
            refreshes.incrementAndGet();
        }
    }

    boolean holds(String namespace) {
        return residents.containsKey(namespace);
    }

    /** Returns the version of the copy of a resident namespace. */
    long version(String namespace) {
        return residents.get(namespace).current.version();
    }

    /** Returns copies of the values of the keys (null where absent), from one copy of a resident namespace. */
    Object[] read(String namespace, List<String> keys) {
        Map<String, Object> values = residents.get(namespace).current.values();
        Object[] out = new Object[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = copyOut(values.get(keys.get(i)));
        }
        return out;
    }

    static Object copyOut(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof float[] f ? f.clone() : ((byte[]) v).clone();
    }

    long refreshes() {
        return refreshes.get();
    }

    long refreshFailures() {
        return refreshFailures.get();
    }

    /**
     * Returns the number of namespaces swapped to a new version: each whose backing version changed is
     * copied and swapped in; failures are logged and counted, the old copy keeps serving. The caller
     * serialises ticks.
     */
    int refreshChanged() {
        int swapped = 0;
        for (Resident r : residents.values()) {
            try {
                if (refresh(r, false)) {
                    swapped++;
                }
            } catch (RuntimeException e) {
                refreshFailures.incrementAndGet();
                LOG.warn("refresh of resident namespace '{}' failed; still serving version {}: {}",
                        r.spec.name(), r.current.version(), e.toString());
            }
        }
        return swapped;
    }

    /** Copies a resident namespace after a commit made through this store, whatever the version says. */
    void refreshAfterCommit(String namespace) {
        Resident r = residents.get(namespace);
        if (r == null) {
            return;
        }
        try {
            refresh(r, true);
        } catch (RuntimeException e) {
            refreshFailures.incrementAndGet();
            LOG.warn("refresh of resident namespace '{}' after a commit failed; still serving version {}: {}",
                    namespace, r.current.version(), e.toString());
        }
    }

    /** Copies the namespace when its backing version differs from the copy's (or always when forced); returns whether it swapped. */
    private boolean refresh(Resident r, boolean force) {
        long v = backing.currentVersion(r.spec.name());
        if (!force && v == r.current.version()) {
            return false;
        }
        synchronized (r) {
            r.journal = new ArrayList<>();
        }
        Snapshot fresh;
        try {
            fresh = copy(r.spec);
        } catch (RuntimeException e) {
            synchronized (r) {
                r.journal = null;
            }
            throw e;
        }
        synchronized (r) {
            for (Consumer<Map<String, Object>> op : r.journal) {
                op.accept(fresh.values());
            }
            r.journal = null;
            r.current = fresh;
        }
        refreshes.incrementAndGet();
        return true;
    }

    /** Reads one consistent version of a namespace: the version is the same before the key scan and after the last value. */
    private Snapshot copy(NamespaceSpec spec) {
        String ns = spec.name();
        for (int attempt = 1; ; attempt++) {
            long before = backing.currentVersion(ns);
            List<String> keys = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            long scanned = backing.scanKeys(ns, k -> {
                if (seen.add(k)) {
                    keys.add(k);
                }
            });
            ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>(Math.max(16, keys.size() * 4 / 3 + 1));
            for (int from = 0; from < keys.size(); from += TieredFeatureStore.COPY_BATCH) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + TieredFeatureStore.COPY_BATCH));
                BatchRead<?> got = spec.kind() == NamespaceSpec.Kind.VECTOR ? backing.multiGet(ns, chunk)
                        : backing.multiGetBlobs(ns, chunk);
                for (int i = 0; i < chunk.size(); i++) {
                    if (got.isPresent(i)) {
                        values.put(chunk.get(i), got.get(i));
                    }
                }
            }
            long after = backing.currentVersion(ns);
            if (before == scanned && scanned == after) {
                return new Snapshot(after, values);
            }
            if (attempt >= TieredFeatureStore.COPY_ATTEMPTS) {
                throw new FeatureStoreException("namespace '" + ns + "': the backing version changed during each of "
                        + TieredFeatureStore.COPY_ATTEMPTS + " attempts to copy it (last: " + before + " -> " + after + ")");
            }
        }
    }

    /** Applies a local write (already made to the backing store) to a resident namespace's copy, and to the copy being refreshed if any. */
    void apply(String namespace, Consumer<Map<String, Object>> op) {
        Resident r = residents.get(namespace);
        if (r == null) {
            return;
        }
        synchronized (r) {
            op.accept(r.current.values());
            if (r.journal != null) {
                r.journal.add(op);
            }
        }
    }
}
