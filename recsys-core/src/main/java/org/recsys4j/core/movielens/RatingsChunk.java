package org.recsys4j.core.movielens;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.ValueRange;
import org.recsys4j.core.io.internal.FileTally;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The byte-level ratings parser: one byte range of a ratings file, parsed by one thread into columns.
 * Lines are counted from the range's start ({@link RatingsParser} shifts them when it merges ranges).
 *
 * <p>The range is read through the {@link FileChannel} into a 1 MiB heap buffer (grown for an overlong
 * line); each line (ended by LF, CRLF or a lone CR) is parsed in place: ids as unsigned decimal integers,
 * the rating as {@code digits[.digits]} turned into a double by one correctly rounded division (so equal to
 * {@link Double#parseDouble}), the timestamp as a decimal {@code long}. A line this fast path does not
 * accept goes to the {@link RatingsSlowPath}, which decides. Then the rating range and step and the item
 * lookup are checked; a kept row is appended to the columns, with the raw user id (mapped later).
 * {@link #irregular} records, for each line that is not a kept row (header, blank, skipped), the number of
 * rows kept before it, so that a kept row's line can be recovered.
 */
final class RatingsChunk implements Runnable {
    static final int MAX_ID = Integer.MAX_VALUE;
    private static final int BUFFER = 1 << 20;
    private static final double[] POW10 = new double[19];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private final RatingsParser parser;
    private final String fileName;
    private final byte[] sep;
    private final List<String> header;
    private final double minRating;
    private final double maxRating;
    private final ValueRange range;
    private final ItemLookup items;
    private final String catalogueName;
    private final RatingsSlowPath slowPath;
    private final FileChannel ch;
    private final long start;
    private final long end;
    private final boolean first;
    final FileTally tally;
    final IntArrayList irregular = new IntArrayList();
    int[] user;
    int[] item;
    float[] value;
    long[] ts;
    int n;
    long lines;
    long blankLines;
    private boolean headerSeen;
    DataFileException pending;
    private Throwable failure;
    private byte[] buf = new byte[BUFFER];
    private int p;                 // fast-path cursor

    /**
     * @param parser the file's settings (separator, header, rating range, item lookup, mode) and its abort flag
     * @param ch     the open file
     * @param start  the first byte of this range
     * @param end    one past the last byte
     * @param first  true for the range that starts the file (it holds the header and may have a BOM)
     */
    RatingsChunk(RatingsParser parser, FileChannel ch, long start, long end, boolean first) {
        this.parser = parser;
        this.fileName = parser.fileName;
        this.sep = parser.sep;
        this.header = parser.header;
        this.minRating = parser.range.min();
        this.maxRating = parser.range.max();
        this.range = parser.range;
        this.items = parser.items;
        this.catalogueName = parser.catalogueName;
        this.tally = new FileTally(fileName, parser.lenient);
        this.slowPath = new RatingsSlowPath(tally, parser.csv, parser.sepText, parser.header);
        this.ch = ch;
        this.start = start;
        this.end = end;
        this.first = first;
    }

    @Override
    public void run() {
        try {
            read();
        } catch (DataFileException e) {
            pending = e;
            if (first) {
                parser.aborted = true;
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    void rethrowFailure() throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new UncheckedIOException(new IOException(failure));
        }
    }

    private void allocate(int capacity) {
        capacity = Math.max(capacity, 16);
        user = new int[capacity];
        item = new int[capacity];
        value = new float[capacity];
        ts = new long[capacity];
    }

    private void grow() {
        int cap = (int) Math.min(Integer.MAX_VALUE - 16, user.length + (user.length >> 1) + 16L);
        if (cap <= user.length) {
            throw new IllegalStateException(fileName + ": more than " + user.length + " rows");
        }
        user = Arrays.copyOf(user, cap);
        item = Arrays.copyOf(item, cap);
        value = Arrays.copyOf(value, cap);
        ts = Arrays.copyOf(ts, cap);
    }

    private void read() throws IOException {
        long pos = start;
        int len = 0;
        int off = 0;
        boolean atStart = first;
        while (true) {
            if (off > 0) {
                System.arraycopy(buf, off, buf, 0, len - off);
                len -= off;
                off = 0;
            }
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int want = (int) Math.min(buf.length - len, end - pos);
            int r = want > 0 ? ch.read(ByteBuffer.wrap(buf, len, want), pos) : -1;
            if (r > 0) {
                pos += r;
                len += r;
            }
            boolean eof = r <= 0 || pos >= end;
            if (!first && parser.aborted) {
                return;     // an earlier chunk already failed; its error is the one reported
            }
            if (user == null) {
                allocate(estimateRows(len, end - start));
            }
            if (atStart) {
                if (len >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                    off = 3;
                }
                atStart = false;
            }
            int i = off;
            while (true) {
                while (i < len && buf[i] != '\n' && buf[i] != '\r') {
                    i++;
                }
                if (i >= len) {
                    break;
                }
                int next = i + 1;
                if (buf[i] == '\r') {
                    if (next == len && !eof) {
                        break;      // a CR at the end of the buffer: CRLF or a lone CR? read on to see
                    }
                    if (next < len && buf[next] == '\n') {
                        next++;
                    }
                }
                line(off, i);
                off = i = next;
            }
            if (eof) {
                if (off < len) {
                    line(off, len);
                    off = len;
                }
                return;
            }
        }
    }

    private int estimateRows(int sample, long total) {
        int nl = 0;
        for (int i = 0; i < sample; i++) {
            if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 >= sample || buf[i + 1] != '\n'))) {
                nl++;
            }
        }
        double perLine = nl > 0 ? (double) sample / nl : 64;
        return (int) Math.min(Integer.MAX_VALUE - 64, (long) (total / perLine * 1.02) + 64);
    }

    /** Handles line [ls, le) (without its terminator: LF, CRLF or a lone CR). */
    private void line(int ls, int le) throws DataFileException {
        long lineNo = ++lines;
        if (le == ls) {
            blankLines++;
            irregular.add(n);
            return;
        }
        if (first && !headerSeen && header != null) {
            headerSeen = true;      // the first line that is not blank, as in every other file
            irregular.add(n);
            slowPath.checkHeader(buf, ls, le, lineNo);
            return;
        }
        tally.rowsRead++;
        int u;
        int it;
        double rating;
        long t;
        int rs;
        int re;
        if (fast(ls, le)) {
            u = (int) fUser;
            it = (int) fItem;
            rating = fRating;
            t = fTs;
            rs = fRs;
            re = fRe;
        } else if (slowPath.parse(buf, ls, le, lineNo)) {
            u = (int) slowPath.user;
            it = (int) slowPath.item;
            rating = slowPath.rating;
            t = slowPath.timestamp;
            rs = -1;
            re = -1;
        } else {
            irregular.add(n);
            return;
        }
        if (!(rating >= minRating && rating <= maxRating) || !onStep(rating)) {
            String text = rs >= 0 ? new String(buf, rs, re - rs, StandardCharsets.ISO_8859_1) : slowPath.ratingText;
            irregular.add(n);
            tally.skip(SkipReason.OUT_OF_RANGE, lineNo, "rating", text, "rating " + range.why(rating));
            return;
        }
        int idx = items.indexOf(it);
        if (idx < 0) {
            irregular.add(n);
            tally.skip(SkipReason.UNKNOWN_ITEM, lineNo, "movieId", Integer.toString(it),
                    "item not in " + catalogueName);
            return;
        }
        if (n == user.length) {
            grow();
        }
        user[n] = u;
        item[n] = idx;
        value[n] = (float) rating;
        ts[n] = t;
        n++;
        tally.rowsKept++;
    }

    private boolean onStep(double r) {
        return range.contains(r);
    }

    // fast-path results
    private long fUser;
    private long fItem;
    private double fRating;
    private long fTs;
    private int fRs;
    private int fRe;

    /** Parses the common case; returns false (without side effects) if the line needs the slow path. */
    private boolean fast(int ls, int le) {
        byte[] b = buf;
        p = ls;
        long uid = uint(b, le, 10);
        if (uid < 0 || uid > MAX_ID || !separator(b, le)) {
            return false;
        }
        long iid = uint(b, le, 10);
        if (iid < 0 || iid > MAX_ID || !separator(b, le)) {
            return false;
        }
        int rs = p;
        long mant = 0;
        int digits = 0;
        while (p < le) {
            int c = b[p] - '0';
            if (c < 0 || c > 9) {
                break;
            }
            mant = mant * 10 + c;
            digits++;
            p++;
        }
        if (digits == 0) {
            return false;
        }
        int scale = 0;
        if (p < le && b[p] == '.') {
            p++;
            while (p < le) {
                int c = b[p] - '0';
                if (c < 0 || c > 9) {
                    break;
                }
                mant = mant * 10 + c;
                digits++;
                scale++;
                p++;
            }
            if (scale == 0) {
                return false;
            }
        }
        if (digits > 15) {
            return false;
        }
        int re = p;
        if (!separator(b, le)) {
            return false;
        }
        long t = uint(b, le, 18);
        if (t < 0 || p != le) {
            return false;
        }
        fUser = uid;
        fItem = iid;
        fRating = scale == 0 ? (double) mant : mant / POW10[scale];
        fTs = t;
        fRs = rs;
        fRe = re;
        return true;
    }

    /** Reads 1..maxDigits decimal digits at p; returns the value or -1. */
    private long uint(byte[] b, int le, int maxDigits) {
        int s = p;
        long v = 0;
        int i = s;
        while (i < le) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                break;
            }
            v = v * 10 + c;
            i++;
        }
        int d = i - s;
        if (d == 0 || d > maxDigits) {
            return -1;
        }
        p = i;
        return v;
    }

    private boolean separator(byte[] b, int le) {
        byte[] s = sep;
        if (p + s.length > le) {
            return false;
        }
        for (int k = 0; k < s.length; k++) {
            if (b[p + k] != s[k]) {
                return false;
            }
        }
        p += s.length;
        return true;
    }
}
