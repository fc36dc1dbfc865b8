package org.recsys4j.core.movielens;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.ValueRange;
import org.recsys4j.core.io.internal.FileTally;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a purely numeric ratings file ({@code user SEP item SEP rating SEP timestamp} per line) at
 * byte level and validates every row.
 *
 * <p><b>Why a hand-written parser.</b> A ratings file has four numbers per line and can hold 25 M
 * lines (ml-25m: 678 MB). Going through commons-csv costs a {@code CSVRecord}, four {@code String}s
 * and four {@code parseXxx} calls per line. Measured with {@code RatingsParseBenchmark} (test sources;
 * same validation, item lookup, duplicate check and columns on both sides; best of several warm runs;
 * 2-core shared VM, OpenJDK 17.0.15, -Xmx6g):
 * <table>
 * <caption>rows per second</caption>
 * <tr><th>file</th><th>commons-csv</th><th>this parser, 1 thread</th><th>2 threads</th></tr>
 * <tr><td>ml-latest-small ratings.csv, 100,837 lines</td><td>2.9 M/s (35 ms)</td><td>11.8 M/s (8.6 ms)</td>
 *     <td>(file too small to split)</td></tr>
 * <tr><td>25,007,329 lines, 659 MB (248 copies of it, user ids shifted)</td><td>1.8 M/s (14.2 s)</td>
 *     <td>11.7 M/s (2.15 s)</td><td>20.4 M/s (1.23 s)</td></tr>
 * </table>
 * A cold one-shot {@code MovieLens.load} of that 25 M-row directory (movies.csv included, JVM start
 * excluded) took 4.4 s on one thread and 3.9 s on two, 1.1 GB peak RSS; pandas 1.5.3
 * {@code read_csv} on the same file took 9.8 s (5.0 s with explicit dtypes), without validation or
 * duplicate detection.
 *
 * <p><b>Who does what.</b> This class coordinates: it cuts the file into byte ranges, merges their
 * results in file order, maps the user ids and drops repeated (user, item) rows. Each range is parsed by a
 * {@link RatingsChunk}, the byte-level fast path (every line parsed in place in a 1 MiB buffer); a line
 * that path does not accept (a quote, a sign, an exponent, spaces, a wrong field count, anything odd) is
 * parsed again on its own by the {@link RatingsSlowPath} (decoded, split by commons-csv or by the
 * separator), the reference that decides whether the row is kept or which {@link SkipReason} and message
 * it gets. The fast path only ever accepts rows that the slow path accepts with the same values.
 * {@link DuplicateRatings} finds the repeated pairs.
 *
 * <p><b>Two threads.</b> A file of at least {@value #PARALLEL_MIN_BYTES} bytes is cut into two byte
 * ranges at the first newline after its middle, parsed concurrently; the second range's line numbers
 * are shifted by the first range's line count when merging, so reported lines stay exact and rows stay
 * in file order.
 *
 * <p><b>Duplicates</b> are found after parsing ({@link DuplicateRatings}); the first row of a pair is kept.
 */
final class RatingsParser {
    static final long PARALLEL_MIN_BYTES = 16L << 20;
    static final String[] FIELDS = RatingsSlowPath.FIELDS;

    private final Path path;
    // the settings every chunk reads
    final String fileName;
    final byte[] sep;
    final String sepText;
    final boolean csv;
    final List<String> header;
    final ValueRange range;
    final ItemLookup items;
    final String catalogueName;
    final boolean lenient;
    private final int threads;
    /** Files at least this long are parsed on two threads (when allowed); tests lower it. */
    long parallelMinBytes = PARALLEL_MIN_BYTES;
    /** Set when a chunk stops on an error in strict mode, so that a later chunk stops too. */
    volatile boolean aborted;

    /**
     * @param header the expected header fields, or null when the file has no header
     * @param csv    true to split slow-path lines with commons-csv (RFC 4180), else by {@code sep}
     */
    RatingsParser(Path path, String sep, boolean csv, List<String> header, ValueRange range, ItemLookup items,
                  String catalogueName, boolean lenient, int threads) {
        this.path = path;
        this.fileName = path.getFileName().toString();
        this.sep = sep.getBytes(StandardCharsets.ISO_8859_1);
        this.sepText = sep;
        this.csv = csv;
        this.header = header;
        this.range = range;
        this.items = items;
        this.catalogueName = catalogueName;
        this.lenient = lenient;
        this.threads = threads;
    }

    /** The parsed rows and what was skipped; call {@link #finish} to get the interactions. */
    static final class Parsed {
        int[] user;
        int[] item;
        float[] value;
        long[] ts;
        int n;
        IntArrayList irregular;
        FileTally tally;
        DataFileException pending;
    }

    /** Parses the whole file (on one or two threads) and merges the chunks in file order. */
    Parsed parse() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            long split = threads >= 2 && size >= parallelMinBytes ? splitPoint(ch, size) : -1;
            if (split < 0) {
                RatingsChunk c = new RatingsChunk(this, ch, 0, size, true);
                c.run();
                c.rethrowFailure();
                checkNotEmpty(c);
                return merge(c, null);
            }
            RatingsChunk first = new RatingsChunk(this, ch, 0, split, true);
            RatingsChunk second = new RatingsChunk(this, ch, split, size, false);
            Thread t = new Thread(second, "recsys4j-ratings-parser");
            t.setDaemon(true);
            t.start();
            first.run();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while parsing " + fileName, e);
            }
            first.rethrowFailure();
            second.rethrowFailure();
            return merge(first, first.pending != null ? null : second);
        }
    }

    private void checkNotEmpty(RatingsChunk c) throws DataFileException {
        if (c.lines == c.blankLines && c.pending == null) {
            throw new DataFileException(fileName, 1, header != null ? "header" : "line", "",
                    "file is empty" + (header != null ? ", expected header " + String.join(",", header) : ""));
        }
    }

    /**
     * Returns the offset just after the first line terminator (LF, CRLF or a lone CR) after the middle of
     * the file, or -1 when there is none before the end.
     */
    static long splitPoint(FileChannel ch, long size) throws IOException {
        long pos = size / 2;
        ByteBuffer bb = ByteBuffer.allocate(1 << 16);
        boolean afterCr = false;
        while (pos < size) {
            bb.clear();
            int r = ch.read(bb, pos);
            if (r <= 0) {
                return -1;
            }
            for (int i = 0; i < r; i++) {
                byte b = bb.get(i);
                if (afterCr) {
                    long s = b == '\n' ? pos + i + 1 : pos + i;     // CRLF, or a lone CR before this byte
                    return s < size ? s : -1;
                }
                if (b == '\n') {
                    long s = pos + i + 1;
                    return s < size ? s : -1;
                }
                afterCr = b == '\r';
            }
            pos += r;
        }
        return -1;
    }

    private Parsed merge(RatingsChunk a, RatingsChunk b) {
        Parsed p = new Parsed();
        p.tally = a.tally;
        p.pending = a.pending;
        if (b == null) {
            p.n = a.n;
            p.user = a.user;
            p.item = a.item;
            p.value = a.value;
            p.ts = a.ts;
            p.irregular = a.irregular;
            return p;
        }
        int n = a.n + b.n;
        p.n = n;
        p.user = Arrays.copyOf(a.user, n);
        p.item = Arrays.copyOf(a.item, n);
        p.value = Arrays.copyOf(a.value, n);
        p.ts = Arrays.copyOf(a.ts, n);
        System.arraycopy(b.user, 0, p.user, a.n, b.n);
        System.arraycopy(b.item, 0, p.item, a.n, b.n);
        System.arraycopy(b.value, 0, p.value, a.n, b.n);
        System.arraycopy(b.ts, 0, p.ts, a.n, b.n);
        a.user = null;
        b.user = null;
        p.irregular = a.irregular;
        for (int i = 0; i < b.irregular.size(); i++) {
            p.irregular.add(b.irregular.getInt(i) + a.n);
        }
        long offset = a.lines;
        p.tally.absorb(b.tally, offset);
        if (b.pending != null) {
            DataFileException e = b.pending;
            p.pending = new DataFileException(e.file(), e.line() + offset, e.field(), e.value(), e.problem());
        }
        return p;
    }

    /**
     * Maps user ids to an ascending {@link IdIndex}, drops repeated (user, item) pairs (keeping the
     * first), and wraps the columns; in strict mode throws the earliest duplicate or pending parse
     * error. The item index is {@code items} itself.
     */
    Interactions finish(Parsed p, IdIndex items) throws DataFileException {
        int n = p.n;
        int[] user = p.user;
        IdIndex users = mapUsers(user, n);
        IntArrayList dupRows = new IntArrayList();
        IntArrayList firstRows = new IntArrayList();
        DuplicateRatings.find(user, p.item, n, users.size(), items.size(), dupRows, firstRows);
        if (!dupRows.isEmpty()) {
            for (int i = 0; i < dupRows.size(); i++) {
                int k = dupRows.getInt(i);
                long line = lineOf(p.irregular, k);
                // strict: throws here, which is before any pending parse error (rows precede it)
                p.tally.skip(SkipReason.DUPLICATE, line, "movieId", Long.toString(items.longId(p.item[k])),
                        "user " + users.longId(user[k]) + " already rated this item on line "
                                + lineOf(p.irregular, firstRows.getInt(i)));
            }
        }
        if (p.pending != null) {
            throw p.pending;
        }
        p.tally.rowsKept -= dupRows.size();
        int[] item = p.item;
        float[] value = p.value;
        long[] ts = p.ts;
        if (!dupRows.isEmpty()) {
            int m = 0;
            int d = 0;
            for (int k = 0; k < n; k++) {
                if (d < dupRows.size() && dupRows.getInt(d) == k) {
                    d++;
                    continue;
                }
                user[m] = user[k];
                item[m] = item[k];
                value[m] = value[k];
                ts[m] = ts[k];
                m++;
            }
            n = m;
        }
        if (user.length != n) {
            user = Arrays.copyOf(user, n);
            item = Arrays.copyOf(item, n);
            value = Arrays.copyOf(value, n);
            ts = Arrays.copyOf(ts, n);
        }
        p.user = null;
        return Interactions.wrap(users, items, user, item, value, ts);
    }

    /** Returns the 1-based line of kept row {@code k}: rows before it plus the header/blank/skipped lines before it. */
    private static long lineOf(IntArrayList irregular, int k) {
        int lo = 0;
        int hi = irregular.size();
        while (lo < hi) {   // count of entries <= k
            int mid = (lo + hi) >>> 1;
            if (irregular.getInt(mid) <= k) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return 1L + k + lo;
    }

    /** Replaces raw user ids by their index in ascending id order (in place) and returns the index. */
    private static IdIndex mapUsers(int[] user, int n) {
        int max = -1;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, user[k]);
        }
        if (max < Math.max(1 << 22, 4L * n)) {
            int[] table = new int[max + 1];
            Arrays.fill(table, -1);
            for (int k = 0; k < n; k++) {
                table[user[k]] = 0;
            }
            int count = 0;
            for (int id = 0; id <= max; id++) {
                if (table[id] >= 0) {
                    table[id] = count++;
                }
            }
            long[] ids = new long[count];
            for (int id = 0; id <= max; id++) {
                if (table[id] >= 0) {
                    ids[table[id]] = id;
                }
            }
            for (int k = 0; k < n; k++) {
                user[k] = table[user[k]];
            }
            return IdIndex.ofLongs(ids);
        }
        int[] sorted = Arrays.copyOf(user, n);
        Arrays.sort(sorted);
        int count = 0;
        for (int k = 0; k < n; k++) {
            if (k == 0 || sorted[k] != sorted[k - 1]) {
                sorted[count++] = sorted[k];
            }
        }
        long[] ids = new long[count];
        for (int c = 0; c < count; c++) {
            ids[c] = sorted[c];
        }
        for (int k = 0; k < n; k++) {
            user[k] = Arrays.binarySearch(sorted, 0, count, user[k]);
        }
        return IdIndex.ofLongs(ids);
    }

}
