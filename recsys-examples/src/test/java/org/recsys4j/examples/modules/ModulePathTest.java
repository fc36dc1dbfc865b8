package org.recsys4j.examples.modules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The library's module descriptors (module-info.java of recsys-core, -embedding, -recall and -rank) export
 * every API package and no internal one, declare the optional dependencies {@code requires static}, and
 * the built modules run on the module path: without the optional dependencies, with the SIMD flag, and
 * with the optional dependencies resolved. The modules and their dependencies are taken from this test's
 * own class path, so the test runs on what the reactor (or the local repository) built.
 */
class ModulePathTest {
    private static final Path ROOT = Path.of("..");

    /** The packages that are not API, and why; exported, if at all, only to our own modules. */
    static final Map<String, String> INTERNAL = Map.of(
            "org.recsys4j.core.util", "helpers shared by the library modules (Parallel, AtomicFiles, IntDoubleTopK, ...)",
            "org.recsys4j.core.vector.internal", "the Vector API kernels behind Vectors",
            "org.recsys4j.core.io.internal", "the readers' shared plumbing (CSV loop, tallies), used by core only",
            "org.recsys4j.rank.nn", "the layers and update kernels rank's trained models share (Adam, GRU, attention), used by rank only",
            "org.recsys4j.rank.internal", "the binary container of rank's model files (R4JC, R4JS), used by rank only");

    /** The optional dependencies: the modules a library descriptor must declare {@code requires static}. */
    static final Set<String> OPTIONAL = Set.of("redis.clients.jedis", "org.apache.commons.pool2", "ai.djl.api",
            "com.fasterxml.jackson.databind", "com.fasterxml.jackson.core");

    private static final List<String> ADD_OURS = List.of("--add-modules",
            "org.recsys4j.embedding,org.recsys4j.recall,org.recsys4j.rank");

