package org.recsys4j.examples.modules;

import java.io.File;
import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The library modules and their dependencies as the test's class path holds them (our jars or classes
 * directories, Maven's jars), for running them on the module path: the module name of every entry, the
 * closure of a module's {@code requires} over those entries, and a child JVM to run with them.
 */
final class ModulePath {
    /** The four library modules. */
    static final List<String> LIBRARY = List.of("org.recsys4j.core", "org.recsys4j.embedding", "org.recsys4j.recall",
            "org.recsys4j.rank");

    private static Map<String, Path> modules;

    private ModulePath() {
    }

    /** Returns the test's class path (surefire's, when it runs the tests through a manifest-only jar). */
    static List<Path> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> out = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                out.add(Path.of(e));
            }
        }
        return out;
    }

    /**
     * Returns the module of every class path entry that is a jar or a directory with a module-info.class,
     * by name (the first entry wins, as on the class path): explicit modules by their descriptor, the
     * others as the module path would name them (Automatic-Module-Name, else the file name).
     */
    static synchronized Map<String, Path> modules() {
        if (modules == null) {
            Map<String, Path> found = new LinkedHashMap<>();
            for (Path p : classPath()) {
                boolean jar = Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar");
                if (!jar && !Files.isRegularFile(p.resolve("module-info.class"))) {
                    continue;
                }
                try {
                    for (ModuleReference ref : ModuleFinder.of(p).findAll()) {
                        found.putIfAbsent(ref.descriptor().name(), p);
                    }
                } catch (FindException e) {
                    // not usable as a module (an invalid derived name, a broken descriptor): not one we need
                }
            }
            modules = found;
        }
        return modules;
    }

    /** Returns the descriptor of a module of the class path. */
    static ModuleDescriptor descriptor(String name) {
        Path p = modules().get(name);
        if (p == null) {
            throw new AssertionError("module " + name + " is not on the test class path (modules found: "
                    + modules().keySet() + ")");
        }
        return ModuleFinder.of(p).find(name).orElseThrow().descriptor();
    }

    /**
     * Returns the entries of the given modules and of everything they require, transitively, except the
     * JDK's modules and the {@code requires static} ones (optional at run time) not named in
     * {@code optional}.
     */
    static List<Path> closure(Collection<String> roots, Set<String> optional) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        todo.addAll(optional);
        ModuleFinder system = ModuleFinder.ofSystem();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (system.find(name).isPresent() || !seen.add(name)) {
                continue;
            }
            for (ModuleDescriptor.Requires r : descriptor(name).requires()) {
                if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC) || optional.contains(r.name())) {
                    todo.add(r.name());
                }
            }
        }
        return seen.stream().map(n -> modules().get(n)).distinct().toList();
    }

    /** What a child JVM printed and how it ended. */
    record Run(int exitCode, Map<String, String> values, String output) {
        /** Returns the value printed for a key. */
        String get(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new AssertionError("the probe printed no " + key + ":\n" + output);
            }
            return v;
        }
    }

    /**
     * Runs {@link ModulePathProbe} in a JVM of its own (this JVM's java), with {@code modulePath} on the
     * module path, the probe's classes directory on the class path, and the given options first.
     */
    static Run runProbe(List<Path> modulePath, List<String> options, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(options);
        command.add("--module-path");
        command.add(modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add("-cp");
        command.add(probeClasses().toString());
        command.add(ModulePathProbe.class.getName());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("module-path-probe", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("the probe did not end within 60 s: " + command + "\n" + Files.readString(log));
            }
            return parse(p.exitValue(), String.join(" ", command) + "\n" + Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Run parse(int exitCode, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-zA-Z.]+")) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Run(exitCode, values, text);
    }

    private static Path probeClasses() {
        try {
            return Path.of(ModulePathProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
