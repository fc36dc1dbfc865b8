package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/install.md and the BOM in step with the build: the BOM has the parent's version and lists
 * exactly the library modules, and the page names the versions of the optional dependencies the poms use.
 */
class InstallGuideTest {
    private static final Path ROOT = Path.of("..");

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), name);
        return m.group(1);
    }

    @Test
    void theBomListsTheLibraryModulesAtTheProjectVersion() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("recsys-bom/pom.xml"));
        Matcher pv = Pattern.compile("<artifactId>recsys4j-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(parent);
        Matcher bv = Pattern.compile("<artifactId>recsys4j-bom</artifactId>\\s*<version>([^<]+)</version>").matcher(bom);
        assertTrue(pv.find() && bv.find());
        assertEquals(pv.group(1), bv.group(1), "the BOM's version");
        List<String> listed = new ArrayList<>();
        Matcher a = Pattern.compile("<artifactId>(recsys-[a-z]+)</artifactId>").matcher(bom);
        while (a.find()) {
            listed.add(a.group(1));
        }
        assertEquals(List.of("recsys-core", "recsys-embedding", "recsys-recall", "recsys-rank", "recsys-spark"), listed);
        String page = Files.readString(ROOT.resolve("docs/install.md"));
        assertTrue(page.contains("<version>" + pv.group(1) + "</version>"), "install.md imports the BOM at the project version");
    }

    @Test
    void theOptionalDependencyVersionsOnThePageAreTheBuildsOwn() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String page = Files.readString(ROOT.resolve("docs/install.md"));
        for (String[] row : new String[][] {{"`redis.clients:jedis`", "jedis.version"},
                {"`com.fasterxml.jackson.core:jackson-databind`", "jackson.version"},
                {"`ai.djl:api`", "djl.version"}}) {
            String line = page.lines().filter(l -> l.contains(row[0]) && l.startsWith("|")).findFirst().orElseThrow();
            assertTrue(line.endsWith("| " + property(parent, row[1]) + " |"), line);
        }
    }
}
