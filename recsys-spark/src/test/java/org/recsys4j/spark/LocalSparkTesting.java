package org.recsys4j.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the tests' local[2] Spark session. Spark 4.2 on Hadoop's 3.5 client runs on JDK 17 through 25; should a
 * JVM refuse it (Hadoop's {@code UserGroupInformation} calling {@code Subject.getSubject}, which throws
 * {@code UnsupportedOperationException} from JDK 23 on in Hadoop versions before 3.4.2/3.5), the tests are skipped with that cause
 * named, not failed.
 */
final class LocalSparkTesting {
    private LocalSparkTesting() {
    }

    static SparkSession session() {
        try {
            return LocalSpark.session("local[2]", "recsys4j-tests");
        } catch (RuntimeException | LinkageError e) {
            String cause = chain(e);
            if (cause.contains("getSubject") || cause.contains("Subject") || e instanceof UnsupportedOperationException) {
                Assumptions.abort("Spark local mode does not start on Java " + System.getProperty("java.version")
                        + " (" + cause + "): Hadoop's UserGroupInformation needs Subject.getSubject, which JDK 23+ "
                        + "refuses; skipping the Spark tests on this JDK (docs/spark.md)");
            }
            throw e;
        }
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append("; ");
        }
        return b.toString();
    }
}
