package org.recsys4j.examples.cli;

import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadReport;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Your own data as a command read it ({@link EventDataOptions#load}): the raw events, the catalogue, the policy
 * and the interactions it made.
 *
 * @param eventsFile  the events file
 * @param itemsFile   the items file
 * @param mappingFile the mapping file, or null when the mapping came from flags only
 * @param log         the events read (events of unknown items skipped)
 * @param catalog     the catalogue read
 * @param policy      the feedback policy applied
 * @param feedback    the interactions and the policy's report
 * @param reports     the readers' reports: the catalogue's, then the events'
 * @param key         the fingerprint of the data: both files' bytes, the mappings, the policy and the read options
 */
record EventData(Path eventsFile, Path itemsFile, String mappingFile, EventLog log, ItemCatalog catalog, Feedback policy,
                 Feedback.Result feedback, List<LoadReport> reports, String key) {
    /** Returns the interactions the policy made (one per (user, item) pair). */
    Interactions interactions() {
        return feedback.interactions();
    }

    /**
     * Returns the data's name in tables: the events file's folder name, e.g. {@code shop} for
     * {@code /tmp/shop/events.csv}, or the file's name when it has no folder.
     */
    String name() {
        Path dir = eventsFile.toAbsolutePath().normalize().getParent();
        return dir != null && dir.getFileName() != null ? dir.getFileName().toString()
                : String.valueOf(eventsFile.getFileName());
    }

    /** Returns one line: files, sizes, the policy and what reading and the policy kept. */
    String describe() {
        Interactions x = interactions();
        String read = reports.stream().map(LoadReport::oneLine).collect(Collectors.joining("; "));
        return String.format(Locale.ROOT, "%s + %s%s: %,d users, %,d items, %,d events -> %,d interactions; %s; %s; %s",
                eventsFile, itemsFile, mappingFile != null ? " (mapping " + mappingFile + ")" : "", x.numUsers(),
                catalog.size(), log.size(), x.size(), policy, feedback.report().summary(), read);
    }
}
