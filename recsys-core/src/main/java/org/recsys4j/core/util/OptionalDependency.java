package org.recsys4j.core.util;

import java.util.Objects;

/**
 * The check that an optional third-party library is on the class path, made where a user first asks
 * for a feature that needs it, so a missing jar is a clear error naming what to add instead of a
 * {@link NoClassDefFoundError} from deep inside the feature. On the module path (where the library's
 * descriptors declare these libraries {@code requires static}) the message says to resolve the module too.
 *
 * <p>Recsys4J declares the libraries that only one feature uses as optional Maven dependencies (jedis
 * for the Redis store, Jackson for remote models, DJL for ONNX models; docs/install.md), so an
 * application that does not use the feature does not carry them. The check runs in a class that does
 * not itself refer to the library (a config or builder), because a class that does may fail to link
 * before any of its code runs.
 *
 * <pre>{@code
 * OptionalDependency.require("redis.clients.jedis.UnifiedJedis", "redis.clients:jedis", "RedisFeatureStore");
 * }</pre>
 */
public final class OptionalDependency {
    private OptionalDependency() {
    }

    /**
     * Returns normally when a class of the library can be loaded by this class's loader, else throws.
     *
     * @param className   a class the feature needs, e.g. {@code redis.clients.jedis.UnifiedJedis}
     * @param coordinates the Maven coordinates to add, e.g. {@code redis.clients:jedis}
     * @param feature     what needs it, e.g. {@code RedisFeatureStore}
     * @throws IllegalStateException naming the feature and the dependency when the class is missing
     */
    public static void require(String className, String coordinates, String feature) {
        Objects.requireNonNull(className, "className");
        try {
            Class.forName(className, false, OptionalDependency.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            if (OptionalDependency.class.getModule().isNamed()) {
                // On the module path an optional dependency is a "requires static": its jar must be there and
                // its module resolved, which the module path does not do by itself.
                throw new IllegalStateException(feature + " needs " + coordinates + " on the module path (" + className
                        + " not found): Recsys4J declares it as an optional dependency (requires static), so add it "
                        + "and resolve its module (requires it in your module-info.java, or --add-modules it); "
                        + "docs/install.md gives the version and the module name", e);
            }
            throw new IllegalStateException(feature + " needs " + coordinates + " on the class path (" + className
                    + " not found): Recsys4J declares it as an optional dependency, so add it to your project's "
                    + "dependencies; docs/install.md gives the version", e);
        }
    }
}
