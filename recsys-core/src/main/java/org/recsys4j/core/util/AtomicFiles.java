package org.recsys4j.core.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes files so that a reader never sees a half-written one: the content goes to a temporary file
 * in the destination's directory, which is then moved over the destination atomically.
 *
 * <p>The temporary file is named {@code .NAME.PID.NANOS.tmp}, created like any other file (so it
 * honours the umask, unlike {@link Files#createTempFile}), and deleted if writing fails. When the file
 * system cannot move atomically the move falls back to a plain replacing move.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("model.bin"), out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of a file to a stream; the stream is closed by {@link AtomicFiles}. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param out the stream of the temporary file
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the content of a file to a path (the temporary file, already created and empty). */
    @FunctionalInterface
    public interface PathContent {
        /**
         * Writes the whole content to {@code tmp}.
         *
         * @param tmp the temporary file
         * @throws IOException if writing fails
         */
        void writeTo(Path tmp) throws IOException;
    }

    /**
     * Replaces {@code file} by {@code bytes} atomically.
     *
     * @param file  the destination; replaced if it exists
     * @param bytes the whole content
     * @throws IOException if writing or moving fails (the destination is then unchanged)
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(file, (Content) out -> out.write(bytes));
    }

    /**
     * Replaces {@code file} by what {@code content} writes to a stream, atomically.
     *
     * @param file    the destination; replaced if it exists
     * @param content writes the content
     * @throws IOException if writing or moving fails (the destination is then unchanged)
     */
    public static void write(Path file, Content content) throws IOException {
        Objects.requireNonNull(content, "content");
        writeVia(file, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(out);
            }
        });
    }

    /**
     * Replaces {@code file} by what {@code content} writes to a temporary path, atomically; for writers
     * that want a channel or their own stream.
     *
     * @param file    the destination; replaced if it exists
     * @param content writes the temporary file
     * @throws IOException if writing or moving fails (the destination is then unchanged)
     */
    public static void writeVia(Path file, PathContent content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = dir.resolve("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime()
                + ".tmp");
        try {
            Files.createFile(tmp);
            content.writeTo(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
