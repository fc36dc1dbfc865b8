package org.recsys4j.spark;

import org.apache.spark.sql.SparkSession;

import java.util.Objects;

/**
 * Returns Spark sessions for running the jobs of this module inside the calling JVM: local mode for tests,
 * benchmarks and a single large machine, bound to the loopback interface with the web UI off. On a real
 * cluster the jobs take the session {@code spark-submit} made ({@code SparkSession.builder().getOrCreate()}),
 * not this one (docs/spark.md).
 */
public final class LocalSpark {
    private LocalSpark() {
    }

    /**
     * Returns a new or the running session on {@code master} (e.g. {@code local[2]}): driver bound to
     * 127.0.0.1, no UI, {@code spark.sql.shuffle.partitions} equal to the local thread count so that small
     * data are not cut into 200 tasks, log level WARN.
     *
     * @param master  the master URL
     * @param appName the application's name
     * @return the session; close it when done
     */
    public static SparkSession session(String master, String appName) {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(appName, "appName");
        SparkSession s = SparkSession.builder().master(master).appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", Integer.toString(localThreads(master)))
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /** Returns the thread count of a {@code local[n]} / {@code local[*]} master, 2 for any other master. */
    static int localThreads(String master) {
        if (master.startsWith("local[") && master.endsWith("]")) {
            String n = master.substring(6, master.length() - 1);
            if (n.equals("*")) {
                return Runtime.getRuntime().availableProcessors();
            }
            try {
                return Math.max(1, Integer.parseInt(n.split(",")[0]));
            } catch (NumberFormatException e) {
                return 2;
            }
        }
        return master.equals("local") ? 1 : 2;
    }
}
