package org.recsys4j.core.movielens;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import org.recsys4j.core.data.IdIndex;

import java.util.Arrays;

/**
 * Maps an external item id to its dense index, or -1; a flat table when the ids are small and
 * dense enough (MovieLens: at most a few hundred thousand), else a primitive hash map. Read-only once
 * built, so safe to share between parser threads.
 */
final class ItemLookup {
    private final int[] table;
    private final Long2IntOpenHashMap map;

    ItemLookup(IdIndex items) {
        long[] ids = items.longIds();
        long max = -1;
        long min = 0;
        for (long id : ids) {
            max = Math.max(max, id);
            min = Math.min(min, id);
        }
        if (min >= 0 && max < Math.max(1L << 20, 8L * ids.length)) {
            table = new int[(int) max + 1];
            Arrays.fill(table, -1);
            for (int i = 0; i < ids.length; i++) {
                table[(int) ids[i]] = i;
            }
            map = null;
        } else {
            table = null;
            map = new Long2IntOpenHashMap(ids.length);
            map.defaultReturnValue(-1);
            for (int i = 0; i < ids.length; i++) {
                map.put(ids[i], i);
            }
        }
    }

    int indexOf(long id) {
        if (table != null) {
            return id >= 0 && id < table.length ? table[(int) id] : -1;
        }
        return map.get(id);
    }
}
