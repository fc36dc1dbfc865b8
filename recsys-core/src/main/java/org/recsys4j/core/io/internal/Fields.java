package org.recsys4j.core.io.internal;

/** Small checks of field text the readers share. Not API (the readers' shared plumbing). */
public final class Fields {
    private Fields() {
    }

    /**
     * Returns true if {@code s} is one or more ASCII digits (what the regular expression {@code \\d+} matches).
     *
     * @param s the text
     * @return whether it is all digits
     */
    public static boolean allDigits(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
