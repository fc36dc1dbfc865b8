package org.recsys4j.examples.bench;

import org.recsys4j.core.vector.Vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Describes the machine and JVM a benchmark ran on, for the header of its output. */
public final class Machine {
    private Machine() {
    }

    /**
     * Returns one line: date, CPU model, cores, memory, JVM, the float kernels of {@link Vectors} (scalar, or
     * the Vector API when the JVM runs with {@code --add-modules jdk.incubator.vector}) and the 1-minute load
     * average.
     */
    public static String describe() {
        return String.format(Locale.ROOT, "%s; %s; %d cores; %.1f GiB max heap; Java %s (%s); kernels %s; load average %s",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), cpu(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (double) (1L << 30),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), Vectors.simdKernels(),
                loadAverage());
    }

    /** Returns the 1-minute load average from {@code /proc/loadavg}, or "n/a". */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
