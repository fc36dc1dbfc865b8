package org.recsys4j.examples.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches the memory of this JVM while steps run, for {@code bench scale}: the heap in use (the
 * {@link java.lang.management.MemoryMXBean} sampled every {@value #SAMPLE_MILLIS} ms, and the heap in use just
 * before every collection, from the collectors' notifications, so that the peak between two samples is not
 * missed) and the resident set size ({@code VmRSS} of {@code /proc/self/status}, sampled). Each open
 * {@link Window} keeps the peaks seen while it is open; windows may overlap (nested steps).
 */
public final class MemoryWatch implements AutoCloseable {
    /** The sampling period in milliseconds. */
    public static final int SAMPLE_MILLIS = 50;

    /** The peaks seen while a window was open. */
    public static final class Window {
        private volatile long heapPeak;
        private volatile long rssPeak;
        private final long cpuAtStart = processCpuNanos();
        private long cpuNanos = -1;
        private boolean open = true;

        synchronized void see(long heap, long rss) {
            if (open) {
                heapPeak = Math.max(heapPeak, heap);
                rssPeak = Math.max(rssPeak, rss);
            }
        }

        /** Closes the window: its peaks stay as they are. */
        public synchronized void close() {
            if (open) {
                cpuNanos = processCpuNanos() - cpuAtStart;
                open = false;
            }
        }

        /** Returns the largest heap in use seen, in bytes. */
        public long heapPeak() {
            return heapPeak;
        }

        /** Returns the largest resident set seen, in bytes (0 where {@code /proc} is not available). */
        public long rssPeak() {
            return rssPeak;
        }

        /** Returns the CPU time of the whole process while the window was open, in seconds (all threads). */
        public synchronized double cpuSeconds() {
            return (open ? processCpuNanos() - cpuAtStart : cpuNanos) / 1e9;
        }
    }

    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
            .map(java.lang.management.MemoryPoolMXBean::getName).collect(java.util.stream.Collectors.toSet());

    private final List<Window> open = new CopyOnWriteArrayList<>();
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** Starts watching: subscribes to the collectors' notifications and starts the sampling thread. */
    public MemoryWatch() {
        NotificationListener gcListener = this::onGc;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(gcListener, null, null);
                unsubscribe.add(() -> {
                    try {
                        e.removeNotificationListener(gcListener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "recsys4j-memory-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Opens a window that keeps the peaks from now until it is closed. */
    public Window open() {
        Window w = new Window();
        open.add(w);
        w.see(heapUsed(), rss());
        return w;
    }

    /** Closes a window and stops updating it. */
    public void close(Window w) {
        w.see(heapUsed(), rss());
        w.close();
        open.remove(w);
    }

    private void sample() {
        long heap = heapUsed();
        long rss = rss();
        for (Window w : open) {
            w.see(heap, rss);
        }
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long before = 0;
        for (java.util.Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (HEAP_POOLS.contains(e.getKey())) {   // not metaspace or the code cache
                before += e.getValue().getUsed();
            }
        }
        long rss = rss();
        for (Window w : open) {
            w.see(before, rss);
        }
    }

    /** Returns the heap in use now, in bytes. */
    public static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Returns the resident set size of this process from {@code /proc/self/status}, in bytes, or 0. */
    public static long rss() {
        return procStatus("VmRSS:");
    }

    /** Returns the peak resident set size of this process ({@code VmHWM}), in bytes, or 0. */
    public static long rssHighWaterMark() {
        return procStatus("VmHWM:");
    }

    private static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    /** Returns the CPU time of this process so far (all threads), in nanoseconds, or 0 if the JVM does not say. */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? Math.max(0, sun.getProcessCpuTime()) : 0;
    }

    /** Stops the sampling thread and unsubscribes from the collectors. */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        unsubscribe.forEach(Runnable::run);
    }
}
