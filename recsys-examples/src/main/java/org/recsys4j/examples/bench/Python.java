package org.recsys4j.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference system's Python code in a subprocess, so that its figure is measured in the same
 * run as ours. Finds an interpreter that has the modules needed (e.g. numpy + scipy for the top-N
 * anchor, pandas for the loading comparison).
 */
public final class Python {
    private static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");

    private final String executable;

    private Python(String executable) {
        this.executable = executable;
    }

    /** Returns the first interpreter on the candidate list ({@code python3}, {@code /usr/bin/python3}) that imports every module. */
    public static Optional<Python> find(String... modules) {
        String imports = "import " + String.join(", ", modules);
        for (String exe : CANDIDATES) {
            try {
                Process p = new ProcessBuilder(exe, "-c", imports).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(new Python(exe));
                }
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Returns the interpreter's path or command name. */
    public String executable() {
        return executable;
    }

    /**
     * Runs a script given as text with arguments and returns its standard output; standard error is
     * passed through. Environment variables pin thread counts when {@code threads > 0}.
     *
     * @throws IOException if the script fails (exit status ≠ 0), naming the status
     */
    public String run(String script, int threads, String... args) throws IOException {
        Path file = Files.createTempFile("recsys4j-anchor", ".py");
        try {
            Files.writeString(file, script, StandardCharsets.UTF_8);
            return runFile(file, threads, args);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Runs a script file (so that it imports the modules beside it) with arguments and returns its
     * standard output; standard error is passed through. Thread counts are pinned as in
     * {@link #run(String, int, String...)}.
     *
     * @throws IOException if the script fails (exit status ≠ 0), naming the script, its arguments and the status
     */
    public String runFile(Path script, int threads, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(executable, script.toString()));
        cmd.addAll(List.of(args));
        return Processes.output(cmd, threads);
    }
}
