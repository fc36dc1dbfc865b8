package org.recsys4j.examples.bench;

import java.util.Arrays;

/** The summary statistics the benchmarks report: median, quantile and mean of measured values. */
public final class Stats {
    private Stats() {
    }

    /** Returns the median (the mean of the two middle values for an even count), NaN when empty. */
    public static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Returns the q-quantile by the nearest-rank rule (the ⌈q·n⌉-th smallest value). */
    public static double quantile(double[] a, double q) {
        double[] s = a.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    /** Returns the arithmetic mean, NaN when empty. */
    public static double mean(double[] a) {
        return Arrays.stream(a).average().orElse(Double.NaN);
    }
}
