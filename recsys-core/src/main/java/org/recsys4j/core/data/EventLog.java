package org.recsys4j.core.data;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, columnar log of raw user–item events, as recorded: who, what, when, and optionally the
 * event's type ({@code view}, {@code cart}, {@code buy}), value (a rating) and weight (a quantity). It
 * is the input of a {@link Feedback} policy, which turns events into the {@link Interactions} the
 * models train on: the log itself decides nothing (no threshold, no duplicate rule).
 *
 * <p>Event {@code k} is the {@code k}-th event added (the readers keep file order). Users and items are
 * dense indices into {@link #users()} and {@link #items()}, whose ids are numeric or text
 * ({@link IdIndex.Kind}) and, unless an item index was given ({@link Builder#withItems}), in ascending
 * id order (numeric, or ordinal for text); only ids of events are in them. Timestamps are whole seconds
 * since the epoch. The optional columns:
 * <ul>
 *   <li><b>type</b>: {@link #hasTypes()}; {@link #eventTypes()} lists the distinct types in ordinal
 *       order and {@link #typeCode(int)} is an index into it. A log has types on every event or on none.</li>
 *   <li><b>value</b>: {@link #hasValues()} when some event has one; {@link #value(int)} is NaN for an
 *       event without.</li>
 *   <li><b>weight</b>: {@link #weight(int)}, 1 for an event without (and for every event of a log
 *       without a weight column); {@link #hasWeights()} when some weight is not 1.</li>
 * </ul>
 *
 * <pre>{@code
 * EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
 *         .addTyped("u1", "sku-9a8b", 1_700_000_000L, "view")
 *         .addTyped("u1", "sku-9a8b", 1_700_000_060L, "buy")
 *         .build();
 * log.eventTypes();              // [buy, view]
 * log.type(1);                   // Optional[buy]
 * }</pre>
 */
public final class EventLog {
    private final IdIndex users;
    private final IdIndex items;
    private final int[] user;
    private final int[] item;
    private final long[] timestamp;
    private final List<String> types;
    private final int[] type;       // null when the log has no types
    private final double[] value;   // null when no event has a value
    private final double[] weight;  // null when the log has no weights

    private EventLog(IdIndex users, IdIndex items, int[] user, int[] item, long[] timestamp, List<String> types,
                     int[] type, double[] value, double[] weight) {
        this.users = users;
        this.items = items;
        this.user = user;
        this.item = item;
        this.timestamp = timestamp;
        this.types = types;
        this.type = type;
        this.value = value;
        this.weight = weight;
    }

    /**
     * Returns an empty builder whose user and item ids are of the given kinds.
     *
     * @param userIds the kind of the user ids
     * @param itemIds the kind of the item ids
     * @return the builder (null kinds fail {@link Builder#build()})
     */
    public static Builder builder(IdIndex.Kind userIds, IdIndex.Kind itemIds) {
        return new Builder(userIds, itemIds);
    }

    /** Returns the user ids; {@link #user(int)} indexes into it. */
    public IdIndex users() {
        return users;
    }

    /** Returns the item ids; {@link #item(int)} indexes into it. */
    public IdIndex items() {
        return items;
    }

    /** Returns the number of events. */
    public int size() {
        return user.length;
    }

    /** Returns the user index of event {@code k}. */
    public int user(int k) {
        return user[k];
    }

    /** Returns the item index of event {@code k}. */
    public int item(int k) {
        return item[k];
    }

    /** Returns the timestamp of event {@code k}, in seconds since the epoch. */
    public long timestamp(int k) {
        return timestamp[k];
    }

    /** Returns true if every event has a type. */
    public boolean hasTypes() {
        return type != null;
    }

    /** Returns the distinct event types in ordinal order (empty when the log has no types; unmodifiable). */
    public List<String> eventTypes() {
        return types;
    }

    /** Returns the type of event {@code k} as an index into {@link #eventTypes()}, or -1 when the log has no types. */
    public int typeCode(int k) {
        Objects.checkIndex(k, user.length);
        return type == null ? -1 : type[k];
    }

    /** Returns the type of event {@code k}, or empty when the log has no types. */
    public Optional<String> type(int k) {
        int t = typeCode(k);
        return t < 0 ? Optional.empty() : Optional.of(types.get(t));
    }

    /** Returns true if at least one event has a value. */
    public boolean hasValues() {
        return value != null;
    }

    /** Returns the value of event {@code k}, or NaN when it has none. */
    public double value(int k) {
        Objects.checkIndex(k, user.length);
        return value == null ? Double.NaN : value[k];
    }

    /** Returns true if some event's weight is not 1 (otherwise {@link #weight(int)} is 1 for every event). */
    public boolean hasWeights() {
        return weight != null;
    }

    /** Returns the weight of event {@code k}: 1 when the log has no weight column. */
    public double weight(int k) {
        Objects.checkIndex(k, user.length);
        return weight == null ? 1.0 : weight[k];
    }

    /** Returns the number of events of each type, in {@link #eventTypes()} order (empty when the log has no types). */
    public Map<String, Integer> countsByType() {
        int[] c = new int[types.size()];
        if (type != null) {
            for (int t : type) {
                c[t]++;
            }
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int t = 0; t < c.length; t++) {
            m.put(types.get(t), c[t]);
        }
        return m;
    }

    @Override
    public String toString() {
        return "EventLog[" + size() + " events, " + users.size() + " users, " + items.size() + " items"
                + (type != null ? ", types " + types : "") + (value != null ? ", values" : "")
                + (weight != null ? ", weights" : "") + "]";
    }

    /** Dense ids of one kind in insertion order, frozen in ascending order by {@link #freeze}. */
    private static final class DenseIds {
        final IdIndex.Kind kind;
        final LongArrayList numbers = new LongArrayList();
        final Long2IntOpenHashMap numberPos = new Long2IntOpenHashMap();
        final List<String> texts = new ArrayList<>();
        final Object2IntOpenHashMap<String> textPos = new Object2IntOpenHashMap<>();

        DenseIds(IdIndex.Kind kind) {
            this.kind = kind;
            numberPos.defaultReturnValue(-1);
            textPos.defaultReturnValue(-1);
        }

        int add(long id) {
            if (kind == IdIndex.Kind.STRING) {
                return add(Long.toString(id));
            }
            int p = numberPos.putIfAbsent(id, numbers.size());
            if (p < 0) {
                numbers.add(id);
                return numbers.size() - 1;
            }
            return p;
        }

        /** Adds a text id; for numeric ids returns -1 when it is not a whole number. */
        int add(String id) {
            if (kind == IdIndex.Kind.NUMERIC) {
                long v;
                try {
                    v = Long.parseLong(id);
                } catch (NumberFormatException e) {
                    return -1;
                }
                return add(v);
            }
            int p = textPos.putIfAbsent(id, texts.size());
            if (p < 0) {
                texts.add(id);
                return texts.size() - 1;
            }
            return p;
        }

        /** Returns the ascending index and fills {@code remap[insertion position] = dense index}. */
        IdIndex freeze(int[][] remapOut) {
            int n = kind == IdIndex.Kind.NUMERIC ? numbers.size() : texts.size();
            int[] remap = new int[n];
            IdIndex index;
            if (kind == IdIndex.Kind.NUMERIC) {
                long[] ids = numbers.toLongArray();
                long[] sorted = ids.clone();
                Arrays.sort(sorted);
                index = IdIndex.ofLongs(sorted);
                for (int i = 0; i < n; i++) {
                    remap[i] = Arrays.binarySearch(sorted, ids[i]);
                }
            } else {
                String[] ids = texts.toArray(new String[0]);
                String[] sorted = ids.clone();
                Arrays.sort(sorted);
                index = IdIndex.ofStrings(sorted);
                for (int i = 0; i < n; i++) {
                    remap[i] = Arrays.binarySearch(sorted, ids[i]);
                }
            }
            remapOut[0] = remap;
            return index;
        }
    }

    /**
     * Collects events ({@code add...}) and options ({@code withX}); adding only stores, {@link #build()}
     * checks everything and names the first bad event. Not thread-safe.
     *
     * <p>Ids may be given as text or as numbers, whatever the kind: numbers become their decimal text for
     * {@link IdIndex.Kind#STRING} ids, and text must be a whole number for {@link IdIndex.Kind#NUMERIC} ids.
     */
    public static final class Builder {
        private final IdIndex.Kind userKind;
        private final IdIndex.Kind itemKind;
        private IdIndex fixedItems;
        private DenseIds userIds;
        private DenseIds itemIds;
        private int[] user = new int[16];
        private int[] item = new int[16];
        private long[] timestamp = new long[16];
        private int[] type = new int[16];
        private double[] value = new double[16];
        private double[] weight = new double[16];
        private int n;
        private final Map<String, Integer> typeIds = new HashMap<>();
        private final List<String> typeNames = new ArrayList<>();
        private int firstTyped = -1;
        private int firstUntyped = -1;
        private boolean anyValue;
        private boolean anyWeight;
        private RuntimeException problem;

        private Builder(IdIndex.Kind userKind, IdIndex.Kind itemKind) {
            this.userKind = userKind;
            this.itemKind = itemKind;
        }

        /**
         * Makes {@code items} the log's item index, so that data indexed by it (a catalogue's
         * {@link ItemCatalog#items()}) fits the log: every id of it has an index, with or without events;
         * an event of an item not in it fails {@link #build()}; its kind must be the builder's item kind.
         * No default: without it the item index holds the ids of the events, ascending. Returns this builder.
         *
         * @param items the item index
         * @return this builder
         */
        public Builder withItems(IdIndex items) {
            this.fixedItems = items;
            return this;
        }

        /**
         * Adds an event without type, value or weight; returns this builder.
         *
         * @param user      the user id
         * @param item      the item id
         * @param timestamp the time, in seconds since the epoch
         * @return this builder
         */
        public Builder add(String user, String item, long timestamp) {
            return add(user, item, timestamp, null, Double.NaN, 1.0);
        }

        /**
         * Adds an event given by numeric ids, without type, value or weight; returns this builder.
         *
         * @param user      the user id
         * @param item      the item id
         * @param timestamp the time, in seconds since the epoch
         * @return this builder
         */
        public Builder add(long user, long item, long timestamp) {
            return add(user, item, timestamp, null, Double.NaN, 1.0);
        }

        /**
         * Adds an event of a type (e.g. {@code view}); returns this builder.
         *
         * @param user      the user id
         * @param item      the item id
         * @param timestamp the time, in seconds since the epoch
         * @param type      the event type (non-empty)
         * @return this builder
         */
        public Builder addTyped(String user, String item, long timestamp, String type) {
            if (type == null && problem == null) {
                problem = new NullPointerException("type of event " + n);
            }
            return add(user, item, timestamp, type, Double.NaN, 1.0);
        }

        /**
         * Adds an event with a value (e.g. a rating); returns this builder.
         *
         * @param user      the user id
         * @param item      the item id
         * @param timestamp the time, in seconds since the epoch
         * @param value     the value (finite)
         * @return this builder
         */
        public Builder addValue(String user, String item, long timestamp, double value) {
            if (Double.isNaN(value) && problem == null) {
                problem = new IllegalArgumentException("event " + n + ": value=NaN: not a finite number");
            }
            return add(user, item, timestamp, null, value, 1.0);
        }

        /**
         * Adds an event with every column; returns this builder.
         *
         * @param user      the user id
         * @param item      the item id
         * @param timestamp the time, in seconds since the epoch
         * @param type      the event type (non-empty), or null for an event without type
         * @param value     the value (finite), or NaN for an event without value
         * @param weight    the weight (finite); 1 for every event means no weight column
         * @return this builder
         */
        public Builder add(String user, String item, long timestamp, String type, double value, double weight) {
            if (problem != null) {
                return this;
            }
            if (user == null || item == null) {
                problem = new NullPointerException((user == null ? "user" : "item") + " id of event " + n);
                return this;
            }
            int u = ids(true).add(user);
            int i = fixedItems != null ? fixedItems.indexOf(item) : ids(false).add(item);
            return append(u, i, user, item, timestamp, type, value, weight);
        }

        /**
         * Adds an event given by numeric ids, with every column; returns this builder.
         *
         * @param user      the user id
         * @param item      the item id
         * @param timestamp the time, in seconds since the epoch
         * @param type      the event type (non-empty), or null for an event without type
         * @param value     the value (finite), or NaN for an event without value
         * @param weight    the weight (finite); 1 for every event means no weight column
         * @return this builder
         */
        public Builder add(long user, long item, long timestamp, String type, double value, double weight) {
            if (problem != null) {
                return this;
            }
            int u = ids(true).add(user);
            int i = fixedItems != null ? (fixedItems.isNumeric() ? fixedItems.indexOf(item)
                    : fixedItems.indexOf(Long.toString(item))) : ids(false).add(item);
            return append(u, i, Long.toString(user), Long.toString(item), timestamp, type, value, weight);
        }

        private DenseIds ids(boolean users) {
            if (users) {
                if (userIds == null) {
                    userIds = new DenseIds(userKind == null ? IdIndex.Kind.STRING : userKind);
                }
                return userIds;
            }
            if (itemIds == null) {
                itemIds = new DenseIds(itemKind == null ? IdIndex.Kind.STRING : itemKind);
            }
            return itemIds;
        }

        private Builder append(int u, int i, String userText, String itemText, long ts, String t, double v, double w) {
            if (u < 0) {
                problem = new IllegalArgumentException("event " + n + ": user id '" + userText
                        + "' is not a whole number (user ids are " + userKind + ")");
                return this;
            }
            if (i < 0) {
                problem = new IllegalArgumentException("event " + n + ": item id '" + itemText + "' "
                        + (fixedItems != null ? "is not in the given item index (" + fixedItems.size() + " ids)"
                        : "is not a whole number (item ids are " + itemKind + ")"));
                return this;
            }
            if (Double.isInfinite(v)) {
                problem = new IllegalArgumentException("event " + n + ": value=" + v + ": not a finite number");
                return this;
            }
            if (!Double.isFinite(w)) {
                problem = new IllegalArgumentException("event " + n + ": weight=" + w + ": not a finite number");
                return this;
            }
            if (t != null && t.isEmpty()) {
                problem = new IllegalArgumentException("event " + n + ": type is empty");
                return this;
            }
            if (n == user.length) {
                int cap = n * 2;
                user = Arrays.copyOf(user, cap);
                item = Arrays.copyOf(item, cap);
                timestamp = Arrays.copyOf(timestamp, cap);
                type = Arrays.copyOf(type, cap);
                value = Arrays.copyOf(value, cap);
                weight = Arrays.copyOf(weight, cap);
            }
            user[n] = u;
            item[n] = i;
            timestamp[n] = ts;
            if (t == null) {
                type[n] = -1;
                if (firstUntyped < 0) {
                    firstUntyped = n;
                }
            } else {
                Integer code = typeIds.get(t);
                if (code == null) {
                    code = typeNames.size();
                    typeIds.put(t, code);
                    typeNames.add(t);
                }
                type[n] = code;
                if (firstTyped < 0) {
                    firstTyped = n;
                }
            }
            value[n] = v;
            anyValue |= !Double.isNaN(v);
            weight[n] = w;
            anyWeight |= w != 1.0;
            n++;
            return this;
        }

        /**
         * Returns the log of the events added, in order.
         *
         * @return the log
         * @throws NullPointerException     naming a null kind, id or type
         * @throws IllegalArgumentException naming the first bad event (an id that is not of its kind, an item not in
         *                                  {@link #withItems} index, a non-finite value or weight, an empty type),
         *                                  an event without type in a log with types (or the reverse), or an item
         *                                  index of the other kind
         */
        public EventLog build() {
            Objects.requireNonNull(userKind, "userIds");
            Objects.requireNonNull(itemKind, "itemIds");
            if (fixedItems != null && fixedItems.kind() != itemKind) {
                throw new IllegalArgumentException("items: a " + fixedItems.kind() + " index, but the item ids are "
                        + itemKind);
            }
            if (problem instanceof NullPointerException e) {
                throw new NullPointerException(e.getMessage());
            } else if (problem != null) {
                throw new IllegalArgumentException(problem.getMessage());
            }
            if (firstTyped >= 0 && firstUntyped >= 0) {
                throw new IllegalArgumentException("event " + Math.max(firstTyped, firstUntyped) + ": "
                        + (firstUntyped > firstTyped ? "has no type, but event " + firstTyped + " has one"
                        : "has a type, but event " + firstUntyped + " has none")
                        + ": a log has types on every event or on none");
            }
            int[][] remap = new int[1][];
            IdIndex users = ids(true).freeze(remap);
            int[] userRemap = remap[0];
            IdIndex items;
            int[] itemRemap = null;
            if (fixedItems != null) {
                items = fixedItems;
            } else {
                items = ids(false).freeze(remap);
                itemRemap = remap[0];
            }
            int[] u = new int[n];
            int[] i = new int[n];
            for (int k = 0; k < n; k++) {
                u[k] = userRemap[user[k]];
                i[k] = itemRemap == null ? item[k] : itemRemap[item[k]];
            }
            List<String> types = List.of();
            int[] t = null;
            if (firstTyped >= 0) {
                String[] sorted = typeNames.toArray(new String[0]);
                Arrays.sort(sorted);
                int[] typeRemap = new int[sorted.length];
                for (int c = 0; c < sorted.length; c++) {
                    typeRemap[c] = Arrays.binarySearch(sorted, typeNames.get(c));
                }
                types = List.of(sorted);
                t = new int[n];
                for (int k = 0; k < n; k++) {
                    t[k] = typeRemap[type[k]];
                }
            }
            return new EventLog(users, items, u, i, Arrays.copyOf(timestamp, n), types, t,
                    anyValue ? Arrays.copyOf(value, n) : null, anyWeight ? Arrays.copyOf(weight, n) : null);
        }
    }
}
