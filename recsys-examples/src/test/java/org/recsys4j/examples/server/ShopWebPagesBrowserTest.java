package org.recsys4j.examples.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The web pages on your own data, in headless Chromium: the generated shop of {@link ShopServingTest} (string ids,
 * category, brand, price, tags, listing time). The home page shows one row per category without the MovieLens sort
 * switch, an item page lists the item's attributes by type with similar items and no IMDb link, a user page shows
 * the history and recommendations of unseen items. Skips without chromium (fails under RECSYS4J_REQUIRE_BROWSER=1).
 */
class ShopWebPagesBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static ShopServingTest.Shop shop;
    private static String base;
    private static WebDriver driver;
    private static Path profile;
    private static String missing;

    @BeforeEach
    void skipWithoutBrowser() {
        Assumptions.assumeTrue(missing == null, missing);
    }

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Path.of(System.getProperty("recsys4j.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("recsys4j.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            String why = "no browser: " + chromium + " or " + chromedriver + " is missing";
            if ("1".equals(System.getenv("RECSYS4J_REQUIRE_BROWSER"))) {
                fail(why + ", and RECSYS4J_REQUIRE_BROWSER=1 requires the browser test");
            }
            missing = why + ": skipping the browser test";
            return;
        }
        profile = Files.createTempDirectory("recsys4j-chromium-");
        shop = ShopServingTest.Shop.start(dir);
        base = "http://127.0.0.1:" + shop.server().port();
        driver = WebPagesBrowserTest.startBrowser(chromium, chromedriver, profile);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (shop != null) {
                shop.server().close();
            }
            if (profile != null) {
                try (Stream<Path> s = Files.walk(profile)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static String open(String path) {
        driver.get(base + path);
        new WebDriverWait(driver, WAIT).until(d -> {
            String s = d.findElement(By.tagName("body")).getAttribute("data-state");
            return "ready".equals(s) || "error".equals(s);
        });
        return driver.findElement(By.tagName("body")).getAttribute("data-state");
    }

    private static List<String> cardIds(WebElement container) {
        List<String> ids = new ArrayList<>();
        for (WebElement a : container.findElements(By.cssSelector("a.card"))) {
            ids.add(a.getAttribute("data-movie-id"));
        }
        return ids;
    }

    private static String enc(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    @Test
    void theHomePageShowsOneRowPerCategoryOfItsItems() {
        assertEquals("ready", open("/"));
        List<WebElement> rows = driver.findElements(By.cssSelector("section.row"));
        assertEquals(shop.planted().categories().size(), rows.size());
        assertFalse(driver.findElement(By.id("sort-switch")).isDisplayed(), "no rating / year order on a shop");
        for (WebElement row : rows) {
            String category = row.getAttribute("data-genre");
            List<String> ids = cardIds(row);
            assertFalse(ids.isEmpty(), category);
            for (String id : ids) {
                assertEquals(category, shop.planted().category(id), id);
            }
        }
    }

    @Test
    void theEmbeddingMapShowsTheItemsByCategory() {
        assertEquals("ready", open("/map.html"));
        new WebDriverWait(driver, WAIT).until(d -> "ready".equals(d.findElement(By.id("map")).getAttribute("data-state")));
        @SuppressWarnings("unchecked")
        List<Object> labels = (List<Object>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return Chart.getChart('map-canvas').data.datasets.map(function (d) { return d.genre; });");
        assertEquals(shop.planted().categories().size(), labels.size(), String.valueOf(labels));
        assertTrue(shop.planted().categories().containsAll(labels), String.valueOf(labels));
        String hint = driver.findElement(By.id("map-hint")).getText();
        assertTrue(hint.contains("items") && hint.contains("rarest category"), hint);
    }

    @Test
    void anItemPageListsItsAttributesAndSimilarItems() {
        String sku = shop.planted().itemIds().get(5);
        assertEquals("ready", open("/movie.html?id=" + enc(sku)));
        Map<String, String> values = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (WebElement tr : driver.findElements(By.cssSelector("#attributes tr"))) {
            values.put(tr.getAttribute("data-attribute"), tr.findElement(By.cssSelector("td.value")).getText());
            types.put(tr.getAttribute("data-attribute"), tr.getAttribute("data-type"));
        }
        assertEquals(shop.planted().category(sku), values.get("category"));
        assertEquals(shop.planted().brand(sku), values.get("brand"));
        assertEquals("numeric", types.get("price"));
        if (types.containsKey("tags")) {   // an item without tags has no such row
            assertEquals("multi_categorical", types.get("tags"));
        }
        assertEquals("timestamp", types.get("listed_at"));
        assertTrue(driver.findElement(By.id("attributes")).isDisplayed());
        assertTrue(driver.findElements(By.id("imdb-link")).isEmpty(), "no IMDb link without such an attribute");
        List<String> similar = cardIds(driver.findElement(By.id("similar")));
        assertFalse(similar.isEmpty());
        assertFalse(similar.contains(sku));
        long same = similar.stream().filter(id -> shop.planted().category(id).equals(shop.planted().category(sku))).count();
        assertTrue(same >= 0.8 * similar.size(), same + " of " + similar.size() + " in " + shop.planted().category(sku));
    }

    @Test
    void aUserPageShowsTheHistoryAndUnseenRecommendations() {
        String user = shop.planted().userIds().get(2);
        assertEquals("ready", open("/user.html?id=" + enc(user)));
        Set<String> seen = new HashSet<>();
        for (WebElement tr : driver.findElements(By.cssSelector("#history tbody tr"))) {
            seen.add(tr.getAttribute("data-movie-id"));
        }
        int u = shop.interactions().users().indexOf(user);
        assertEquals(shop.interactions().byUser().end(u) - shop.interactions().byUser().start(u), seen.size());
        new WebDriverWait(driver, WAIT).until(d -> "ready".equals(d.findElement(By.id("recs")).getAttribute("data-state")));
        List<String> recs = cardIds(driver.findElement(By.id("recs")));
        assertFalse(recs.isEmpty());
        for (String id : recs) {
            assertFalse(seen.contains(id), user + " has seen " + id);
        }
        assertTrue(driver.findElement(By.id("user-stats")).getText().contains(shop.planted().mainCategory(user)),
                driver.findElement(By.id("user-stats")).getText());
    }
}
