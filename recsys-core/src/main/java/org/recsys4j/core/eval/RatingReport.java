package org.recsys4j.core.eval;

import java.util.Arrays;
import java.util.Locale;

/** RMSE and MAE per fold, and their means (protocol R). Immutable. */
public final class RatingReport {
    private final double[] rmse;
    private final double[] mae;
    private final int[] testSizes;
    private final double seconds;

    RatingReport(double[] rmse, double[] mae, int[] testSizes, double seconds) {
        this.rmse = rmse;
        this.mae = mae;
        this.testSizes = testSizes;
        this.seconds = seconds;
    }

    /** Returns the number of folds. */
    public int folds() {
        return rmse.length;
    }

    /** Returns the RMSE of fold {@code f}. */
    public double rmse(int f) {
        return rmse[f];
    }

    /** Returns the MAE of fold {@code f}. */
    public double mae(int f) {
        return mae[f];
    }

    /** Returns the number of test ratings of fold {@code f}. */
    public int testSize(int f) {
        return testSizes[f];
    }

    /** Returns the mean of the per-fold RMSEs. */
    public double meanRmse() {
        return Arrays.stream(rmse).average().orElse(Double.NaN);
    }

    /** Returns the mean of the per-fold MAEs. */
    public double meanMae() {
        return Arrays.stream(mae).average().orElse(Double.NaN);
    }

    /** Returns the wall-clock seconds of fitting and scoring all folds. */
    public double seconds() {
        return seconds;
    }

    /** Returns one line with the means and the per-fold figures. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "protocol R: RMSE %.4f, MAE %.4f over %d folds (",
                meanRmse(), meanMae(), folds()));
        for (int f = 0; f < folds(); f++) {
            sb.append(f == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%.4f/%.4f", rmse[f], mae[f]));
        }
        return sb.append(String.format(Locale.ROOT, "), %.2f s", seconds)).toString();
    }
}
