package org.recsys4j.spark;

import java.io.IOException;
import java.io.Serializable;

/**
 * Makes, on each Spark executor, an object that is not serialisable itself: the {@code SampleSpec} and the
 * {@code ItemCatalog} a job's partitions need. A lambda or method reference over this interface is serialised
 * with the job's closures, e.g. {@code SampleSpec::protocolC} or
 * {@code () -> CatalogReader.builder(mapping).build().read(Path.of(SparkFiles.get("items.csv"))).data()};
 * every executor makes the object once per job and keeps it for the job's tasks.
 *
 * @param <T> what it makes
 */
@FunctionalInterface
public interface Recipe<T> extends Serializable {
    /**
     * Returns a new object; the same on every call and on every machine (it must read only what every executor
     * sees: a file shipped with {@code SparkContext.addFile}, a shared file system, constants).
     *
     * @throws IOException if a file it reads cannot be read
     */
    T make() throws IOException;
}
