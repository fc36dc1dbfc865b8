package org.recsys4j.core.testing;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The test's class path without some jars, in a class loader of its own: runs code as an application
 * that did not declare an optional dependency would, to check that what does not need the dependency
 * works and what does fails with a clear message.
 *
 * <pre>{@code
 * String out = IsolatedClassPath.without("jedis-").call(UsesTheInMemoryStore.class);
 * }</pre>
 */
public final class IsolatedClassPath {
    private final List<String> excluded;

    private IsolatedClassPath(List<String> excluded) {
        this.excluded = excluded;
    }

    /** Returns the test class path without every jar whose file name starts with one of the prefixes. */
    public static IsolatedClassPath without(String... jarNamePrefixes) {
        return new IsolatedClassPath(List.of(jarNamePrefixes));
    }

    /** Returns the entries kept. */
    public List<Path> entries() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> out = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            String name = Path.of(e).getFileName().toString();
            if (excluded.stream().noneMatch(name::startsWith)) {
                out.add(Path.of(e));
            }
        }
        return out;
    }

    /** Returns whether the unfiltered class path has a jar with one of the prefixes (so a test is meaningful). */
    public boolean removesSomething() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).getFileName().toString())
                .anyMatch(n -> excluded.stream().anyMatch(n::startsWith));
    }

    /**
     * Loads a {@link Callable} class (public, with a public no-argument constructor) in a fresh loader over
     * {@link #entries()} whose parent is the platform loader, and returns what it returns.
     *
     * @throws Exception what the callable throws
     */
    public <T> T call(Class<? extends Callable<T>> type) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (Path p : entries()) {
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(p.toString(), e);
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> c = Class.forName(type.getName(), true, loader);
            if (c == type) {
                throw new IllegalStateException(type + " was loaded by the test's own loader");
            }
            @SuppressWarnings("unchecked")
            Callable<T> callable = (Callable<T>) c.getConstructor().newInstance();
            return callable.call();
        }
    }
}
