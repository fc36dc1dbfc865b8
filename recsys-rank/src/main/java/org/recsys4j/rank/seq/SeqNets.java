package org.recsys4j.rank.seq;

import java.util.Map;

/** Builds the network of a saved architecture from its settings. */
final class SeqNets {
    private SeqNets() {
    }

    static SeqNet create(String architecture, int numItems, Map<String, String> s) {
        switch (architecture) {
            case "sasrec":
                return new SasRecNet(numItems, integer(s, "dim"), integer(s, "maxLength"), integer(s, "blocks"),
                        integer(s, "heads"), real(s, "dropout"));
            case "gru4rec":
                return new Gru4RecNet(numItems, integer(s, "dim"), integer(s, "maxLength"), real(s, "dropout"),
                        bool(s, "tied"));
            default:
                throw new IllegalArgumentException("unknown architecture '" + architecture + "' (sasrec, gru4rec)");
        }
    }

    static int integer(Map<String, String> s, String key) {
        String v = s.get(key);
        if (v == null) {
            throw new IllegalArgumentException("setting " + key + " missing");
        }
        try {
            int x = Integer.parseInt(v);
            if (x < 1 || x > 1 << 16) {
                throw new IllegalArgumentException("setting " + key + ": " + v + ", out of range");
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + ": '" + v + "' is not an integer");
        }
    }

    static boolean bool(Map<String, String> s, String key) {
        String v = s.get(key);
        if (!"true".equals(v) && !"false".equals(v)) {
            throw new IllegalArgumentException("setting " + key + ": '" + v + "', must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    static float real(Map<String, String> s, String key) {
        String v = s.get(key);
        if (v == null) {
            throw new IllegalArgumentException("setting " + key + " missing");
        }
        try {
            float x = Float.parseFloat(v);
            if (!(x >= 0 && x < 1)) {
                throw new IllegalArgumentException("setting " + key + ": " + v + ", must be in [0, 1)");
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + ": '" + v + "' is not a number");
        }
    }
}
