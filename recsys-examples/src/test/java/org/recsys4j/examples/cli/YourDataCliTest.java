package org.recsys4j.examples.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.examples.ConsoleCapture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line on your own data, in-process on a small generated shop: {@code generate shop} writes the files
 * and their mapping, {@code evaluate --events --items} prints protocol T for every baseline with figures well above
 * chance, {@code train --events --items} trains and then reuses the models; the flags and the mapping file are the
 * same mapping; every bad option, file or policy is one line on stderr with exit status 2.
 */
class YourDataCliTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    static Path tmp;
    static Path shop;
    static String events;
    static String items;
    static String mapping;

    /** The shop of the tests: 400 users, 160 items in 8 categories (about 14,000 events). */
    static final String[] SHOP = {"--users", "400", "--items", "160", "--categories", "8", "--seed", "7"};

    /** The mapping of {@code generate shop} as flags. */
    static final String[] FLAGS = {"--user-col", "user_id", "--item-col", "item_id", "--time-col", "event_time",
            "--time-unit", "ISO_8601", "--type-col", "event", "--weight-col", "quantity", "--item-id-col", "item_id",
            "--attribute", "title=text", "--attribute", "category=categorical,required", "--attribute", "brand=categorical",
            "--attribute", "price=numeric", "--attribute", "price_band=categorical", "--attribute",
            "tags=multi-categorical,separator=|", "--attribute", "listed_at=timestamp,unit=ISO_8601",
            "--event-weights", "view=1,cart=3,buy=10", "--combine", "SUM"};

    @BeforeAll
    static void generate() throws IOException {
        shop = tmp.resolve("shop");
        ConsoleCapture quiet = new ConsoleCapture();
        quiet.beforeEach(null);
        int status;
        try {
            status = Recsys4jCli.run(concat(new String[] {"generate", "shop", "--out", shop.toString()}, SHOP));
        } finally {
            quiet.afterEach(null);
        }
        assertEquals(0, status, quiet.err.toString(StandardCharsets.UTF_8));
        String text = quiet.out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("wrote SyntheticShop[users=400, items=160, seed=7, categories=8"), text);
        assertTrue(text.contains("next: recsys4j evaluate --events " + shop.resolve("events.csv")), text);
        events = shop.resolve("events.csv").toString();
        items = shop.resolve("items.csv").toString();
        mapping = shop.resolve("mapping.txt").toString();
        assertTrue(Files.readString(Path.of(mapping)).contains("feedback.weights = view=1, cart=3, buy=10\n"));
    }

    static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private String run(String... args) {
        console.out.reset();
        console.err.reset();
        int status = Recsys4jCli.run(args);
        String out = console.out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, String.join(" ", args) + "\nstdout: " + out + "\nstderr: " + console.err);
        return out;
    }

    /** Returns the HR@10 of each row of a protocol T table, by model label (the model and its settings). */
    static Map<String, Double> hr10(String text) {
        Map<String, Double> hr = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String[] cells = line.split("\\|");
            if (cells.length > 5 && line.startsWith("| ") && !line.startsWith("| model") && !cells[1].isBlank()) {
                hr.put(cells[1].strip() + " " + cells[2].strip(), Double.parseDouble(cells[4].strip()));
            }
        }
        return hr;
    }

    @Test
    void generateThenEvaluatePrintsProtocolTForEveryBaselineWellAboveChance() throws IOException {
        String text = run("evaluate", "--events", events, "--items", items, "--mapping", mapping, "--threads", "2");
        assertTrue(text.contains("data: " + events + " + " + items + " (mapping " + mapping + "): 400 users, 160 items, "),
                text);
        assertTrue(text.contains("#### Protocol T — shop"), text);
        assertTrue(text.contains("Policy: Feedback[signal=WEIGHT, combine=SUM, typeWeights={view=1.0, cart=3.0, "
                + "buy=10.0}]. No anchor"), text);
        Map<String, Double> hr = hr10(text);
        assertEquals(List.of("ItemPop train counts", "ItemKNN cosine, all neighbours", "UserKNN cosine, 50 neighbours",
                "EASE λ=50", "EASE λ=100", "EASE λ=200", "iALS f=64, reg=0.1, α=10, 15 it, exact",
                "iALS f=64, reg=0.1, α=10, 15 it, CG 3 steps", "SASRec served: dim 64, last 50, sampled softmax 128 "
                + "negatives, batch 32, ≤ 40 epochs, patience 5, seed 42"), List.copyOf(hr.keySet()), text);
        double chance = 10.0 / 160;     // a random top 10 of the 160 items
        double pop = hr.get("ItemPop train counts");
        assertTrue(pop > 2 * chance, "ItemPop " + pop + "\n" + text);
        for (Map.Entry<String, Double> e : hr.entrySet()) {
            assertTrue(e.getValue() > 2 * chance && e.getValue() <= 1, e + "\n" + text);
            if (e.getKey().startsWith("ItemKNN") || e.getKey().startsWith("UserKNN") || e.getKey().startsWith("EASE")) {
                // the planted categories and sessions: neighbourhood models beat popularity by far
                assertTrue(e.getValue() > 1.4 * pop, e + " vs ItemPop " + pop + "\n" + text);
            }
        }
        // the sequence model serve --events serves reads the sessions' order: at least the best baseline (measured
        // 0.798 against EASE's 0.783 on this shop)
        double best = hr.entrySet().stream().filter(e -> !e.getKey().startsWith("SASRec"))
                .mapToDouble(Map.Entry::getValue).max().orElseThrow();
        double sasrec = hr.get("SASRec served: dim 64, last 50, sampled softmax 128 negatives, batch 32, ≤ 40 epochs, "
                + "patience 5, seed 42");
        assertTrue(sasrec >= best - 0.02, "SASRec " + sasrec + " vs the best baseline " + best + "\n" + text);
    }

    @Test
    void theFlagsAreTheMappingFile() {
        String viaFile = run("evaluate", "--events", events, "--items", items, "--mapping", mapping, "--threads", "2",
                "--ease-lambda", "100");
        String viaFlags = run(concat(new String[] {"evaluate", "--events", events, "--items", items, "--threads", "2",
                "--ease-lambda", "100"}, FLAGS));
        assertEquals(hr10(viaFile), hr10(viaFlags));
        assertFalse(hr10(viaFile).isEmpty());
        // a flag overrides the file's key: MAX instead of SUM, and the policy printed says so
        String max = run("evaluate", "--events", events, "--items", items, "--mapping", mapping, "--threads", "2",
                "--ease-lambda", "100", "--combine", "MAX");
        assertTrue(max.contains("Policy: Feedback[signal=WEIGHT, combine=MAX, "), max);
    }

    @Test
    void trainMakesTheModelsThenReusesThem() throws IOException {
        Path work = tmp.resolve("work");
        String[] args = {"train", "--events", events, "--items", items, "--mapping", mapping, "--work", work.toString(),
                "--dim", "8", "--epochs", "2", "--seq-epochs", "3", "--threads", "2", "--progress", "NONE"};
        String first = run(args);
        assertTrue(first.contains("(0 of 11 artifacts reused)"), first);
        for (String name : List.of("item2vec", "als", "als-users", "item2vec hnsw", "als hnsw", "item-cf", "ctr", "sasrec",
                "sasrec hnsw")) {
            assertTrue(first.lines().anyMatch(l -> l.startsWith("  " + name + " ") && l.contains(" trained ")), name + "\n"
                    + first);
        }
        // the sequence model's line: its loss and its validation NDCG@10 at the epoch it keeps
        assertTrue(first.lines().anyMatch(l -> l.startsWith("  sasrec ") && l.matches(".*loss \\S+ -> \\S+, val NDCG@10 "
                + "0\\.\\d{4} \\(best epoch [1-3] of [1-3]\\).*")), first);
        for (String file : List.of("item2vec.emb", "als.emb", "als-users.emb", "item2vec.hnsw", "als.hnsw",
                "item-cf.nbr", "ctr.ctr", "sasrec.r4js", "sasrec.hnsw")) {
            assertTrue(Files.size(work.resolve(Training.YOUR_DATA_FOLDER).resolve(file)) > 0, file);
        }
        // the CTR ranker: a self-describing artifact, its label and attributes derived from the policy and the
        // catalogue, and its test AUC against popularity's on the held-out time split
        org.recsys4j.core.data.ArtifactInfo info = org.recsys4j.rank.ctr.CtrModel.load(
                work.resolve(Training.YOUR_DATA_FOLDER).resolve("ctr.ctr")).info();
        assertEquals("ctr", info.name());
        assertTrue(info.input("encoders").isPresent(), info.describe());
        assertTrue(first.contains("ctr ranker ctr-lr: LR on "), first);
        assertTrue(first.contains("; label type in [buy, cart]; "), first);
        assertTrue(first.contains("item attributes [category, brand, price, price_band, tags]; favourites [category, "
                + "brand, price_band, tags]"), first);
        java.util.regex.Matcher auc = java.util.regex.Pattern.compile("test AUC (0\\.\\d+), popularity baseline "
                + "(0\\.\\d+)").matcher(first);
        assertTrue(auc.find(), first);
        assertTrue(Double.parseDouble(auc.group(1)) > Double.parseDouble(auc.group(2)), auc.group());
        assertTrue(first.contains("first look: the items most like sku-"), first);
        assertTrue(first.contains("  item2vec: sku-"), first);
        assertTrue(first.contains("  item-cf:  sku-"), first);
        String again = run(args);
        assertTrue(again.contains("(11 of 11 artifacts reused)"), again);
        assertTrue(again.contains(auc.group()), "the reused model reports the AUCs measured when it was trained\n" + again);
        // other ALS settings retrain ALS (and what depends on it) only; no CTR model is asked for: none is made
        String other = run(concat(args, "--als-factors", "4", "--als-lambda", "3", "--als-alpha", "0.5",
                "--als-iterations", "3", "--ctr-model", "NONE"));
        // item2vec, its index, item-CF, the merge weights, SASRec and its index
        assertTrue(other.contains("(6 of 10 artifacts reused)"), other);
        assertTrue(other.contains("ctr ranker: none: no CTR model asked for (--ctr-model NONE)"), other);
        assertTrue(other.lines().anyMatch(l -> l.startsWith("  als ") && l.contains(" trained ")), other);
        // the demo's artifacts are not touched: they would live in the work folder itself
        assertFalse(Files.exists(work.resolve("item2vec.emb")));
    }

    // ------------------------------------------------------------------------------------------------ errors

    /** Runs the CLI, expects status 2 and one stderr line containing {@code expected}; returns that line. */
    private String fails(String expected, String... args) {
        console.out.reset();
        console.err.reset();
        int status = Recsys4jCli.run(args);
        String err = console.err.toString(StandardCharsets.UTF_8);
        List<String> lines = err.lines().toList();
        assertEquals(2, status, String.join(" ", args) + "\nstderr: " + err + "\nstdout: " + console.out);
        assertEquals(1, lines.size(), "one line on stderr for " + String.join(" ", args) + ":\n" + err);
        assertTrue(lines.get(0).startsWith("error: "), err);
        assertTrue(lines.get(0).contains(expected), "expected '" + expected + "' in: " + err);
        return lines.get(0);
    }

    /** Like {@link #fails}, and nothing was done before the check: no output at all. */
    private String failsBeforeAnyWork(String expected, String... args) {
        String line = fails(expected, args);
        assertEquals("", console.out.toString(StandardCharsets.UTF_8), "output before the check of " + String.join(" ", args));
        return line;
    }

    @Test
    void badOptionsAndMappingsFailBeforeAnyWork() throws IOException {
        String work = tmp.resolve("never").toString();
        for (String cmd : new String[] {"train", "evaluate"}) {
            String[] extra = cmd.equals("train") ? new String[] {"--work", work} : new String[0];
            failsBeforeAnyWork("--events needs --items FILE", concat(new String[] {cmd, "--events", events}, extra));
            failsBeforeAnyWork("--items needs --events FILE", concat(new String[] {cmd, "--items", items}, extra));
            failsBeforeAnyWork("--mapping needs --events FILE", concat(new String[] {cmd, "--mapping", mapping}, extra));
            failsBeforeAnyWork("the mapping flags need --events FILE", concat(new String[] {cmd, "--combine", "SUM"}, extra));
            failsBeforeAnyWork("--events " + tmp.resolve("nope.csv") + ": no such file", concat(new String[] {cmd,
                    "--events", tmp.resolve("nope.csv").toString(), "--items", items, "--mapping", mapping}, extra));
            failsBeforeAnyWork("--items " + tmp + ": not a file", concat(new String[] {cmd, "--events", events, "--items",
                    tmp.toString(), "--mapping", mapping}, extra));
            failsBeforeAnyWork("--mapping " + tmp.resolve("m.txt") + ": no such file", concat(new String[] {cmd,
                    "--events", events, "--items", items, "--mapping", tmp.resolve("m.txt").toString()}, extra));
            failsBeforeAnyWork("--user-col is required with --events (the user column), or give the mapping in a file "
                    + "with --mapping FILE", concat(new String[] {cmd, "--events", events, "--items", items}, extra));
            failsBeforeAnyWork("--time-unit seconds2: must be SECONDS (epoch seconds), MILLIS (epoch milliseconds) or "
                    + "ISO_8601", concat(new String[] {cmd, "--events", events, "--items", items, "--mapping", mapping,
                    "--time-unit", "seconds2"}, extra));
            failsBeforeAnyWork("--event-weights view=1,buy=-2: the weight of 'buy' must be a finite number > 0",
                    concat(new String[] {cmd, "--events", events, "--items", items, "--mapping", mapping,
                            "--event-weights", "view=1,buy=-2"}, extra));
            failsBeforeAnyWork("--attribute tags=multi-categorical: a multi-categorical attribute needs separator=S",
                    concat(new String[] {cmd, "--events", events, "--items", items, "--mapping", mapping,
                            "--attribute", "tags=multi-categorical"}, extra));
            failsBeforeAnyWork("--attribute price: must be NAME=TYPE[,options]", concat(new String[] {cmd, "--events",
                    events, "--items", items, "--mapping", mapping, "--attribute", "price"}, extra));
            failsBeforeAnyWork("--combine AVERAGE: must be SUM, MAX, LAST or FIRST", concat(new String[] {cmd, "--events",
                    events, "--items", items, "--mapping", mapping, "--combine", "AVERAGE"}, extra));
            failsBeforeAnyWork("--threshold 3: the events have no value column to compare with the threshold: map it "
                    + "('events.value = COLUMN' in " + mapping + ")", concat(new String[] {cmd, "--events", events,
                    "--items", items, "--mapping", mapping, "--threshold", "3"}, extra));
            failsBeforeAnyWork("--delimiter '  ': must not be blank", concat(new String[] {cmd, "--events", events,
                    "--items", items, "--mapping", mapping, "--delimiter", "  "}, extra));
        }
        failsBeforeAnyWork("--data and --events: train on a MovieLens folder or on your own data (--events, --items), "
                + "not both", "train", "--data", shop.toString(), "--events", events, "--items", items, "--mapping", mapping,
                "--work", work);
        failsBeforeAnyWork("--data and --events: evaluate MovieLens folders (--data) or your own data", "evaluate",
                "--data", shop.toString(), "--events", events, "--items", items, "--mapping", mapping);
        failsBeforeAnyWork("--protocol S: on your own data (--events) only protocol T is evaluated", "evaluate",
                "--events", events, "--items", items, "--mapping", mapping, "--protocol", "T,S");
        failsBeforeAnyWork("--all regenerates the MovieLens leaderboards", "evaluate", "--all", "--events", events,
                "--items", items, "--mapping", mapping);
        failsBeforeAnyWork("--run-anchors runs the numpy anchor on MovieLens ratings and does not take --events",
                "evaluate", "--run-anchors", "--events", events, "--items", items, "--mapping", mapping);
        failsBeforeAnyWork("--dim 100000: must be at most 4096", "train", "--events", events, "--items", items,
                "--mapping", mapping, "--dim", "100000", "--work", work);
        String[] yours = {"train", "--events", events, "--items", items, "--mapping", mapping, "--work", work};
        failsBeforeAnyWork("--als-factors 0: must be in [1, 4096]", concat(yours, "--als-factors", "0"));
        failsBeforeAnyWork("--als-lambda 0.0: must be a number in (0, ", concat(yours, "--als-lambda", "0"));
        failsBeforeAnyWork("--als-alpha -1.0: must be a number in [0, ", concat(yours, "--als-alpha", "-1"));
        failsBeforeAnyWork("--als-iterations 0: must be in [1, 1000]", concat(yours, "--als-iterations", "0"));
        failsBeforeAnyWork("--ctr-model GBDT: must be LR, FM or NONE", concat(yours, "--ctr-model", "GBDT"));
        failsBeforeAnyWork("--ctr-positive-types and --ctr-positive-value: give one label rule, not both",
                concat(yours, "--ctr-positive-types", "buy", "--ctr-positive-value", "3"));
        failsBeforeAnyWork("--ctr-positive-types 'buy,,cart': an empty name", concat(yours, "--ctr-positive-types",
                "buy,,cart"));
        failsBeforeAnyWork("--als-factors, --ctr-model: take effect with your own data (--events FILE --items FILE) "
                + "only", "train", "--data", shop.toString(), "--als-factors", "8", "--ctr-model", "FM", "--work", work);
        assertFalse(Files.exists(Path.of(work)), "no work folder was created");
        // a bad line of the mapping file: the file, the line, the key and the value
        Path bad = Files.writeString(tmp.resolve("bad-mapping.txt"), Files.readString(Path.of(mapping))
                .replace("events.time-unit = ISO_8601", "events.time-unit = ISO"));
        int line = Files.readAllLines(bad).indexOf("events.time-unit = ISO") + 1;
        assertEquals("error: " + bad + ":" + line + ": events.time-unit = ISO: must be SECONDS (epoch seconds), MILLIS "
                + "(epoch milliseconds) or ISO_8601 (2024-03-05T10:15:30Z)", failsBeforeAnyWork("events.time-unit",
                "evaluate", "--events", events, "--items", items, "--mapping", bad.toString()));
        Path typo = Files.writeString(tmp.resolve("typo-mapping.txt"), "events.usr = user_id\n");
        failsBeforeAnyWork(typo + ":1: unknown key 'events.usr'; the keys of events are events.user, ", "evaluate",
                "--events", events, "--items", items, "--mapping", typo.toString());
    }

    @Test
    void aPolicyThatDoesNotFitTheDataSaysWhatToPass() throws IOException {
        String[] noWeights = {"evaluate", "--events", events, "--items", items, "--user-col", "user_id", "--item-col",
                "item_id", "--time-col", "event_time", "--time-unit", "ISO_8601", "--type-col", "event", "--item-id-col",
                "item_id", "--combine", "SUM"};
        String line = fails("the events have types (column 'event': buy (", noWeights);
        assertTrue(line.contains(") and no weights: say what each type is worth with --event-weights buy=W,cart=W,view=W "
                + "(e.g. buy=1,cart=1,view=1 counts every event once"), line);
        // weights on purchases only drop most events: how many, why, and the option that allows it
        line = fails("Feedback dropped ", "evaluate", "--events", events, "--items", items, "--mapping", mapping,
                "--event-weights", "buy=1");
        assertTrue(line.startsWith("error: " + events + ": Feedback dropped "), line);
        assertTrue(line.contains(" of type 'view' have no weight, ") && line.contains("raise --max-dropped (or "
                + "feedback.max-dropped)"), line);
        // ... which the option then allows
        String text = run("evaluate", "--events", events, "--items", items, "--mapping", mapping, "--event-weights",
                "buy=1", "--max-dropped", "0.99", "--threads", "2", "--ease-lambda", "100");
        assertTrue(text.contains("#### Protocol T — shop"), text);
        // a CTR label type or attribute the data does not have: named, with what the data has
        line = fails("positive type 'purchase': the events have no such type (they have buy, cart, view)", "train",
                "--events", events, "--items", items, "--mapping", mapping, "--no-save", "--progress", "NONE", "--dim", "8",
                "--epochs", "1", "--ctr-positive-types", "purchase");
        assertTrue(line.startsWith("error: cannot train on " + events), line);
        line = fails("colour", "train", "--events", events, "--items", items, "--mapping", mapping, "--no-save",
                "--progress", "NONE", "--dim", "8", "--epochs", "1", "--ctr-favourites", "colour");
        // a mapped column the file does not have: the reader names the file, line and header
        line = fails("no column 'ts' (the timestamp column); the header has 'event_time', 'user_id'", "evaluate",
                "--events", events, "--items", items, "--mapping", mapping, "--time-col", "ts");
        assertTrue(line.contains("events.csv"), line);
        // a file of events in another time unit: strict reading names the line and what to use
        Path seconds = Files.writeString(tmp.resolve("seconds.csv"), "user_id,item_id,event_time,event,quantity\n"
                + "u1," + Files.readAllLines(Path.of(items)).get(1).split(",")[0] + ",1700000000,view,1\n");
        line = fails("seconds.csv:2: event_time=1700000000: not an ISO-8601 date-time", "train", "--events",
                seconds.toString(), "--items", items, "--mapping", mapping, "--strict", "--no-save", "--progress", "NONE");
        assertTrue(line.contains("epoch numbers need TimestampUnit.SECONDS or MILLIS"), line);
    }

    @Test
    void aHeaderlessTabSeparatedRatingLogWithNumericIdsByFlags() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ratings"));
        StringBuilder ratings = new StringBuilder();
        for (int u = 1; u <= 30; u++) {
            for (int k = 0; k < 6; k++) {
                int item = 100 + (u * 7 + k * 3) % 20;
                ratings.append(u).append('\t').append(item).append('\t').append(1 + (u + k) % 5).append('\t')
                        .append(1_700_000_000L + 60L * (u * 10 + k)).append('\n');
            }
        }
        StringBuilder catalogue = new StringBuilder();
        for (int i = 100; i < 120; i++) {
            catalogue.append(i).append('\t').append("Item ").append(i).append('\t').append(i % 2 == 0 ? "a" : "b")
                    .append('\n');
        }
        String events = Files.writeString(dir.resolve("ratings.tsv"), ratings).toString();
        String items = Files.writeString(dir.resolve("items.tsv"), catalogue).toString();
        String[] mapping = {"--no-header", "--delimiter", "\\t", "--user-col", "0", "--item-col", "1", "--value-col", "2",
                "--time-col", "3", "--time-unit", "SECONDS", "--user-ids", "NUMERIC", "--item-ids", "NUMERIC",
                "--item-id-col", "0", "--attribute", "title=text,column=1", "--attribute", "kind=categorical,column=2"};
        String text = run(concat(concat(new String[] {"evaluate", "--events", events, "--items", items, "--threads", "2",
                "--ease-lambda", "100"}, mapping), "--threshold", "3", "--combine", "FIRST", "--max-dropped", "0.6"));
        // a value column without a type column: the signal is the rating, kept from 3 up
        assertTrue(text.contains("Policy: Feedback[signal=VALUE, combine=FIRST, threshold=3, maxDroppedFraction=0.6]"), text);
        assertTrue(text.contains("#### Protocol T — ratings"), text);
        // ItemPop, ItemKNN, UserKNN, EASE λ=100, iALS exact and CG, SASRec
        assertEquals(7, hr10(text).size(), text);
        // one event per user: nothing to evaluate, and the message says why
        Path one = Files.writeString(dir.resolve("one.tsv"), "1\t100\t4\t1700000000\n2\t101\t5\t1700000060\n");
        String line = fails("no user has two or more interactions after the feedback policy, so protocol T has nothing "
                + "to evaluate (Feedback kept 2 of 2 events as 2 interactions)", concat(concat(new String[] {"evaluate",
                "--events", one.toString(), "--items", items}, mapping), "--combine", "FIRST"));
        assertTrue(line.startsWith("error: " + one + ": "), line);
        // a policy that keeps nothing trains nothing, and says how many events it dropped and why
        line = fails("Feedback dropped 2 of 2 events (all): 2 below the threshold 6", concat(concat(new String[] {"train", "--events",
                one.toString(), "--items", items, "--no-save", "--progress", "NONE"}, mapping), "--combine", "FIRST",
                "--threshold", "6", "--max-dropped", "1"));
        // ... and interactions without a session of two items leave item2vec nothing to learn
        line = fails(": 2 interactions by 2 users, but no user has two interactions at most 30 minutes apart: item2vec "
                + "learns from such sessions", concat(concat(new String[] {"train", "--events", one.toString(), "--items",
                items, "--no-save", "--progress", "NONE"}, mapping), "--combine", "FIRST"));
        assertTrue(line.startsWith("error: " + one + ": "), line);
    }
}
