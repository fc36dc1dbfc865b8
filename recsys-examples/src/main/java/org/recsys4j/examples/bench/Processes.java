package org.recsys4j.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs an anchor's program (a Python script, Spark's launcher) as a subprocess and returns its
 * standard output; standard error is passed through to ours so its progress stays visible.
 */
public final class Processes {
    private Processes() {
    }

    /**
     * Runs {@code command} and returns its standard output. When {@code threads > 0}, the usual
     * thread-count variables (OpenMP, OpenBLAS, MKL) are set to it so that a numeric library uses
     * exactly as many threads as we do.
     *
     * @throws IOException if it cannot start or exits with a status ≠ 0 (named with the command)
     */
    public static String output(List<String> command, int threads) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (threads > 0) {
            for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
                pb.environment().put(v, Integer.toString(threads));
            }
        }
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            if (status != 0) {
                throw new IOException(String.join(" ", command) + ": exit status " + status);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
