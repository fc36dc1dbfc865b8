package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keeps docs/architecture.md (and the other guide pages written around the code) in step with the
 * source tree: every package of a library module is in the package map, every type a page names in
 * backticks is declared somewhere in the repository or is a JDK type, and docs/index.md links every page.
 */
class ArchitectureGuideTest {
    private static final Path ROOT = Path.of("..");
    private static final List<String> LIBRARY = List.of("recsys-core", "recsys-embedding", "recsys-recall", "recsys-rank");
    private static final List<String> MODULES = List.of("recsys-core", "recsys-embedding", "recsys-recall", "recsys-rank",
            "recsys-examples", "recsys-spark");
    private static final List<String> JDK_PACKAGES = List.of("java.lang", "java.util", "java.util.function",
            "java.util.concurrent", "java.io", "java.nio.file", "java.net", "java.time", "com.sun.net.httpserver");
    private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
    /** A capitalised identifier starting a code span or following a non-identifier character, e.g. {@code Foo}, {@code Foo.bar()}. */
    private static final Pattern TYPE = Pattern.compile("(?<![\\w.$-])([A-Z][a-z]\\w*)");
    /** Types of the projects the pages compare us with: RankSys' {@code Fast*} layer, Lucene's provider. */
    private static final Set<String> OTHER_PROJECTS = Set.of("Fast", "VectorizationProvider");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");

    @Test
    void everyLibraryPackageIsInThePackageMap() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/architecture.md"));
        Set<String> missing = new TreeSet<>();
        for (String module : LIBRARY) {
            Path main = ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("package-info.java")
                                && !f.getFileName().toString().equals("module-info.java"))
                        .map(f -> main.relativize(f.getParent()).toString().replace('/', '.').replace('\\', '.'))
                        .filter(p -> !page.contains("`" + p + "`"))
                        .forEach(missing::add);
            }
        }
        assertEquals(Set.of(), missing, "packages missing from docs/architecture.md");
    }

    @Test
    void everyPageIsLinkedFromTheIndex() throws IOException {
        String index = Files.readString(ROOT.resolve("docs/index.md"));
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            pages.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md") && !n.equals("index.md") && !index.contains("(" + n + ")"))
                    .forEach(missing::add);
        }
        assertEquals(Set.of(), missing, "docs pages not linked from docs/index.md");
    }

    @Test
    void everyTypeThePagesNameExists() throws IOException {
        Set<String> declared = declaredTypes();
        Set<String> unknown = new TreeSet<>();
        for (String page : List.of("architecture.md", "tutorial.md", "extending.md", "index.md")) {
            String text = Files.readString(ROOT.resolve("docs").resolve(page));
            Matcher span = CODE_SPAN.matcher(text);
            while (span.find()) {
                String code = span.group(1).replaceAll("\"[^\"]*\"", "\"\"");
                Matcher type = TYPE.matcher(code);
                while (type.find()) {
                    String name = type.group(1);
                    if (!declared.contains(name) && !OTHER_PROJECTS.contains(name) && !isJdkType(name)) {
                        unknown.add(page + ": " + name + " (in `" + span.group(1) + "`)");
                    }
                }
            }
        }
        assertEquals(Set.of(), unknown, "types named in the guide that do not exist");
    }

    private static Set<String> declaredTypes() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : MODULES) {
            List<Path> sources = new ArrayList<>();
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
            }
            for (Path f : sources) {
                Matcher m = DECLARATION.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static boolean isJdkType(String name) {
        for (String p : JDK_PACKAGES) {
            try {
                Class.forName(p + "." + name, false, ArchitectureGuideTest.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return false;
    }
}
