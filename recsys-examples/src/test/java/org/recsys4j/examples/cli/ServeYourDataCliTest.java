package org.recsys4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.examples.ConsoleCapture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve --events FILE --items FILE} end to end in-process: {@code generate shop} writes a shop and its
 * mapping, {@code serve} with the same options as {@code train} trains the models of your data, starts, fetches
 * its home page and stops ({@code --exit-when-ready}); a bad {@code --category} and {@code --category} without
 * {@code --events} are one-line errors with exit status 2.
 */
class ServeYourDataCliTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    @Test
    void serveTakesYourOwnEventsAndItems() {
        Path shop = tmp.resolve("shop");
        assertEquals(0, Recsys4jCli.run(YourDataCliTest.concat(new String[] {"generate", "shop", "--out", shop.toString()},
                YourDataCliTest.SHOP)), console.err.toString(StandardCharsets.UTF_8));
        String[] data = {"--events", shop.resolve("events.csv").toString(), "--items", shop.resolve("items.csv").toString(),
                "--mapping", shop.resolve("mapping.txt").toString(), "--dim", "8", "--epochs", "2", "--seq-epochs", "3",
                "--threads", "2", "--progress", "NONE", "--no-save", "--port", "0"};
        console.out.reset();
        int status = Recsys4jCli.run(YourDataCliTest.concat(YourDataCliTest.concat(new String[] {"serve"}, data),
                "--exit-when-ready"));
        String out = console.out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out + "\n" + console.err);
        assertTrue(out.contains("serving data: 160 items, 400 users, "), out);
        assertTrue(out.contains("pipelines [multi, multi-ials, multi-ctr, emb, sasrec]"), out);
        assertTrue(out.contains("ctr ranker ctr-lr: LR on "), out);
        assertTrue(out.contains("(HTTP 200)"), out);
        assertTrue(out.contains("/api/items/sku-"), out);

        console.err.reset();
        assertEquals(2, Recsys4jCli.run(YourDataCliTest.concat(YourDataCliTest.concat(new String[] {"serve"}, data),
                "--category", "colour", "--exit-when-ready")));
        String err = console.err.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("--category colour") && err.contains("category"), err);

        console.err.reset();
        assertEquals(2, Recsys4jCli.run("serve", "--category", "brand", "--port", "0", "--exit-when-ready"));
        assertTrue(console.err.toString(StandardCharsets.UTF_8).contains("--category: takes effect with your own data"),
                console.err.toString(StandardCharsets.UTF_8));
    }
}