    /**
     * Returns the packages of a module's sources: those that hold a class ({@code classes} true), or those
     * that hold only a package-info.java (a module overview, which javac does not let a descriptor export).
     */
    static Set<String> sourcePackages(String module, boolean classes) throws IOException {
        Path src = ROOT.resolve("recsys-" + module.substring("org.recsys4j.".length())).resolve("src/main/java");
        Map<String, Boolean> hasClass = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("module-info.java"))
                    .forEach(f -> hasClass.merge(src.relativize(f.getParent()).toString().replace(File.separatorChar, '.'),
                            !f.getFileName().toString().equals("package-info.java"), Boolean::logicalOr));
        }
        return hasClass.entrySet().stream().filter(e -> e.getValue() == classes).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyApiPackageIsExportedAndNoInternalOne() throws IOException {
        for (String module : ModulePath.LIBRARY) {
            ModuleDescriptor d = ModulePath.descriptor(module);
            Set<String> source = sourcePackages(module, true);
            Set<String> all = new TreeSet<>(source);
            all.addAll(sourcePackages(module, false));
            assertTrue(d.packages().containsAll(source) && all.containsAll(d.packages()),
                    module + ": the built module holds the source's packages: " + d.packages() + " against " + all);
            Set<String> api = new TreeSet<>(source);
            api.removeAll(INTERNAL.keySet());
            Set<String> exported = d.exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(api, exported, module + ": the packages exported to everyone are the API packages "
                    + "(a new package is either exported in module-info.java or listed as internal here)");
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (e.isQualified()) {
                    assertTrue(INTERNAL.containsKey(e.source()), module + ": only internal packages are exported qualified: " + e);
                    for (String target : e.targets()) {
                        assertTrue(ModulePath.LIBRARY.contains(target) && !target.equals(module),
                                module + ": " + e.source() + " is exported only to our other modules, not to " + target);
                    }
                }
            }
            assertFalse(d.isOpen(), module + " is not an open module");
            assertTrue(d.opens().isEmpty(), module + " opens nothing (no reflection into it is needed): " + d.opens());
        }
        ModuleDescriptor core = ModulePath.descriptor("org.recsys4j.core");
        assertEquals(Set.of("org.recsys4j.embedding", "org.recsys4j.recall", "org.recsys4j.rank"),
                core.exports().stream().filter(e -> e.source().equals("org.recsys4j.core.util")).findFirst()
                        .orElseThrow().targets(), "core.util goes to the three modules that use it");
        assertTrue(core.exports().stream().noneMatch(e -> e.source().equals("org.recsys4j.core.vector.internal")),
                "vector.internal is used by core only");
    }

    @Test
    void optionalDependenciesAreStaticAndCoreIsTransitive() {
        for (String module : ModulePath.LIBRARY) {
            for (Requires r : ModulePath.descriptor(module).requires()) {
                boolean isStatic = r.modifiers().contains(Requires.Modifier.STATIC);
                assertEquals(OPTIONAL.contains(r.name()), isStatic, module + ": " + r + " (static exactly for the optional ones)");
                // a requires of an incubator module, even static, makes javac warn in every module that requires ours
                assertFalse(r.name().startsWith("jdk.incubator."), module + ": " + r);
            }
            if (!module.equals("org.recsys4j.core")) {
                assertTrue(ModulePath.descriptor(module).requires().stream().anyMatch(r -> r.name().equals("org.recsys4j.core")
                        && r.modifiers().contains(Requires.Modifier.TRANSITIVE)),
                        module + " requires transitive org.recsys4j.core, whose types are in its API");
            }
        }
    }

    @Test
    void installMdNamesTheModulesAndTheOptionalOnes() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/install.md"));
        int section = page.indexOf("## On the module path");
        assertTrue(section >= 0, "install.md has a section \"On the module path\"");
        String text = page.substring(section);
        for (String module : ModulePath.LIBRARY) {
            assertTrue(text.contains("`" + module + "`"), "install.md names " + module);
            for (Requires r : ModulePath.descriptor(module).requires()) {
                if (r.modifiers().contains(Requires.Modifier.STATIC)) {
                    assertTrue(text.contains("`" + r.name() + "`"), "install.md names the optional module " + r.name());
                }
            }
        }
        assertTrue(text.contains("--add-modules jdk.incubator.vector"));
    }

    @Test
    void javacRefusesTheInternalPackagesToAnotherModule(@TempDir Path dir) throws IOException {
        List<Path> modulePath = ModulePath.closure(ModulePath.LIBRARY, Set.of());
        String moduleInfo = "module app { requires org.recsys4j.recall; requires org.recsys4j.rank; requires org.recsys4j.embedding; }";
        // The API compiles with every lint and -Werror: no "using incubating module" warning reaches a user's module
        List<String> ok = compile(dir.resolve("ok"), modulePath, moduleInfo, "org.recsys4j.core.vector.Vectors.simdKernels()");
        assertEquals(List.of(), ok);
        for (String internal : List.of("org.recsys4j.core.util.Parallel.availableThreads()",
                "org.recsys4j.core.vector.internal.SimdKernels.class")) {
            List<String> errors = compile(dir.resolve("bad" + internal.length()), modulePath, moduleInfo, internal);
            String pkg = internal.substring(0, internal.lastIndexOf('.', internal.lastIndexOf('.') - 1));
            assertTrue(errors.stream().anyMatch(e -> e.contains(pkg) && e.contains("does not export it")), errors.toString());
        }
    }

    /** Compiles module {@code app} with one class using {@code expression}; returns the diagnostics. */
    private static List<String> compile(Path dir, List<Path> modulePath, String moduleInfo, String expression) throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("module-info.java"), moduleInfo);
        Files.writeString(src.resolve("app/Use.java"),
                "package app;\npublic class Use {\n    public static Object use() {\n        return " + expression + ";\n    }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            // an empty class path: javac in this JVM would otherwise take the test's class path, and the library with it
            Path empty = Files.createDirectories(dir.resolve("empty"));
            List<String> options = List.of("-Xlint:all", "-Werror", "-d", dir.resolve("out").toString(),
                    "-classpath", empty.toString(), "--module-path",
                    modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(src.resolve("module-info.java"), src.resolve("app/Use.java"))).call();
        }
        List<String> out = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            out.add(d.getKind() + ": " + d.getMessage(null));
        }
        return out;
    }

    @Test
    void theModulesRunWithoutTheOptionalDependencies() throws Exception {
        List<Path> modulePath = ModulePath.closure(ModulePath.LIBRARY, Set.of());
        Set<String> onIt = modulesOf(modulePath);
        for (String optional : OPTIONAL) {
            assertFalse(onIt.contains(optional), optional + " is not on the lean module path: " + onIt);
        }
        ModulePath.Run run = ModulePath.runProbe(modulePath, ADD_OURS, "lean");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("org.recsys4j.core", run.get("module.core"), "the library runs as named modules");
        assertEquals("org.recsys4j.recall", run.get("module.recall"));
        assertEquals("scalar", run.get("simd"));
        assertEquals("300/300", run.get("recall.selfFirst"));
        assertEquals("true", run.get("pca.ratioInRange"));
        assertEquals("true", run.get("rank.local"));
        assertEquals("false", run.get("internal.exportedToAll"));
        assertEquals("true", run.get("internal.exportedToRecall"));
        assertEquals("false", run.get("internal.vectorExportedToRecall"));
        assertEquals("IllegalAccessError", run.get("internal.call"), "core.util cannot be linked to from another module");
        assertEquals("IllegalAccessException", run.get("internal.reflect"));
        assertTrue(run.get("optional.redis").startsWith(
                "IllegalStateException: RedisFeatureStore needs redis.clients:jedis on the module path"), run.get("optional.redis"));
        assertTrue(run.get("optional.jackson").startsWith(
                "IllegalStateException: RemoteModel needs com.fasterxml.jackson.core:jackson-databind on the module path"),
                run.get("optional.jackson"));
        assertTrue(run.get("optional.djl").startsWith("IllegalStateException: OnnxModel needs ai.djl:api"), run.get("optional.djl"));
    }

    @Test
    void theSimdKernelsLoadOnTheModulePathWithTheFlag() throws Exception {
        assumeTrue(ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent(), "this JDK has no Vector API");
        ModulePath.Run run = ModulePath.runProbe(ModulePath.closure(ModulePath.LIBRARY, Set.of()),
                List.of("--add-modules", "jdk.incubator.vector," + String.join(",", ADD_OURS.get(1))), "lean");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.get("simd").startsWith("vector-api:"), "Vectors reads the incubator module it does not require: "
                + run.output());
        assertEquals("300/300", run.get("recall.selfFirst"));
    }

    @Test
    void theOptionalDependenciesWorkOnceResolved() throws Exception {
        ModulePath.Run run = runFull(0);
        assertEquals("true", run.get("rank.remote"), "RemoteModel against ModelServer, with Jackson resolved");
        assertTrue(run.get("redis.closedPort").startsWith("StoreConnectionException: cannot reach Redis at"),
                "jedis and commons-pool2 link and are called: " + run.get("redis.closedPort"));
    }

    /** Runs the probe with Jackson, jedis and commons-pool2 on the module path and resolved. */
    static ModulePath.Run runFull(int redisPort) throws Exception {
        Set<String> optional = Set.of("redis.clients.jedis", "org.apache.commons.pool2", "com.fasterxml.jackson.databind");
        List<Path> modulePath = ModulePath.closure(ModulePath.LIBRARY, optional);
        ModulePath.Run run = ModulePath.runProbe(modulePath,
                List.of("--add-modules", ADD_OURS.get(1) + "," + String.join(",", new TreeSet<>(optional))),
                "full", Integer.toString(redisPort));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("org.recsys4j.core", run.get("module.core"));
        assertEquals("IllegalAccessError", run.get("internal.call"));
        return run;
    }

    private static Set<String> modulesOf(List<Path> entries) {
        Set<String> names = new TreeSet<>();
        for (Path p : entries) {
            ModuleFinder.of(p).findAll().forEach(r -> names.add(r.descriptor().name()));
        }
        return names;
    }
}
