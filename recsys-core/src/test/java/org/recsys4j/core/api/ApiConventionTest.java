package org.recsys4j.core.api;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.testing.ApiConvention;
import org.recsys4j.core.util.Parallel;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.core.testing.ApiConvention.Rule.FOREIGN_TYPE;
import static org.recsys4j.core.testing.ApiConvention.Rule.MISSING_DEFAULT;

/** The checker itself: a conforming fixture passes, a fixture that breaks each rule yields one line per violation. */
class ApiConventionTest {
    private static final String BAD = "org.recsys4j.core.api.fixture.bad";
    private static final String GADGET = BAD + ".Gadget";

    private static ApiConvention bad() {
        return ApiConvention.of(ApiConventionTest.class).packages(BAD);
    }

    @Test
    void aConformingTypePasses() {
        assertEquals(List.of(), ApiConvention.of(ApiConventionTest.class).packages("org.recsys4j.core.api.fixture.good")
                .violations());
    }

    @Test
    void everyRuleIsCaughtWithOneReadableLinePerViolation() {
        List<String> v = bad().violations();
        List<String> expected = List.of(
                "[BUILDER_BUILD] " + GADGET + ".Builder#build(int): a builder ends with build() and nothing else",
                "[BUILDER_BUILD] " + GADGET + ".PartBuilder: no public build() without arguments",
                "[BUILDER_METHOD] " + GADGET + ".Builder#buildSorted(): is neither withX nor an accumulator verb",
                "[BUILDER_METHOD] " + GADGET + ".Builder#count(): is neither withX nor an accumulator verb",
                "[BUILDER_METHOD] " + GADGET + ".Builder#size(int): is neither withX nor an accumulator verb",
                "[FOREIGN_TYPE] " + GADGET + "#IDS: mentions the third-party type it.unimi.dsi.fastutil.ints.IntList",
                "[FOREIGN_TYPE] " + GADGET + "#idLists(): mentions the third-party type it.unimi.dsi.fastutil.ints.IntList",
                "[INT_LONG_OVERLOAD] " + GADGET + "#vector: ",
                "[MISSING_DEFAULT] " + GADGET + ".Builder#withDefaultSpeed(int): no public static final DEFAULT_DEFAULT_SPEED on " + GADGET,
                "[MISSING_DEFAULT] " + GADGET + ".Builder#withLimit(int): no public static final DEFAULT_LIMIT on " + GADGET,
                "[SHADOWS_JAVA_LANG] " + GADGET + ".StringBuilder: named like java.lang.StringBuilder",
                "[THREADS] " + GADGET + "#DEFAULT_THREADS: " + (Parallel.availableThreads() + 1)
                        + ", neither 1 (a result that depends on the thread count) nor Parallel.availableThreads()",
                "[THREADS] " + BAD + ".Gizmo#withThreads(int): no public static final DEFAULT_THREADS on " + BAD + ".Gizmo");
        assertEquals(expected.size(), v.size(), String.join("\n", v));
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(v.get(i).startsWith(expected.get(i)), "line " + i + ": " + v.get(i));
            assertTrue(!v.get(i).contains("\n"), "one line per violation");
        }
        assertTrue(v.get(7).contains("an int argument silently picks vector(int)"), v.get(7));
        AssertionError e = assertThrows(AssertionError.class, () -> bad().check());
        assertTrue(e.getMessage().startsWith("13 violation(s) of the API convention"), e.getMessage());
        assertEquals(14, e.getMessage().split("\n").length, "a header and one line per violation");
    }

    @Test
    void exemptionsNeedAReasonAndAreReportedWhenTheyMatchNothing() {
        List<String> v = bad()
                .exempt(MISSING_DEFAULT, GADGET + ".Builder#withLimit(int)", "a limit has no default")
                .exempt(MISSING_DEFAULT, GADGET + ".Builder#withDefaultSpeed(int)", "a speed has no default")
                .allowForeignTypes("it.unimi.dsi.fastutil.", "a fixture")
                .exempt(FOREIGN_TYPE, GADGET + "#nothing()", "stale")
                .violations();
        assertEquals(10, v.size(), String.join("\n", v));
        assertTrue(v.stream().noneMatch(l -> l.startsWith("[MISSING_DEFAULT]") || l.startsWith("[FOREIGN_TYPE]")), v.toString());
        assertTrue(v.contains("[UNUSED_EXEMPTION] FOREIGN_TYPE " + GADGET + "#nothing(): matches no violation; remove the exemption"),
                v.toString());
        assertThrows(IllegalArgumentException.class, () -> bad().exempt(MISSING_DEFAULT, GADGET, " "));
        assertThrows(IllegalStateException.class, () -> ApiConvention.of(ApiConventionTest.class).violations());
    }

    @Test
    void upperSnakeCaseOfTheOptionName() {
        assertEquals(List.of("MIN_COUNT", "K", "TTL", "HTTP_PORT", "CACHE_TTL"), List.of(
                ApiConvention.upperSnake("minCount"), ApiConvention.upperSnake("k"), ApiConvention.upperSnake("ttl"),
                ApiConvention.upperSnake("HTTPPort"), ApiConvention.upperSnake("cacheTTL")));
    }
}
