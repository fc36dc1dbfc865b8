package org.recsys4j.core.io.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Passes a reader's characters on and remembers them from the start of a known line, so that parsing
 * can start again at a later line of what was already read: after broken CSV quoting, commons-csv has
 * read past the bad record (to the end of the file, for a quote that never closes), and lenient mode
 * resumes on the line after it. Lines end with LF, CRLF or a lone CR, as commons-csv counts them.
 * Memory: what was passed on since the last record, plus up to {@value #KEEP} characters of slack;
 * the whole rest of the file only after a quote that never closes. Not thread-safe.
 */
final class ReplayReader extends Reader {
    static final int KEEP = 1 << 20;

    private final Reader src;
    /** Characters passed on (or looked at), starting at the first character of line {@link #firstLine}. */
    private final StringBuilder seen = new StringBuilder();
    private long firstLine = 1;
    /** Characters to pass on again before reading {@link #src} further. */
    private String replay = "";
    private int replayPos;
    private final char[] one = new char[8192];

    ReplayReader(Reader src) {
        this.src = src;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        if (replayPos < replay.length()) {
            n = Math.min(len, replay.length() - replayPos);
            replay.getChars(replayPos, replayPos + n, cbuf, off);
            replayPos += n;
        } else {
            n = src.read(cbuf, off, len);
            if (n < 0) {
                return -1;
            }
        }
        seen.append(cbuf, off, n);
        return n;
    }

    /** Drops what is remembered before line {@code line} once more than {@value #KEEP} characters are held. */
    void forgetBefore(long line) {
        if (seen.length() <= KEEP || line <= firstLine) {
            return;
        }
        int off = knownOffsetOf(line);
        if (off > 0) {
            seen.delete(0, off);
            firstLine = line;
        }
    }

    /** Returns the offset in {@link #seen} where {@code line} starts, without reading on; -1 if not known yet. */
    private int knownOffsetOf(long line) {
        long l = firstLine;
        int n = seen.length();
        for (int i = 0; i < n && l < line; i++) {
            char c = seen.charAt(i);
            if (c == '\n') {
                l++;
                if (l == line) {
                    return i + 1;
                }
            } else if (c == '\r') {
                if (i + 1 >= n) {
                    return -1;      // CRLF or lone CR: not known yet
                }
                if (seen.charAt(i + 1) == '\n') {
                    i++;
                }
                l++;
                if (l == line) {
                    return i + 1;
                }
            }
        }
        return line == firstLine ? 0 : -1;
    }

    /**
     * Returns the character at {@code i} of what is remembered from line {@link #firstLine} on,
     * reading on if needed (only on the error path: what is read here is not passed on), or -1 at the
     * end of the input.
     */
    int charAt(int i) {
        while (i >= seen.length()) {
            try {
                int n;
                if (replayPos < replay.length()) {
                    n = Math.min(one.length, replay.length() - replayPos);
                    replay.getChars(replayPos, replayPos + n, one, 0);
                    replayPos += n;
                } else {
                    n = src.read(one, 0, one.length);
                }
                if (n < 0) {
                    return -1;
                }
                seen.append(one, 0, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seen.charAt(i);
    }

    /** Returns the first line whose characters are remembered. */
    long firstLine() {
        return firstLine;
    }

    /** Returns the offset where {@code line} starts (reading on if needed), or the end of the input. */
    int offsetOf(long line) {
        long l = firstLine;
        int i = 0;
        while (l < line) {
            int c = charAt(i);
            if (c < 0) {
                return i;
            }
            i++;
            if (c == '\r' && charAt(i) == '\n') {
                i++;
            }
            if (c == '\n' || c == '\r') {
                l++;
            }
        }
        return i;
    }

    /** Returns the text of {@code line} without its terminator (reading on if needed). */
    String lineText(long line) {
        int from = offsetOf(line);
        int to = from;
        for (int c = charAt(to); c >= 0 && c != '\n' && c != '\r'; c = charAt(to)) {
            to++;
        }
        return seen.substring(from, to);
    }

    /** Makes the next reads start at the first character of {@code line} (at or after {@link #firstLine()}). */
    void rewindTo(long line) {
        if (line < firstLine) {
            throw new IllegalArgumentException("line " + line + " is before " + firstLine);
        }
        int off = offsetOf(line);
        replay = seen.substring(off) + replay.substring(replayPos);
        replayPos = 0;
        seen.setLength(0);
        firstLine = line;
    }

    @Override
    public void close() throws IOException {
        src.close();
    }
}
