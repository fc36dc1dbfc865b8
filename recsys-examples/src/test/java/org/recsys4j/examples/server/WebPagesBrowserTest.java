package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.testing.SharedData;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The three web pages end to end in a real headless Chromium (Debian {@code chromium} and
 * {@code chromium-driver}, driven by Selenium), against the demo server on a random free port over
 * the server tests' small synthetic data set ({@link ServerFixture}), or, with the system property
 * {@code recsys4j.web.dataset=ml-latest-small} (any folder of {@code ../shared/data}), over its first
 * 300 users (real titles, for the screenshots in the docs). Each test opens a page, checks
 * what it rendered against the JSON API, follows links, and saves a screenshot to
 * {@code target/screenshots} (or to the folder in the system property {@code recsys4j.web.screenshots},
 * e.g. {@code ../docs/img}).
 *
 * <p>Skipped (an assumption with the reason) when the browser or the driver is absent, unless the
 * environment variable {@code RECSYS4J_REQUIRE_BROWSER=1} is set, which makes that a failure (CI).
 * Paths: {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}, or the system properties
 * {@code recsys4j.chromium} and {@code recsys4j.chromedriver}. Both are given to Selenium explicitly, so
 * Selenium Manager never runs (it would try the network).
 */
class WebPagesBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ServerFixture fixture;
    private static RecServer server;
    private static String base;
    private static WebDriver driver;
    private static CompletableFuture<WebDriver> browser;
    private static Path profile;
    private static Path shots;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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
            String why = "no browser: " + chromium + " or " + chromedriver
                    + " is missing (apt-get install chromium chromium-driver)";
            if ("1".equals(System.getenv("RECSYS4J_REQUIRE_BROWSER"))) {
                fail(why + ", and RECSYS4J_REQUIRE_BROWSER=1 requires the browser test");
            }
            missing = why + ": skipping the browser test";
            return;   // each test then skips with this message (see skipWithoutBrowser)
        }
        // the browser starts while the server trains its models
        profile = Files.createTempDirectory("recsys4j-chromium-");
        browser = CompletableFuture.supplyAsync(() -> startBrowser(chromium, chromedriver, profile));
        String dataset = System.getProperty("recsys4j.web.dataset", "synthetic");
        if (dataset.equals("synthetic")) {
            fixture = new ServerFixture(null);   // the server tests' small synthetic MovieLens
            server = fixture.server;
        } else {
            MovieLensData full = MovieLens.load(SharedData.dataSet(dataset), LoadOptions.lenient());
            // a slice (the first 300 users; about half of ml-latest-small) keeps the start-up training short
            Interactions r = full.ratings();
            MovieLensData data = new MovieLensData(full.format(), full.dir(), full.catalog(),
                    r.filter(k -> r.user(k) < 300), full.report());
            ServingData serving = ServingData.build(data, ServerFixture.TINY, null,
                    new PrintStream(PrintStream.nullOutputStream()));
            server = RecServer.start(new ServingApi(serving), "127.0.0.1", 0);
        }
        base = "http://127.0.0.1:" + server.port();
        driver = browser.join();

        String dir = System.getProperty("recsys4j.web.screenshots");
        shots = dir == null || dir.isBlank() ? Path.of("target", "screenshots") : Path.of(dir);
        Files.createDirectories(shots);
    }

    static WebDriver startBrowser(Path chromium, Path chromedriver, Path userDataDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,960", "--user-data-dir=" + userDataDir);
        // an explicit driver executable and browser binary: Selenium Manager (which downloads) is not used
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        WebDriver d = new ChromeDriver(service, options);
        d.manage().timeouts().pageLoadTimeout(WAIT);
        return d;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.handle((d, e) -> d).join();   // wait for a browser still starting
                WebDriver d = browser.isCompletedExceptionally() ? null : browser.join();
                if (d != null) {
                    d.quit();
                }
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            } else if (server != null) {
                server.close();
            }
            if (profile != null) {
                try (Stream<Path> s = Files.walk(profile)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** Opens a page and waits until its script marks it ready (or failed). */
    private static String open(String path) {
        driver.get(base + path);
        return awaitPage();
    }

    private static String awaitPage() {
        new WebDriverWait(driver, WAIT).until(d -> {
            String s = d.findElement(By.tagName("body")).getAttribute("data-state");
            return "ready".equals(s) || "error".equals(s);
        });
        return driver.findElement(By.tagName("body")).getAttribute("data-state");
    }

    private static void screenshot(String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<Long> cardIds(WebElement container) {
        List<Long> ids = new ArrayList<>();
        for (WebElement a : container.findElements(By.cssSelector("a.card"))) {
            ids.add(Long.parseLong(a.getAttribute("data-movie-id")));
        }
        return ids;
    }

    private static void click(WebElement e) {
        // scroll it into view first: a card in a horizontally scrolled row may be off-screen
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center'})", e);
        e.click();
    }

    @Test
    void homeShowsARowPerGenreAndLinksToTheMoviePageWithItsSimilarMovies() throws Exception {
        assertEquals("ready", open("/"));
        JsonNode genres = api("/api/genres").get("genres");
        List<String> expected = new ArrayList<>();
        genres.fieldNames().forEachRemaining(g -> {
            if (!g.contains("(")) {
                expected.add(g);
            }
        });
        List<WebElement> rows = driver.findElements(By.cssSelector("section.row"));
        assertEquals(expected.size(), rows.size(), "one row per genre");
        Set<String> shown = new HashSet<>();
        for (WebElement row : rows) {
            shown.add(row.getAttribute("data-genre"));
            String g = row.getAttribute("data-genre");
            assertEquals(Math.min(14, genres.get(g).asInt()), row.findElements(By.cssSelector("a.card")).size(), g);
        }
        assertEquals(new HashSet<>(expected), shown);
        // the rows come biggest genre first, and each is the API's list in the API's order
        WebElement first = rows.get(0);
        String genre = first.getAttribute("data-genre");
        for (String g : expected) {
            assertTrue(genres.get(g).asInt() <= genres.get(genre).asInt(), genre + " is not the biggest genre");
        }
        JsonNode list = api("/api/genres/" + URLEncoder.encode(genre, StandardCharsets.UTF_8) + "?k=14").get("items");
        List<Long> ids = cardIds(first);
        for (int p = 0; p < ids.size(); p++) {
            assertEquals(list.get(p).get("movieId").asLong(), ids.get(p));
        }
        assertEquals(list.get(0).get("title").asText(), first.findElement(By.cssSelector(".card-title")).getText());
        screenshot("web-home.png");

        // the sort switch reorders the rows by release year
        click(driver.findElement(By.cssSelector("#sort-switch button[data-sortby=releaseYear]")));
        awaitPage();
        new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector(".cards[data-state=loading]")).isEmpty());
        JsonNode byYear = api("/api/genres/" + URLEncoder.encode(genre, StandardCharsets.UTF_8) + "?k=14&sortby=releaseYear").get("items");
        assertEquals(byYear.get(0).get("movieId").asLong(),
                cardIds(driver.findElements(By.cssSelector("section.row")).get(0)).get(0));

        // home → movie page
        long movieId = ids.get(0);
        click(driver.findElements(By.cssSelector("section.row")).get(0).findElement(By.cssSelector("a.card")));
        assertEquals("ready", awaitPage());
        assertTrue(driver.getCurrentUrl().endsWith("/movie.html?movieId=" + byYear.get(0).get("movieId").asLong()));
        driver.navigate().back();
        awaitPage();
        movieId = checkMoviePage(movieId, true);

        // movie → a similar movie's page
        WebElement similarCard = driver.findElement(By.cssSelector("#similar a.card"));
        long next = Long.parseLong(similarCard.getAttribute("data-movie-id"));
        click(similarCard);
        assertEquals("ready", awaitPage());
        assertEquals(api("/api/movies/" + next).get("title").asText(), driver.findElement(By.id("movie-title")).getText());
        assertNotEquals(movieId, next);
    }

    /** Opens the movie page of a movie, checks details, links and the embedding switch; returns the id. */
    private static long checkMoviePage(long movieId, boolean shoot) throws Exception {
        assertEquals("ready", open("/movie.html?movieId=" + movieId));
        JsonNode m = api("/api/movies/" + movieId);
        assertEquals(m.get("title").asText(), driver.findElement(By.id("movie-title")).getText());
        assertEquals(m.get("imdbUrl").asText(), driver.findElement(By.id("imdb-link")).getAttribute("href"));
        assertEquals(m.get("tmdbUrl").asText(), driver.findElement(By.id("tmdb-link")).getAttribute("href"));
        assertEquals(m.get("topRatings").size(), driver.findElements(By.cssSelector("#top-ratings tbody tr")).size());

        WebElement similar = driver.findElement(By.id("similar"));
        assertEquals("item2vec", similar.getAttribute("data-model"));
        List<String> models = new ArrayList<>();
        driver.findElements(By.cssSelector("#model-switch button")).forEach(b -> models.add(b.getAttribute("data-model")));
        assertEquals(ServingData.MODELS, models);
        List<Long> item2vec = cardIds(similar);
        assertEquals(12, item2vec.size());
        assertFalse(item2vec.contains(movieId), "a movie is not similar to itself");
        assertEquals(idsOf(api("/api/movies/" + movieId + "/similar?model=item2vec&k=12")), item2vec);
        if (shoot) {
            screenshot("web-movie.png");
        }
        // the switch: each embedding shows its own neighbours, as the API gives them
        for (String model : List.of("als", "deepwalk", "node2vec")) {
            click(driver.findElement(By.cssSelector("#model-switch button[data-model=" + model + "]")));
            new WebDriverWait(driver, WAIT).until(d -> model.equals(d.findElement(By.id("similar")).getAttribute("data-model"))
                    && "ready".equals(d.findElement(By.id("similar")).getAttribute("data-state")));
            List<Long> ids = cardIds(driver.findElement(By.id("similar")));
            assertEquals(idsOf(api("/api/movies/" + movieId + "/similar?model=" + model + "&k=12")), ids, model);
            assertNotEquals(item2vec, ids, model + " shows the item2vec list");
            assertEquals("true", driver.findElement(By.cssSelector("#model-switch button[data-model=" + model + "]"))
                    .getAttribute("aria-pressed"));
            assertTrue(driver.getCurrentUrl().endsWith("model=" + model), driver.getCurrentUrl());
        }
        click(driver.findElement(By.cssSelector("#model-switch button[data-model=item2vec]")));
        new WebDriverWait(driver, WAIT).until(d -> "item2vec".equals(d.findElement(By.id("similar")).getAttribute("data-model")));
        return movieId;
    }

    private static List<Long> idsOf(JsonNode answer) {
        List<Long> ids = new ArrayList<>();
        answer.get("items").forEach(n -> ids.add(n.get("movieId").asLong()));
        return ids;
    }

    @Test
    void userPageShowsHistoryAndRecommendationsWithTheirChannelsAndLinksToThem() throws Exception {
        // reach a user from a movie's top ratings, as a visitor would (the biggest genre's best movie has some)
        JsonNode genres = api("/api/genres").get("genres");
        List<String> names = new ArrayList<>();
        genres.fieldNames().forEachRemaining(names::add);
        String biggest = names.stream().max(Comparator.comparingInt(g -> genres.get(g).asInt())).orElseThrow();
        long movie = api("/api/genres/" + URLEncoder.encode(biggest, StandardCharsets.UTF_8) + "?k=1")
                .get("items").get(0).get("movieId").asLong();
        assertEquals("ready", open("/movie.html?movieId=" + movie));
        WebElement userLink = driver.findElement(By.cssSelector("#top-ratings a.user-link"));
        String userId = userLink.getText().replace("User ", "");
        click(userLink);
        assertEquals("ready", awaitPage());
        assertTrue(driver.getCurrentUrl().endsWith("/user.html?id=" + userId), driver.getCurrentUrl());

        JsonNode u = api("/api/users/" + userId);
        assertEquals("User " + userId, driver.findElement(By.id("user-title")).getText());
        List<WebElement> rows = driver.findElements(By.cssSelector("#history tbody tr"));
        assertEquals(u.get("history").size(), rows.size());
        assertEquals(u.get("history").get(0).get("title").asText(), rows.get(0).findElement(By.tagName("a")).getText());
        Set<Long> seen = new HashSet<>();
        u.get("history").forEach(h -> seen.add(h.get("movieId").asLong()));

        // the default route (the A/B experiment): every card says which channels recalled it
        WebElement recs = driver.findElement(By.id("recs"));
        JsonNode expected = api("/api/users/" + userId + "/recommendations?pipeline=default&k=12");
        assertEquals(expected.get("pipeline").asText(), recs.getAttribute("data-pipeline"));
        assertTrue(List.of("multi", "multi-ials").contains(recs.getAttribute("data-pipeline")));
        assertEquals(idsOf(expected), cardIds(recs));
        String summaryPipeline = driver.findElement(By.cssSelector("#rec-summary dd[data-field=pipeline]")).getText();
        assertTrue(summaryPipeline.contains(expected.get("pipeline").asText()) && summaryPipeline.contains("serve-ab"), summaryPipeline);
        assertEquals("no", driver.findElement(By.cssSelector("#rec-summary dd[data-field=fallback]")).getText());
        checkChannels(recs, expected, seen);
        screenshot("web-user.png");

        // another pipeline from the select: the item2vec-only pipeline shows one channel per card
        new Select(driver.findElement(By.id("pipeline"))).selectByValue("emb");
        new WebDriverWait(driver, WAIT).until(d -> "emb".equals(d.findElement(By.id("recs")).getAttribute("data-pipeline"))
                && "ready".equals(d.findElement(By.id("recs")).getAttribute("data-state")));
        JsonNode emb = api("/api/users/" + userId + "/recommendations?pipeline=emb&k=12");
        checkChannels(driver.findElement(By.id("recs")), emb, seen);
        for (WebElement chip : driver.findElements(By.cssSelector("#recs .why .chip"))) {
            assertEquals("item2vec", chip.getAttribute("data-channel"));
        }

        // user → a recommended movie's page
        WebElement card = driver.findElement(By.cssSelector("#recs a.card"));
        long movieId = Long.parseLong(card.getAttribute("data-movie-id"));
        click(card);
        assertEquals("ready", awaitPage());
        assertEquals(api("/api/movies/" + movieId).get("title").asText(), driver.findElement(By.id("movie-title")).getText());
    }

    /** Each card shows the API's channels for that item (with 1-based ranks); no seen movie is shown. */
    private static void checkChannels(WebElement recs, JsonNode expected, Set<Long> seen) {
        List<WebElement> boxes = recs.findElements(By.cssSelector(".card-box"));
        assertEquals(expected.get("items").size(), boxes.size());
        assertTrue(boxes.size() > 0, "no recommendations");
        for (int p = 0; p < boxes.size(); p++) {
            JsonNode item = expected.get("items").get(p);
            assertFalse(seen.contains(item.get("movieId").asLong()), "a seen movie is recommended");
            List<String> want = new ArrayList<>();
            item.get("channels").forEach(c -> want.add(c.get("channel").asText() + " #" + (c.get("rank").asInt() + 1)));
            List<String> got = new ArrayList<>();
            boxes.get(p).findElements(By.cssSelector(".why .chip")).forEach(c -> got.add(c.getText()));
            assertFalse(want.isEmpty(), "an item without provenance");
            assertEquals(want, got, "channels of item " + item.get("movieId"));
        }
    }

    private static Object js(String script, Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The chart's points, dataset by dataset: [genre, movieId, x, y] each. */
    @SuppressWarnings("unchecked")
    private static List<List<Object>> chartPoints() {
        return (List<List<Object>>) js("var c = Chart.getChart('map-canvas'); var out = [];"
                + "c.data.datasets.forEach(function (d) { d.data.forEach(function (p) {"
                + "  out.push([d.genre, p.movie.movieId, p.x, p.y]); }); });"
                + "return out;");
    }

    /** Checks that the chart shows exactly the API's map of a model: its points, genres and legend order. */
    private static void checkMap(String model, String method) throws Exception {
        JsonNode map = api("/api/map?model=" + model + "&method=" + method);
        WebElement box = driver.findElement(By.id("map"));
        assertEquals(model, box.getAttribute("data-model"));
        assertEquals(method, box.getAttribute("data-method"));
        assertEquals(String.valueOf(map.get("points").size()), box.getAttribute("data-points"));
        List<List<Object>> points = chartPoints();
        assertEquals(map.get("points").size(), points.size(), model + ": points on the chart");
        java.util.Map<Long, JsonNode> byId = new java.util.HashMap<>();
        map.get("points").forEach(p -> byId.put(p.get("movieId").asLong(), p));
        for (List<Object> p : points) {
            JsonNode want = byId.remove(((Number) p.get(1)).longValue());
            assertTrue(want != null, "a point that is not on the API's map, or twice: " + p);
            assertEquals(want.get("genre").asText(), p.get(0));
            assertEquals(want.get("x").asDouble(), ((Number) p.get(2)).doubleValue(), 1e-6);
            assertEquals(want.get("y").asDouble(), ((Number) p.get(3)).doubleValue(), 1e-6);
        }
        List<String> legend = new ArrayList<>();
        map.get("genres").forEach(g -> legend.add(g.asText()));
        assertEquals(legend, js("return Chart.getChart('map-canvas').data.datasets.map(function (d) { return d.genre; })"));
    }

    private static void awaitMap(String model, String method, Duration wait) {
        new WebDriverWait(driver, wait).until(d -> {
            WebElement box = d.findElement(By.id("map"));
            return model.equals(box.getAttribute("data-model")) && method.equals(box.getAttribute("data-method"))
                    && "ready".equals(box.getAttribute("data-state"));
        });
    }

    @Test
    void mapDrawsTheApisPointsByGenreSwitchesModelsAndLayoutsAndOpensAClickedMovie() throws Exception {
        assertEquals("ready", open("/map.html"));
        assertEquals("ready", driver.findElement(By.id("map")).getAttribute("data-state"));
        List<String> models = new ArrayList<>();
        driver.findElements(By.cssSelector("#model-switch button")).forEach(b -> models.add(b.getAttribute("data-model")));
        assertEquals(ServingData.MODELS, models);
        checkMap("item2vec", "pca");
        screenshot("web-map.png");
        List<List<Object>> item2vec = chartPoints();

        // the layout switch: t-SNE of the same movies (the first layout may take seconds on real data)
        click(driver.findElement(By.cssSelector("#method-switch button[data-method=tsne]")));
        awaitMap("item2vec", "tsne", Duration.ofSeconds(120));
        checkMap("item2vec", "tsne");
        assertNotEquals(item2vec, chartPoints(), "the t-SNE map shows the PCA points");
        screenshot("web-map-tsne.png");

        // the model switch keeps the layout and records both in the address
        click(driver.findElement(By.cssSelector("#model-switch button[data-model=als]")));
        awaitMap("als", "tsne", Duration.ofSeconds(120));
        checkMap("als", "tsne");
        assertTrue(driver.getCurrentUrl().endsWith("/map.html?method=tsne&model=als"), driver.getCurrentUrl());
        click(driver.findElement(By.cssSelector("#method-switch button[data-method=pca]")));
        awaitMap("als", "pca", WAIT);
        checkMap("als", "pca");
        assertNotEquals(item2vec, chartPoints(), "the ALS map shows the item2vec points");
        assertEquals("true", driver.findElement(By.cssSelector("#model-switch button[data-model=als]"))
                .getAttribute("aria-pressed"));
        assertEquals("true", driver.findElement(By.cssSelector("#method-switch button[data-method=pca]"))
                .getAttribute("aria-pressed"));

        // hovering the most isolated point (inside the plot area) shows its title; clicking it opens its page
        @SuppressWarnings("unchecked")
        List<Object> target = (List<Object>) js("var c = Chart.getChart('map-canvas'); var all = [];"
                + "c.data.datasets.forEach(function (d, di) { c.getDatasetMeta(di).data.forEach(function (e, i) {"
                + "  all.push({x: e.x, y: e.y, m: d.data[i].movie}); }); });"
                + "var a = c.chartArea, best = null, bestGap = -1;"
                + "all.filter(function (p) { return p.x > a.left + 10 && p.x < a.right - 10 && p.y > a.top + 10"
                + "    && p.y < a.bottom - 10; }).forEach(function (a) { var gap = Infinity; all.forEach(function (b) {"
                + "  if (a !== b) { gap = Math.min(gap, Math.hypot(a.x - b.x, a.y - b.y)); } });"
                + "  if (gap > bestGap) { bestGap = gap; best = a; } });"
                + "return [best.x, best.y, best.m.movieId, best.m.title];");
        WebElement canvas = driver.findElement(By.id("map-canvas"));
        js("arguments[0].scrollIntoView({block: 'center'})", canvas);
        int dx = (int) Math.round(((Number) target.get(0)).doubleValue() - canvas.getSize().getWidth() / 2.0);
        int dy = (int) Math.round(((Number) target.get(1)).doubleValue() - canvas.getSize().getHeight() / 2.0);
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(canvas, dx, dy).perform();
        String tooltip = "var t = Chart.getChart('map-canvas').tooltip; return t && t.opacity > 0 ? t.title : null;";
        try {
            new WebDriverWait(driver, WAIT).until(d -> List.of(target.get(3)).equals(js(tooltip)));
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("hovering " + target + " (offset " + dx + ", " + dy + " from the centre of the canvas, "
                    + canvas.getSize() + ") shows the tooltip " + js(tooltip));
        }
        new org.openqa.selenium.interactions.Actions(driver).click().perform();
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().contains("/movie.html"));   // then the new body
        assertEquals("ready", awaitPage());
        long movieId = ((Number) target.get(2)).longValue();
        assertTrue(driver.getCurrentUrl().endsWith("/movie.html?movieId=" + movieId), driver.getCurrentUrl());
        assertEquals(target.get(3), driver.findElement(By.id("movie-title")).getText());
    }

    @Test
    void unknownIdsShowTheServersErrorMessage() {
        assertEquals("error", open("/movie.html?movieId=999999999"));
        assertTrue(driver.findElement(By.id("status")).getText().contains("no movie with id 999999999"));
        assertEquals("error", open("/user.html?id=abc"));
        assertTrue(driver.findElement(By.id("status")).getText().contains("not a number"),
                driver.findElement(By.id("status")).getText());
    }
}
