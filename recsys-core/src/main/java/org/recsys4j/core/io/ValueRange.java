package org.recsys4j.core.io;

/**
 * The values a reader accepts: {@code min + k * step} within {@code [min, max]}, or any value in range
 * when {@code step} is 0 (e.g. MovieLens' half stars: {@code 0.5, 5, 0.5}). Set on
 * {@link LoadOptions.Builder#withValueRange(double, double, double)}.
 *
 * @param min  the lowest accepted value (finite)
 * @param max  the highest accepted value (finite, {@code >= min})
 * @param step the grid the values lie on, or 0 for any value (finite, {@code >= 0})
 */
public record ValueRange(double min, double max, double step) {
    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException naming {@code minValue}, {@code maxValue} or {@code valueStep} when it
     *                                  is not finite, the range is empty or the step negative
     */
    public ValueRange {
        check(min, max, step);
    }

    static void check(double min, double max, double step) {
        if (!Double.isFinite(min)) {
            throw new IllegalArgumentException("minValue: " + min + ", must be finite");
        }
        if (!Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("maxValue: " + max + ", must be finite and >= minValue " + min);
        }
        if (!Double.isFinite(step) || step < 0) {
            throw new IllegalArgumentException("valueStep: " + step + ", must be finite and >= 0");
        }
    }

    /**
     * Returns true if {@code v} is in range and on the step, to within {@code 1e-9} of a step (relative,
     * for large multiples), so that decimal text a double cannot hold exactly, such as {@code 0.3} on a
     * {@code 0.1} grid, is on its grid. NaN is never contained.
     */
    public boolean contains(double v) {
        if (!(v >= min && v <= max)) {
            return false;
        }
        if (step == 0) {
            return true;
        }
        double q = (v - min) / step;
        return Math.abs(q - Math.rint(q)) <= 1e-9 * Math.max(1, Math.abs(q));
    }

    /**
     * Returns why {@code v} is not {@linkplain #contains contained}, for a message after the field name:
     * {@code "outside [0.5, 5.0]"} or {@code "is not 1.0 plus a multiple of 1.0"} (empty if it is contained).
     */
    public String why(double v) {
        if (contains(v)) {
            return "";
        }
        return v >= min && v <= max ? "is not " + fmt(min) + " plus a multiple of " + fmt(step)
                : "outside [" + fmt(min) + ", " + fmt(max) + "]";
    }

    /** Returns a number as in the messages: whole numbers with {@code .0}, others as {@link Double#toString}. */
    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d + ".0" : Double.toString(d);
    }

    /** Returns {@code [min, max]}, with {@code step s} when there is a step. */
    @Override
    public String toString() {
        return "[" + fmt(min) + ", " + fmt(max) + "]" + (step == 0 ? "" : " step " + fmt(step));
    }
}
